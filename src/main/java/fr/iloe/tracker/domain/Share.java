package fr.iloe.tracker.domain;

/** One partner's part of an allocation rule, in basis points (10,000 = the whole). */
public record Share(String partner, int bp) {
  public static final int WHOLE = 10_000;
}
