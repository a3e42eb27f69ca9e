package fr.iloe.tracker.domain;

/**
 * A place where bulky waste waits for collection, usually on a social-housing estate, identified within its
 * site. {@code insee} is its commune's INSEE code; {@code capacityL} may be null when unknown.
 */
public record CollectionPoint(String id, String name, String insee, Long capacityL, Integer expectedIntervalHours) {
  /** A point that gives no expected reporting interval is expected to report at least every six hours. */
  public static final int DEFAULT_EXPECTED_INTERVAL_HOURS = 6;

  public int expectedIntervalHoursOrDefault() {
    return expectedIntervalHours == null ? DEFAULT_EXPECTED_INTERVAL_HOURS : expectedIntervalHours;
  }
}
