package fr.iloe.tracker.domain;

import static fr.iloe.tracker.domain.Fixtures.POINT;
import static fr.iloe.tracker.domain.Fixtures.SITE;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("PointStatus: where a collection point stands now")
class PointStatusTest {
  /** The point of the fixtures: no expected interval, so the default six hours. */
  private static final CollectionPoint DEFAULT_POINT = Fixtures.site().point(POINT).orElseThrow();
  /** A point expected to report at least every two hours. */
  private static final CollectionPoint TWO_HOUR_POINT =
      new CollectionPoint("cp-002", "Résidence des Acacias", "69259", 20_000L, 2);
  private static final BigDecimal THRESHOLD = new BigDecimal("80");
  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

  private static PointStatus status(CollectionPoint point, PointStatus.Latest latest, Instant now) {
    return PointStatus.of(SITE, point, latest, now, THRESHOLD);
  }

  private static PointStatus status(PointStatus.Latest latest) {
    return status(DEFAULT_POINT, latest, NOW);
  }

  private static PointStatus.Latest fillAt(Instant at, String percent) {
    return new PointStatus.Latest(at, new BigDecimal(percent), null);
  }

  private static void assertDecimal(String expected, BigDecimal actual) {
    assertTrue(actual != null && new BigDecimal(expected).compareTo(actual) == 0,
        () -> "expected " + expected + " but was " + actual);
  }

  @Nested
  @DisplayName("fill level and to-collect flag")
  class FillLevel {
    @Test
    @DisplayName("a point that never reported is silent, with no fill level, no times and nothing to collect")
    void neverReported() {
      PointStatus s = status(PointStatus.Latest.NONE);
      assertAll(
          () -> assertEquals(SITE, s.site()),
          () -> assertEquals(DEFAULT_POINT, s.point()),
          () -> assertNull(s.fillPercent()),
          () -> assertNull(s.lastReadingAt()),
          () -> assertNull(s.lastFillAt()),
          () -> assertNull(s.lastPickupAt()),
          () -> assertTrue(s.silent()),
          () -> assertFalse(s.toCollect()),
          () -> assertNull(s.secondsSinceLastReading(NOW)));
    }

    @Test
    @DisplayName("a fill of 85 % against a threshold of 80 % is to collect")
    void aboveThreshold() {
      Instant at = NOW.minus(Duration.ofMinutes(30));
      PointStatus s = status(fillAt(at, "85"));
      assertAll(
          () -> assertDecimal("85", s.fillPercent()),
          () -> assertTrue(s.toCollect()),
          () -> assertFalse(s.silent()),
          () -> assertEquals(at, s.lastReadingAt()),
          () -> assertEquals(at, s.lastFillAt()),
          () -> assertNull(s.lastPickupAt()));
    }

    @ParameterizedTest(name = "{0} % against 80 %: to collect = {1}")
    @CsvSource({"80, true", "80.0, true", "79.9, false", "100, true", "0, false"})
    @DisplayName("a fill exactly at the threshold is to collect, one tenth below is not")
    void atThreshold(String percent, boolean toCollect) {
      assertEquals(toCollect, status(fillAt(NOW.minusSeconds(60), percent)).toCollect());
    }

    @Test
    @DisplayName("a pickup after an 85 % fill empties the point: fill 0, not to collect, last reading the pickup")
    void laterPickupEmpties() {
      Instant fill = NOW.minus(Duration.ofHours(2));
      Instant pickup = NOW.minus(Duration.ofHours(1));
      PointStatus s = status(new PointStatus.Latest(fill, new BigDecimal("85"), pickup));
      assertAll(
          () -> assertDecimal("0", s.fillPercent()),
          () -> assertFalse(s.toCollect()),
          () -> assertEquals(pickup, s.lastReadingAt()),
          () -> assertEquals(fill, s.lastFillAt()),
          () -> assertEquals(pickup, s.lastPickupAt()));
    }

    @Test
    @DisplayName("a pickup one second after the fill already empties the point")
    void pickupJustAfter() {
      Instant fill = NOW.minus(Duration.ofHours(1));
      PointStatus s = status(new PointStatus.Latest(fill, new BigDecimal("95.5"), fill.plusSeconds(1)));
      assertDecimal("0", s.fillPercent());
      assertFalse(s.toCollect());
    }

    @Test
    @DisplayName("a pickup before the latest 85 % fill does not reset it: still 85 % and to collect")
    void earlierPickupDoesNotReset() {
      Instant pickup = NOW.minus(Duration.ofHours(2));
      Instant fill = NOW.minus(Duration.ofHours(1));
      PointStatus s = status(new PointStatus.Latest(fill, new BigDecimal("85"), pickup));
      assertAll(
          () -> assertDecimal("85", s.fillPercent()),
          () -> assertTrue(s.toCollect()),
          () -> assertEquals(fill, s.lastReadingAt()),
          () -> assertEquals(fill, s.lastFillAt()),
          () -> assertEquals(pickup, s.lastPickupAt()));
    }

