package fr.iloe.tracker.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A run of whole calendar days in Europe/Paris (domain.md B3), from {@code first} to {@code last} inclusive,
 * with its label as the API shows it: {@code 2026}, {@code 2026-Q1}, {@code 2026-03}, {@code 2026-03-14}, or
 * {@code 2026-03-01..2026-03-31} for a free range.
 */
public record Period(String label, LocalDate first, LocalDate last) {
  /** The time zone of every calendar period of the service. */
  public static final ZoneId ZONE = ZoneId.of("Europe/Paris");

  private static final Pattern YEAR = Pattern.compile("(\\d{4})");
  private static final Pattern QUARTER = Pattern.compile("(\\d{4})-Q([1-4])");
  private static final Pattern MONTH = Pattern.compile("(\\d{4})-(\\d{2})");
  private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  public Period {
    if (last.isBefore(first)) {
      throw new IllegalArgumentException("a period cannot end before it starts");
    }
  }

  /** Reads {@code 2026}, {@code 2026-Q1}, {@code 2026-03} or {@code 2026-03-14}; empty when it is none of them. */
  public static Optional<Period> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      Matcher m;
      if ((m = YEAR.matcher(text)).matches()) {
        int y = Integer.parseInt(m.group(1));
        return Optional.of(new Period(text, LocalDate.of(y, 1, 1), LocalDate.of(y, 12, 31)));
      }
      if ((m = QUARTER.matcher(text)).matches()) {
        int y = Integer.parseInt(m.group(1));
        int q = Integer.parseInt(m.group(2));
        LocalDate first = LocalDate.of(y, 3 * q - 2, 1);
        return Optional.of(new Period(text, first, first.plusMonths(3).minusDays(1)));
      }
      if ((m = MONTH.matcher(text)).matches()) {
        YearMonth ym = YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        return Optional.of(new Period(text, ym.atDay(1), ym.atEndOfMonth()));
      }
      if (DAY.matcher(text).matches()) {
        LocalDate d = LocalDate.parse(text);
        return Optional.of(new Period(text, d, d));
      }
    } catch (java.time.DateTimeException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** The days from {@code first} to {@code last} inclusive. */
  public static Period between(LocalDate first, LocalDate last) {
    return new Period(first + ".." + last, first, last);
  }

  /** The first instant of the period. */
  public Instant start() {
    return first.atStartOfDay(ZONE).toInstant();
  }

  /** The first instant after the period. */
  public Instant end() {
    return last.plusDays(1).atStartOfDay(ZONE).toInstant();
  }

  public boolean contains(Instant t) {
    return !t.isBefore(start()) && t.isBefore(end());
  }
}
