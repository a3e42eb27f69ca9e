package fr.iloe.tracker.domain;

import java.time.Instant;

/** A vehicle's preset tare (domain.md A5): usable for a single-pass weighing made before {@code validUntil}. */
public record StoredTare(String plate, long kg, Instant validUntil) {
  public boolean validAt(Instant at) {
    return at.isBefore(validUntil);
  }
}
