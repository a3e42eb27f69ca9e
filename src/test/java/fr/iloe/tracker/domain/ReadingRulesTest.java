package fr.iloe.tracker.domain;

import static fr.iloe.tracker.domain.Fixtures.NOW;
import static fr.iloe.tracker.domain.Fixtures.PLATE;
import static fr.iloe.tracker.domain.Fixtures.POINT;
import static fr.iloe.tracker.domain.Fixtures.SITE;
import static fr.iloe.tracker.domain.Fixtures.fields;
import static fr.iloe.tracker.domain.Fixtures.invalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("ReadingRules: what one collection-point reading must meet")
class ReadingRulesTest {
  private static final ReferenceData REF = Fixtures.reference();
  private static final Duration SKEW = Duration.ofMinutes(5);
  private static final ReadingRules RULES = new ReadingRules(SKEW);
  /** 2026-11-28T09:00:00+01:00, twenty minutes before NOW. */
  private static final Instant READ_AT = Instant.parse("2026-11-28T08:00:00Z");

  /** The fill reading of interface.md: 72 %, 11.5 °C. */
  private static Reading fill(String fillPercent, String temperatureC) {
    return new Reading("cp-001-20261128T0800Z", SITE, POINT, READ_AT, Reading.Kind.FILL,
        fillPercent == null ? null : new BigDecimal(fillPercent), temperatureC == null ? null : new BigDecimal(temperatureC),
        null, null, null);
  }

  /** The pickup reading of interface.md: AB-123-CD, 350 kg estimated, 12 items. */
  private static Reading pickup(String plate, Long estimatedKg, Long items) {
    return new Reading("cp-001-pickup-881", SITE, POINT, READ_AT, Reading.Kind.PICKUP, null, null, plate, estimatedKg,
        items);
  }

  private static Reading with(Reading r, String site, String point, Instant at) {
    return new Reading(r.key(), site, point, at, r.kind(), r.fillPercent(), r.temperatureC(), r.plate(),
        r.estimatedKg(), r.items());
  }

  private static Reading admit(Reading r) {
    return RULES.admit(r, REF, NOW, Set.of(), List.of());
  }

  private static List<FieldError> errorsOf(Reading r) {
    return invalid(() -> admit(r)).errors();
  }

  /** Asserts that admitting {@code r} fails with exactly one error, on {@code field}, and answers its message. */
  private static String onlyError(Reading r, String field) {
    List<FieldError> errors = errorsOf(r);
    assertEquals(List.of(field), fields(errors), () -> "errors: " + errors);
    return errors.get(0).message();
  }

  private static void assertContains(String message, String... fragments) {
    for (String f : fragments) {
      assertTrue(message.contains(f), () -> "'" + message + "' should contain '" + f + "'");
    }
  }

  @Nested
  @DisplayName("fill readings")
  class Fill {
    @ParameterizedTest(name = "{0} % is accepted and stored as {1}")
    @CsvSource({
        "0,     0.0",
        "100,   100.0",
        "72.5,  72.5",
        "72,    72.0",
        "0.0,   0.0",
        "100.0, 100.0",
        "72.50, 72.5",
        "1E+2,  100.0",
    })
    @DisplayName("fill levels from 0 to 100 % with at most one significant decimal are normalised to one decimal")
    void accepted(String given, String stored) {
      Reading admitted = admit(fill(given, "11.5"));
      assertEquals(stored, admitted.fillPercent().toPlainString());
      assertEquals(1, admitted.fillPercent().scale());
    }

    @ParameterizedTest(name = "{0} % is refused: {1}")
    @CsvSource(delimiter = '|', value = {
        "100.1  | must be between 0 and 100",
        "101    | must be between 0 and 100",
        "-0.1   | must be between 0 and 100",
        "-1     | must be between 0 and 100",
        "72.55  | must have at most one decimal",
        "0.05   | must have at most one decimal",
    })
    @DisplayName("fill levels below 0, above 100 or with two decimals are refused on fillPercent")
    void refused(String given, String message) {
      assertEquals(message, onlyError(fill(given, "11.5"), "fillPercent"));
    }

