package fr.iloe.tracker.domain;

import java.util.Locale;

/**
 * The role of a weighing in its ticket: {@code first} opens it, {@code second} closes it, {@code single}
 * does both with the vehicle's stored tare.
 */
public enum Seq {
  FIRST,
  SECOND,
  SINGLE;

  public boolean opens() {
    return this != SECOND;
  }

  public boolean closes() {
    return this != FIRST;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Seq fromWire(String s) {
    return switch (s) {
      case "first" -> FIRST;
      case "second" -> SECOND;
      case "single" -> SINGLE;
      default -> throw new IllegalArgumentException("unknown seq " + s);
    };
  }
}
