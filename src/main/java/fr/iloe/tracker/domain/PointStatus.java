package fr.iloe.tracker.domain;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * Where a collection point stands now: its fill level (the latest fill reading, or 0 once a later pickup
 * emptied it), when it last reported, whether it is silent (no reading for longer than its expected interval,
 * or never) and whether it is to collect (fill at or above the threshold).
 */
public record PointStatus(
    String site,
    CollectionPoint point,
    BigDecimal fillPercent,
    Instant lastReadingAt,
    Instant lastFillAt,
    Instant lastPickupAt,
    boolean silent,
    boolean toCollect) {

  /** The latest readings of a point, as stored. */
  public record Latest(Instant fillAt, BigDecimal fillPercent, Instant pickupAt) {
    public static final Latest NONE = new Latest(null, null, null);

    public Instant readingAt() {
      if (fillAt == null) {
        return pickupAt;
      }
      return pickupAt == null || fillAt.isAfter(pickupAt) ? fillAt : pickupAt;
    }
  }

  public static PointStatus of(String site, CollectionPoint point, Latest latest, Instant now, BigDecimal fullPercent) {
    BigDecimal fill = latest.fillPercent();
    if (latest.pickupAt() != null && (latest.fillAt() == null || latest.pickupAt().isAfter(latest.fillAt()))) {
      fill = BigDecimal.ZERO;
    }
    Instant last = latest.readingAt();
    boolean silent = last == null || Duration.between(last, now).compareTo(Duration.ofHours(point.expectedIntervalHoursOrDefault())) > 0;
    boolean toCollect = fill != null && fill.compareTo(fullPercent) >= 0;
    return new PointStatus(site, point, fill, last, latest.fillAt(), latest.pickupAt(), silent, toCollect);
  }

  /** Seconds since the last reading, or null when the point never reported. */
  public Long secondsSinceLastReading(Instant now) {
    return lastReadingAt == null ? null : Math.max(0, Duration.between(lastReadingAt, now).toSeconds());
  }
}