    @Test
    @DisplayName("100.05 % is both out of range and too precise: two errors on fillPercent")
    void outOfRangeAndTooPrecise() {
      assertEquals(List.of(new FieldError("fillPercent", "must be between 0 and 100"),
          new FieldError("fillPercent", "must have at most one decimal")), errorsOf(fill("100.05", null)));
    }

    @Test
    @DisplayName("a fill reading without fillPercent is refused")
    void fillPercentRequired() {
      assertEquals("is required", onlyError(fill(null, "11.5"), "fillPercent"));
    }

    @Test
    @DisplayName("the interface example (72 %, 11.5 °C) is admitted with 72.0 and 11.5, nothing else changed")
    void example() {
      Reading admitted = admit(fill("72", "11.5"));
      assertEquals(new Reading("cp-001-20261128T0800Z", SITE, POINT, READ_AT, Reading.Kind.FILL, new BigDecimal("72.0"),
          new BigDecimal("11.5"), null, null, null), admitted);
    }

    @Test
    @DisplayName("temperature is optional on a fill reading")
    void temperatureOptional() {
      assertNull(admit(fill("72.5", null)).temperatureC());
    }

    @ParameterizedTest(name = "{0} °C is accepted and stored as {1}")
    @CsvSource({
        "-50,   -50.0",
        "-50.0, -50.0",
        "80,    80.0",
        "80.0,  80.0",
        "0,     0.0",
        "11.5,  11.5",
        "-7.3,  -7.3",
        "11.50, 11.5",
    })
    @DisplayName("temperatures from -50 to 80 °C with at most one decimal are accepted and normalised to one decimal")
    void temperatureAccepted(String given, String stored) {
      assertEquals(stored, admit(fill("72", given)).temperatureC().toPlainString());
    }

    @ParameterizedTest(name = "{0} °C is refused: {1}")
    @CsvSource(delimiter = '|', value = {
        "-50.1 | must be between -50 and 80 °C",
        "-51   | must be between -50 and 80 °C",
        "80.1  | must be between -50 and 80 °C",
        "200   | must be between -50 and 80 °C",
        "11.55 | must have at most one decimal",
        "-0.01 | must have at most one decimal",
    })
    @DisplayName("temperatures below -50, above 80 or with two decimals are refused on temperatureC")
    void temperatureRefused(String given, String message) {
      assertEquals(message, onlyError(fill("72", given), "temperatureC"));
    }

    @Test
    @DisplayName("a fill reading carrying plate, estimatedKg and items is refused on each of the three")
    void pickupFieldsRefused() {
      Reading r = new Reading("k", SITE, POINT, READ_AT, Reading.Kind.FILL, new BigDecimal("72"), null, PLATE, 350L, 12L);
      List<FieldError> errors = errorsOf(r);
      assertEquals(List.of(
          new FieldError("plate", "is not part of a fill reading"),
          new FieldError("estimatedKg", "is not part of a fill reading"),
          new FieldError("items", "is not part of a fill reading")), errors);
    }

    @ParameterizedTest(name = "a fill with only {0} is refused on it")
    @ValueSource(strings = {"plate", "estimatedKg", "items"})
    @DisplayName("each pickup field alone is refused on a fill reading")
    void onePickupFieldRefused(String field) {
      Reading r = new Reading("k", SITE, POINT, READ_AT, Reading.Kind.FILL, new BigDecimal("72"), null,
          field.equals("plate") ? PLATE : null, field.equals("estimatedKg") ? 350L : null,
          field.equals("items") ? 0L : null);
      assertEquals("is not part of a fill reading", onlyError(r, field));
    }
  }

  @Nested
  @DisplayName("pickup readings")
  class Pickup {
    @Test
    @DisplayName("the interface example (AB-123-CD, 350 kg, 12 items) is admitted unchanged")
    void example() {
      Reading r = pickup(PLATE, 350L, 12L);
      assertEquals(r, admit(r));
    }

