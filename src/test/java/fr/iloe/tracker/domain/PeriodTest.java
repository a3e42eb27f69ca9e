package fr.iloe.tracker.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Period: calendar periods in Europe/Paris")
class PeriodTest {

  private static Period parse(String text) {
    return Period.parse(text).orElseThrow(() -> new AssertionError("should parse: " + text));
  }

  @ParameterizedTest(name = "''{0}'' = {1} .. {2}")
  @CsvSource({
      "2026,       2026-01-01, 2026-12-31",
      "2028,       2028-01-01, 2028-12-31",
      "2026-Q1,    2026-01-01, 2026-03-31",
      "2026-Q2,    2026-04-01, 2026-06-30",
      "2026-Q3,    2026-07-01, 2026-09-30",
      "2026-Q4,    2026-10-01, 2026-12-31",
      "2026-01,    2026-01-01, 2026-01-31",
      "2026-02,    2026-02-01, 2026-02-28",
      "2028-02,    2028-02-01, 2028-02-29",
      "2000-02,    2000-02-01, 2000-02-29",
      "2100-02,    2100-02-01, 2100-02-28",
      "2026-04,    2026-04-01, 2026-04-30",
      "2026-12,    2026-12-01, 2026-12-31",
      "2026-03-14, 2026-03-14, 2026-03-14",
      "2028-02-29, 2028-02-29, 2028-02-29",
  })
  @DisplayName("a year, quarter, month or day is read as its first and last calendar days, keeping its label")
  void parses(String text, LocalDate first, LocalDate last) {
    Period p = parse(text);
    assertEquals(text, p.label());
    assertEquals(first, p.first());
    assertEquals(last, p.last());
  }

  @ParameterizedTest(name = "''{0}'' is not a period")
  @ValueSource(strings = {"26", "20266", "2026-Q0", "2026-Q5", "2026-q1", "2026-00", "2026-13", "2026-3",
      "2026-02-29", "2026-02-30", "2026-04-31", "2026/03", "2026-03-14T00:00", " 2026", "2026 ", "2026-W10",
      "2026-03-1", "last-month", "2026..2027"})
  @DisplayName("anything else, including impossible months and days, is refused")
  void garbage(String text) {
    assertEquals(Optional.empty(), Period.parse(text));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @DisplayName("null and empty texts are not periods")
  void nullAndEmpty(String text) {
    assertEquals(Optional.empty(), Period.parse(text));
  }

  @Test
  @DisplayName("a winter day starts at 23:00 UTC the day before and lasts 24 hours")
  void winterDay() {
    Period p = parse("2026-03-14");
    assertEquals(Instant.parse("2026-03-13T23:00:00Z"), p.start());
    assertEquals(Instant.parse("2026-03-14T23:00:00Z"), p.end());
  }

  @Test
  @DisplayName("the day clocks go forward (2026-03-29) is 23 hours long")
  void springForward() {
    Period p = parse("2026-03-29");
    assertEquals(Instant.parse("2026-03-28T23:00:00Z"), p.start());
    assertEquals(Instant.parse("2026-03-29T22:00:00Z"), p.end());
    assertEquals(Duration.ofHours(23), Duration.between(p.start(), p.end()));
  }

  @Test
  @DisplayName("the day clocks go back (2026-10-25) is 25 hours long")
  void fallBack() {
    Period p = parse("2026-10-25");
    assertEquals(Instant.parse("2026-10-24T22:00:00Z"), p.start());
    assertEquals(Instant.parse("2026-10-25T23:00:00Z"), p.end());
    assertEquals(Duration.ofHours(25), Duration.between(p.start(), p.end()));
  }

  @Test
  @DisplayName("March 2026 starts in winter time and ends in summer time: 31 days minus one hour")
  void marchAcrossDst() {
    Period p = parse("2026-03");
    assertEquals(Instant.parse("2026-02-28T23:00:00Z"), p.start());
    assertEquals(Instant.parse("2026-03-31T22:00:00Z"), p.end());
    assertEquals(Duration.ofDays(31).minusHours(1), Duration.between(p.start(), p.end()));
  }

  @Test
  @DisplayName("a year runs from midnight Paris time on 1 January to midnight on the next 1 January")
  void year() {
    Period p = parse("2026");
    assertEquals(Instant.parse("2025-12-31T23:00:00Z"), p.start());
    assertEquals(Instant.parse("2026-12-31T23:00:00Z"), p.end());
  }

  @Test
  @DisplayName("a quarter ends at midnight Paris time after its last day, in summer time for Q1")
  void quarter() {
    Period p = parse("2026-Q1");
    assertEquals(Instant.parse("2025-12-31T23:00:00Z"), p.start());
    assertEquals(Instant.parse("2026-03-31T22:00:00Z"), p.end());
  }

  @Test
  @DisplayName("a period contains its start and not its end")
  void contains() {
    Period p = parse("2026-03-29");
    assertTrue(p.contains(p.start()));
    assertTrue(p.contains(p.end().minusNanos(1)));
    assertFalse(p.contains(p.end()));
    assertFalse(p.contains(p.start().minusNanos(1)));
    // 23:30 Paris time on 28 March is still the 28th
    assertFalse(p.contains(Instant.parse("2026-03-28T22:30:00Z")));
    // 00:30 Paris time (CET) on 29 March is the 29th
    assertTrue(p.contains(Instant.parse("2026-03-28T23:30:00Z")));
  }

  @Test
  @DisplayName("a free range is labelled first..last and cannot end before it starts")
  void between() {
    Period p = Period.between(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31));
    assertEquals("2026-03-01..2026-03-31", p.label());
    assertEquals(parse("2026-03").start(), p.start());
    assertEquals(parse("2026-03").end(), p.end());
    assertEquals("2026-03-14..2026-03-14", Period.between(LocalDate.of(2026, 3, 14), LocalDate.of(2026, 3, 14)).label());
    assertThrows(IllegalArgumentException.class,
        () -> Period.between(LocalDate.of(2026, 3, 31), LocalDate.of(2026, 3, 1)));
  }
}
