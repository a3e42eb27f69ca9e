package fr.iloe.tracker.domain;

/**
 * A class III non-automatic weighing instrument (domain.md A5): every reading is a multiple of its division
 * {@code e}, and a legal weighing lies between its minimum load, 20 e, and its maximum capacity.
 */
public record Weighbridge(String id, long divisionKg, long maxKg) {
  /** Minimum capacity of a class III instrument: 20 divisions. */
  public static final int MIN_DIVISIONS = 20;

  public long minKg() {
    return MIN_DIVISIONS * divisionKg;
  }
}