    @Test
    @DisplayName("the plate is stored upper case with its outer spaces trimmed")
    void plateDisplayed() {
      assertEquals("AB-123-CD", admit(pickup("  ab-123-cd ", 350L, 12L)).plate());
      assertEquals("AB 123 CD", admit(pickup("ab 123 cd", 350L, 12L)).plate());
    }

    @Test
    @DisplayName("a pickup without plate is refused on plate")
    void plateRequired() {
      assertEquals("is required", onlyError(pickup(null, 350L, 12L), "plate"));
    }

    @ParameterizedTest(name = "plate ''{0}'' is refused")
    @ValueSource(strings = {"", "   ", "A", "AB_123_CD", "AB.123.CD", "-AB123", "AB123-", "ÉT-123-AB",
        "ABCDEFGHIJKLMNOPQRSTU"})
    @DisplayName("plates that are not 2 to 20 letters, digits, spaces or hyphens (starting and ending alphanumeric) are refused")
    void plateFormatRefused(String plate) {
      assertEquals("must be 2 to 20 letters, digits, spaces or hyphens", onlyError(pickup(plate, 350L, 12L), "plate"));
    }

    @ParameterizedTest(name = "plate ''{0}'' is accepted")
    @ValueSource(strings = {"AB", "AB-123-CD", "1234 AB 69", "ABCDEFGHIJKLMNOPQRST"})
    @DisplayName("plates of 2 to 20 letters, digits, spaces or hyphens are accepted")
    void plateFormatAccepted(String plate) {
      assertEquals(plate, admit(pickup(plate, 350L, 12L)).plate());
    }

    @Test
    @DisplayName("a pickup without estimatedKg is refused on estimatedKg")
    void estimateRequired() {
      assertEquals("is required", onlyError(pickup(PLATE, null, 12L), "estimatedKg"));
    }

    @ParameterizedTest(name = "{0} kg is refused")
    @ValueSource(longs = {0, -1, -350, 30_001, 1_000_000})
    @DisplayName("estimates of 0 or less, or above 30,000 kg, are refused")
    void estimateRefused(long kg) {
      assertEquals("must be between 1 and 30000 kilograms", onlyError(pickup(PLATE, kg, 12L), "estimatedKg"));
    }

    @ParameterizedTest(name = "{0} kg is accepted")
    @ValueSource(longs = {1, 350, 30_000})
    @DisplayName("estimates from 1 to 30,000 kg are accepted")
    void estimateAccepted(long kg) {
      assertEquals(kg, admit(pickup(PLATE, kg, 12L)).estimatedKg());
    }

    @ParameterizedTest(name = "{0} items are refused")
    @ValueSource(longs = {-1, 10_001, 1_000_000})
    @DisplayName("a negative number of items, or more than 10,000, is refused")
    void itemsRefused(long items) {
      assertEquals("must be between 0 and 10000", onlyError(pickup(PLATE, 350L, items), "items"));
    }

    @ParameterizedTest(name = "{0} items are accepted")
    @ValueSource(longs = {0, 12, 10_000})
    @DisplayName("from 0 to 10,000 items are accepted")
    void itemsAccepted(long items) {
      assertEquals(items, admit(pickup(PLATE, 350L, items)).items());
    }

    @Test
    @DisplayName("items may be left out of a pickup")
    void itemsOptional() {
      assertNull(admit(pickup(PLATE, 350L, null)).items());
    }

    @Test
    @DisplayName("a pickup carrying fillPercent and temperatureC is refused on both")
    void fillFieldsRefused() {
      Reading r = new Reading("k", SITE, POINT, READ_AT, Reading.Kind.PICKUP, new BigDecimal("72"), new BigDecimal("11.5"),
          PLATE, 350L, 12L);
      assertEquals(List.of(
          new FieldError("fillPercent", "is not part of a pickup reading"),
          new FieldError("temperatureC", "is not part of a pickup reading")), errorsOf(r));
    }