    @Test
    @DisplayName("a point with only a pickup is at 0 %, not to collect, and reported at the pickup")
    void onlyPickup() {
      Instant pickup = NOW.minus(Duration.ofHours(1));
      PointStatus s = status(new PointStatus.Latest(null, null, pickup));
      assertAll(
          () -> assertDecimal("0", s.fillPercent()),
          () -> assertFalse(s.toCollect()),
          () -> assertFalse(s.silent()),
          () -> assertEquals(pickup, s.lastReadingAt()),
          () -> assertNull(s.lastFillAt()));
    }
  }

  @Nested
  @DisplayName("silence")
  class Silence {
    @Test
    @DisplayName("the fixtures' point gives no interval: the default is six hours")
    void defaultInterval() {
      assertNull(DEFAULT_POINT.expectedIntervalHours());
      assertEquals(6, DEFAULT_POINT.expectedIntervalHoursOrDefault());
      assertEquals(2, TWO_HOUR_POINT.expectedIntervalHoursOrDefault());
    }

    @Test
    @DisplayName("default 6 h: a last reading exactly six hours ago is not silent, six hours and a second is")
    void defaultBoundary() {
      Instant last = NOW.minus(Duration.ofHours(6));
      assertFalse(status(DEFAULT_POINT, fillAt(last, "40"), NOW).silent());
      assertTrue(status(DEFAULT_POINT, fillAt(last, "40"), NOW.plusSeconds(1)).silent());
      assertTrue(status(DEFAULT_POINT, fillAt(last, "40"), NOW.plusNanos(1)).silent());
    }

    @Test
    @DisplayName("a 2 h point: exactly two hours is not silent, two hours and a second is")
    void pointIntervalBoundary() {
      Instant last = NOW.minus(Duration.ofHours(2));
      assertFalse(status(TWO_HOUR_POINT, fillAt(last, "40"), NOW).silent());
      assertTrue(status(TWO_HOUR_POINT, fillAt(last, "40"), NOW.plusSeconds(1)).silent());
    }

    @Test
    @DisplayName("three hours without reading: silent for a 2 h point, not for a 6 h one")
    void intervalIsThePoints() {
      PointStatus.Latest latest = fillAt(NOW.minus(Duration.ofHours(3)), "40");
      assertTrue(status(TWO_HOUR_POINT, latest, NOW).silent());
      assertFalse(status(DEFAULT_POINT, latest, NOW).silent());
    }

    @Test
    @DisplayName("silence counts from the latest reading of either kind: a recent pickup after an old fill")
    void latestOfEitherKind() {
      Instant oldFill = NOW.minus(Duration.ofHours(10));
      Instant pickup = NOW.minus(Duration.ofHours(1));
      assertFalse(status(new PointStatus.Latest(oldFill, new BigDecimal("85"), pickup)).silent());
      assertTrue(status(new PointStatus.Latest(oldFill, new BigDecimal("85"), null)).silent());
    }

    @Test
    @DisplayName("a silent point keeps its last fill level and to-collect flag")
    void silentKeepsFill() {
      PointStatus s = status(fillAt(NOW.minus(Duration.ofDays(2)), "90"));
      assertTrue(s.silent());
      assertDecimal("90", s.fillPercent());
      assertTrue(s.toCollect());
    }

    @Test
    @DisplayName("a reading slightly ahead of the clock (skew) is not silent")
    void readingAhead() {
      assertFalse(status(fillAt(NOW.plusSeconds(120), "40")).silent());
    }
  }

  @Nested
  @DisplayName("secondsSinceLastReading")
  class Seconds {
    @Test
    @DisplayName("whole seconds since the latest reading: 1 h 2 min 3.9 s ago is 3,723 s")
    void wholeSeconds() {
      Instant last = NOW.minus(Duration.ofSeconds(3_723, 900_000_000));
      assertEquals(3_723L, status(fillAt(last, "40")).secondsSinceLastReading(NOW));
    }

    @Test
    @DisplayName("counted from the pickup when it is the latest reading")
    void fromPickup() {
      PointStatus s = status(new PointStatus.Latest(NOW.minusSeconds(600), new BigDecimal("85"), NOW.minusSeconds(60)));
      assertEquals(60L, s.secondsSinceLastReading(NOW));
    }

    @Test
    @DisplayName("measured at the instant asked for, not at the status's own clock")
    void atGivenInstant() {
      PointStatus s = status(fillAt(NOW.minusSeconds(60), "40"));
      assertEquals(0L, s.secondsSinceLastReading(NOW.minusSeconds(60)));
      assertEquals(3_660L, s.secondsSinceLastReading(NOW.plusSeconds(3_600)));
    }

    @Test
    @DisplayName("a reading ahead of the clock counts as 0 s, never negative")
    void neverNegative() {
      assertEquals(0L, status(fillAt(NOW.plusSeconds(120), "40")).secondsSinceLastReading(NOW));
    }

    @Test
    @DisplayName("null when the point never reported")
    void never() {
      assertNull(status(PointStatus.Latest.NONE).secondsSinceLastReading(NOW));
    }
  }
}