    @Test
    @DisplayName("a pickup carrying a fill level of 0 is still refused: the field is not part of a pickup")
    void zeroFillRefused() {
      Reading r = new Reading("k", SITE, POINT, READ_AT, Reading.Kind.PICKUP, BigDecimal.ZERO, null, PLATE, 350L, 12L);
      assertEquals("is not part of a pickup reading", onlyError(r, "fillPercent"));
    }
  }

  @Nested
  @DisplayName("where and when")
  class WhereAndWhen {
    @Test
    @DisplayName("an unknown site is refused on site only: its points cannot be checked")
    void unknownSite() {
      String message = onlyError(with(fill("72", null), "lyon-nord", "cp-999", READ_AT), "site");
      assertEquals("unknown site 'lyon-nord'", message);
    }

    @Test
    @DisplayName("an unknown point at a known site is refused on point, naming the point and the site")
    void unknownPoint() {
      String message = onlyError(with(pickup(PLATE, 350L, 12L), SITE, "cp-999", READ_AT), "point");
      assertContains(message, "cp-999", SITE);
    }

    @Test
    @DisplayName("a point id is compared exactly: CP-001 is not cp-001")
    void pointCaseSensitive() {
      onlyError(with(fill("72", null), SITE, "CP-001", READ_AT), "point");
    }

    @Test
    @DisplayName("a reading exactly the clock skew (5 min) ahead of the clock is accepted")
    void atSkewAccepted() {
      Instant at = NOW.plus(SKEW);
      assertEquals(at, admit(with(fill("72", null), SITE, POINT, at)).at());
    }

    @Test
    @DisplayName("a reading one second further ahead than the skew is refused on at")
    void beyondSkewRefused() {
      String message = onlyError(with(fill("72", null), SITE, POINT, NOW.plus(SKEW).plusSeconds(1)), "at");
      assertEquals("is in the future (more than 300 s ahead of the tracker's clock)", message);
    }

    @Test
    @DisplayName("a reading one millisecond beyond the skew is already refused")
    void oneMilliBeyondSkewRefused() {
      onlyError(with(pickup(PLATE, 350L, 12L), SITE, POINT, NOW.plus(SKEW).plusMillis(1)), "at");
    }

    @Test
    @DisplayName("an old reading is accepted: only the future is bounded")
    void oldAccepted() {
      Instant at = Instant.parse("2025-01-01T00:00:00Z");
      assertEquals(at, admit(with(fill("72", null), SITE, POINT, at)).at());
    }
  }

  @Nested
  @DisplayName("required fields and several errors")
  class Several {
    @Test
    @DisplayName("a reading with nothing in it reports key, site, point, at and kind as required")
    void empty() {
      Reading r = new Reading(null, null, null, null, null, null, null, null, null, null);
      List<FieldError> errors = errorsOf(r);
      assertEquals(List.of("key", "site", "point", "at", "kind"), fields(errors));
      errors.forEach(e -> assertEquals("is required", e.message()));
    }

    @Test
    @DisplayName("a key with a space is refused")
    void keyWithSpace() {
      Reading r = new Reading("cp 001", SITE, POINT, READ_AT, Reading.Kind.FILL, new BigDecimal("72"), null, null, null,
          null);
      assertEquals("must be 1 to 128 printable ASCII characters without spaces", onlyError(r, "key"));
    }

    @Test
    @DisplayName("every problem of a bad pickup is reported at once, in field order")
    void badPickup() {
      // given an unknown point, a time an hour ahead, a bad plate, a zero estimate, too many items and a temperature
      Reading r = new Reading("cp-001-pickup-881", SITE, "cp-404", NOW.plus(Duration.ofHours(1)), Reading.Kind.PICKUP,
          null, new BigDecimal("11.5"), "A", 0L, 10_001L);
      // when
      List<FieldError> errors = errorsOf(r);
      // then
      assertEquals(List.of("point", "at", "plate", "estimatedKg", "items", "temperatureC"), fields(errors));
    }

    @Test
    @DisplayName("every problem of a bad fill is reported at once, after the parser's own errors")
    void badFill() {
      Reading r = new Reading("k", "lyon-nord", POINT, READ_AT, Reading.Kind.FILL, new BigDecimal("-0.1"),
          new BigDecimal("80.1"), PLATE, null, null);
      List<FieldError> parse = List.of(new FieldError("items", "must be a whole number"));
      List<FieldError> errors = invalid(() -> RULES.admit(r, REF, NOW, Set.of("items"), parse)).errors();
      assertEquals(List.of(
          new FieldError("items", "must be a whole number"),
          new FieldError("site", "unknown site 'lyon-nord'"),
          new FieldError("fillPercent", "must be between 0 and 100"),
          new FieldError("temperatureC", "must be between -50 and 80 °C"),
          new FieldError("plate", "is not part of a fill reading")), errors);
    }

    @Test
    @DisplayName("a field the parser could not read is not reported again as missing")
    void unreadableNotRequired() {
      Reading r = fill(null, null);
      List<FieldError> parse = List.of(new FieldError("fillPercent", "must be a number, not a string"));
      List<FieldError> errors = invalid(() -> RULES.admit(r, REF, NOW, Set.of("fillPercent"), parse)).errors();
      assertEquals(parse, errors);
    }
  }

  @Nested
  @DisplayName("Reading.differences: what tells a duplicate from a conflict")
  class Differences {
    @Test
    @DisplayName("the same reading sent again has no differences")
    void same() {
      Reading r = pickup(PLATE, 350L, 12L);
      assertEquals(List.of(), r.differences(pickup(PLATE, 350L, 12L)));
    }

    @Test
    @DisplayName("72 and 72.0 % are the same fill level; 11.5 and 11.50 °C the same temperature")
    void decimalsByValue() {
      assertEquals(List.of(), fill("72", "11.5").differences(fill("72.0", "11.50")));
    }

    @Test
    @DisplayName("plates are compared without case, spaces or hyphens")
    void platesByKey() {
      assertEquals(List.of(), pickup("AB-123-CD", 350L, 12L).differences(pickup("ab 123cd", 350L, 12L)));
    }

    @Test
    @DisplayName("another fill level, temperature or time is a difference named by its field")
    void fillDifferences() {
      Reading a = fill("72", "11.5");
      Reading b = with(fill("72.5", null), SITE, POINT, READ_AT.plusSeconds(1));
      assertEquals(List.of("at", "fillPercent", "temperatureC"), a.differences(b));
      assertEquals(List.of("at", "fillPercent", "temperatureC"), b.differences(a));
    }

    @Test
    @DisplayName("another plate, estimate or number of items is a difference named by its field")
    void pickupDifferences() {
      assertEquals(List.of("plate", "estimatedKg", "items"),
          pickup(PLATE, 350L, 12L).differences(pickup("EF-456-GH", 351L, null)));
    }

    @Test
    @DisplayName("a fill and a pickup under the same key differ in kind and in every field of either")
    void kindDifference() {
      Reading f = with(fill("72", "11.5"), SITE, POINT, READ_AT);
      Reading p = new Reading(f.key(), SITE, POINT, READ_AT, Reading.Kind.PICKUP, null, null, PLATE, 350L, 12L);
      assertEquals(List.of("kind", "fillPercent", "temperatureC", "plate", "estimatedKg", "items"), f.differences(p));
    }

    @Test
    @DisplayName("another site or point is a difference; the key itself is not compared")
    void siteAndPoint() {
      Reading a = fill("72", null);
      Reading b = new Reading("another-key", "lyon-nord", "cp-002", READ_AT, Reading.Kind.FILL, new BigDecimal("72"), null,
          null, null, null);
      assertEquals(List.of("site", "point"), a.differences(b));
    }
  }
}
