package fr.iloe.tracker.domain;

import static fr.iloe.tracker.domain.Fixtures.AT;
import static fr.iloe.tracker.domain.Fixtures.EXPIRED_PLATE;
import static fr.iloe.tracker.domain.Fixtures.NOW;
import static fr.iloe.tracker.domain.Fixtures.PLATE;
import static fr.iloe.tracker.domain.Fixtures.STORED_TARE_KG;
import static fr.iloe.tracker.domain.Fixtures.UNTARED_PLATE;
import static fr.iloe.tracker.domain.Fixtures.fields;
import static fr.iloe.tracker.domain.Fixtures.inFirst;
import static fr.iloe.tracker.domain.Fixtures.invalid;
import static fr.iloe.tracker.domain.Fixtures.outFirst;
import static fr.iloe.tracker.domain.Fixtures.second;
import static fr.iloe.tracker.domain.Fixtures.single;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.iloe.tracker.domain.Fixtures.PassBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("PassRules: what one weighing must meet on its own")
class PassRulesTest {
  private static final ReferenceData REF = Fixtures.reference();
  private static final PassRules RULES = Fixtures.rules();

  private static Pass admit(Pass p) {
    return RULES.admit(p, REF, NOW, Set.of(), List.of());
  }

  private static List<FieldError> errorsOf(Pass p) {
    return invalid(() -> admit(p)).errors();
  }

  /** Asserts that admitting {@code p} fails with exactly one error, on {@code field}, and answers its message. */
  private static String onlyError(Pass p, String field) {
    List<FieldError> errors = errorsOf(p);
    assertEquals(List.of(field), fields(errors), () -> "errors: " + errors);
    return errors.get(0).message();
  }

  private static void assertContains(String message, String... fragments) {
    for (String f : fragments) {
      assertTrue(message.contains(f), () -> "'" + message + "' should contain '" + f + "'");
    }
  }

  @Nested
  @DisplayName("valid passes")
  class Valid {
    @Test
    @DisplayName("a complete IN first pass is admitted unchanged, with no stored tare")
    void inFirstAdmitted() {
      // given
      Pass p = inFirst().build();
      // when
      Pass admitted = admit(p);
      // then
      assertEquals(p, admitted);
      assertNull(admitted.storedTareKg());
      assertEquals(18_460L, admitted.weightKg());
    }

    @Test
    @DisplayName("a complete OUT first pass with destination and operation is admitted")
    void outFirstAdmitted() {
      Pass p = outFirst().build();
      assertEquals(p, admit(p));
    }

    @Test
    @DisplayName("a second pass needs only key, ticket, site, bridge, time, seq and weight")
    void bareSecondAdmitted() {
      // given a second pass without direction, plate, carrier, waste code, destination or operation
      Pass p = second("T-2026-000123", 7_300, AT.plusSeconds(600)).build();
      // when
      Pass admitted = admit(p);
      // then
      assertEquals(p, admitted);
      assertNull(admitted.direction());
      assertNull(admitted.storedTareKg());
    }

    @Test
    @DisplayName("a second pass of an OUT ticket does not need destination and operation again")
    void outSecondWithoutDestination() {
      Pass p = second("T-2026-000200", 19_200, AT.plusSeconds(600)).direction(Direction.OUT).build();
      assertEquals(p, admit(p));
    }

    @Test
    @DisplayName("a second pass may repeat the ticket's description")
    void secondRepeatingDescription() {
      Pass p = inFirst().key("k2").seq(Seq.SECOND).weightKg(7_300L).at(AT.plusSeconds(600)).build();
      assertEquals(p, admit(p));
    }
  }

  @Nested
  @DisplayName("weight rules of a bridge with division 20 kg and capacity 60,000 kg")
  class Weight {
    @ParameterizedTest(name = "{0} kg is refused: {1}")
    @CsvSource(delimiter = '|', value = {
        "0      | must be a positive number of kilograms",
        "-20    | must be a positive number of kilograms",
        "-18460 | must be a positive number of kilograms",
        "18461  | must be a multiple of the bridge division (20 kg)",
        "18470  | must be a multiple of the bridge division (20 kg)",
        "380    | is below the bridge's minimum load of 20 divisions (400 kg)",
        "20     | is below the bridge's minimum load of 20 divisions (400 kg)",
        "60020  | exceeds the bridge's maximum capacity (60000 kg)",
        "100000 | exceeds the bridge's maximum capacity (60000 kg)",
    })
    @DisplayName("zero, negative, off-division, under 20 divisions and over capacity weights are refused")
    void refused(long kg, String message) {
      assertEquals(message, onlyError(inFirst().weightKg(kg).build(), "weightKg"));
    }

    @ParameterizedTest(name = "{0} kg is accepted")
    @ValueSource(longs = {400, 420, 18_460, 59_980, 60_000})
    @DisplayName("weights from exactly 20 divisions (400 kg) to exactly the capacity (60,000 kg) are accepted")
    void accepted(long kg) {
      assertEquals(kg, admit(inFirst().weightKg(kg).build()).weightKg());
    }

    @Test
    @DisplayName("a weight on an unknown bridge is checked only for being positive; the bridge is the error")
    void unknownBridgeOnlyReportsBridge() {
      assertContains(onlyError(inFirst().bridge("wb9").weightKg(18_461L).build(), "bridge"), "wb9");
    }
  }

  @Nested
  @DisplayName("required fields")
  class Required {
    static Stream<Arguments> alwaysRequired() {
      return Stream.of(
          Arguments.of("key", (UnaryOperator<PassBuilder>) b -> b.key(null)),
          Arguments.of("ticket", (UnaryOperator<PassBuilder>) b -> b.ticket(null)),
          Arguments.of("site", (UnaryOperator<PassBuilder>) b -> b.site(null)),
          Arguments.of("bridge", (UnaryOperator<PassBuilder>) b -> b.bridge(null)),
          Arguments.of("at", (UnaryOperator<PassBuilder>) b -> b.at((Instant) null)),
          Arguments.of("seq", (UnaryOperator<PassBuilder>) b -> b.seq(null)),
          Arguments.of("weightKg", (UnaryOperator<PassBuilder>) b -> b.weightKg((Long) null)));
    }

    @ParameterizedTest(name = "{0} missing on a second pass")
    @MethodSource("alwaysRequired")
    @DisplayName("key, ticket, site, bridge, at, seq and weightKg are required on every pass")
    void alwaysRequiredOnSecond(String field, UnaryOperator<PassBuilder> change) {
      Pass p = change.apply(second("T-1", 7_300, AT)).build();
      assertEquals("is required", onlyError(p, field));
    }

    @ParameterizedTest(name = "{0} missing on a first pass")
    @MethodSource("alwaysRequired")
    @DisplayName("key, ticket, site, bridge, at, seq and weightKg are required on a first pass too")
    void alwaysRequiredOnFirst(String field, UnaryOperator<PassBuilder> change) {
      // a first pass without seq is not known to open the ticket, so only seq is reported
      Pass p = change.apply(inFirst()).build();
      assertEquals("is required", onlyError(p, field));
    }

    static Stream<Arguments> openingFields() {
      return Stream.of(
          Arguments.of("direction", (UnaryOperator<PassBuilder>) b -> b.direction(null)),
          Arguments.of("plate", (UnaryOperator<PassBuilder>) b -> b.plate(null)),
          Arguments.of("carrier", (UnaryOperator<PassBuilder>) b -> b.carrier(null)),
          Arguments.of("wasteCode", (UnaryOperator<PassBuilder>) b -> b.wasteCode(null)));
    }

    @ParameterizedTest(name = "{0} missing on a first pass")
    @MethodSource("openingFields")
    @DisplayName("direction, plate, carrier and wasteCode are required on a first pass")
    void requiredOnFirst(String field, UnaryOperator<PassBuilder> change) {
      assertEquals("is required", onlyError(change.apply(inFirst()).build(), field));
    }

    @ParameterizedTest(name = "{0} missing on a single pass")
    @MethodSource("openingFields")
    @DisplayName("direction, plate, carrier and wasteCode are required on a single pass")
    void requiredOnSingle(String field, UnaryOperator<PassBuilder> change) {
      assertEquals("is required", onlyError(change.apply(single()).build(), field));
    }

    @Test
    @DisplayName("an OUT first pass requires a destination")
    void outRequiresDestination() {
      assertEquals("is required", onlyError(outFirst().destination(null).build(), "destination"));
    }

    @Test
    @DisplayName("an OUT first pass requires an operation")
    void outRequiresOperation() {
      assertEquals("is required", onlyError(outFirst().operation((OperationCode) null).build(), "operation"));
    }

    @Test
    @DisplayName("an OUT single pass requires destination and operation, both reported")
    void outSingleRequiresBoth() {
      Pass p = outFirst().seq(Seq.SINGLE).weightKg(18_460L).destination(null).operation((OperationCode) null).build();
      List<FieldError> errors = errorsOf(p);
      assertEquals(List.of("destination", "operation"), fields(errors));
    }
  }

  @Nested
  @DisplayName("formats")
  class Formats {
    @ParameterizedTest(name = "key ''{0}''")
    @ValueSource(strings = {"", "with space", "é-accent"})
    @DisplayName("a key must be 1 to 128 printable ASCII characters without spaces")
    void badKey(String key) {
      assertContains(onlyError(inFirst().key(key).build(), "key"), "128 printable ASCII");
    }

    @Test
    @DisplayName("a key of 128 characters is accepted, 129 refused")
    void keyLength() {
      admit(inFirst().key("k".repeat(128)).build());
      onlyError(inFirst().key("k".repeat(129)).build(), "key");
    }

    @Test
    @DisplayName("a ticket of 64 characters is accepted, 65 refused")
    void ticketLength() {
      admit(inFirst().ticket("T".repeat(64)).build());
      assertContains(onlyError(inFirst().ticket("T".repeat(65)).build(), "ticket"), "64");
    }

    @ParameterizedTest(name = "plate ''{0}''")
    @ValueSource(strings = {"A", "AB_123_CD", "-AB123", "AB123-", "ABCDEFGHIJKLMNOPQRSTU"})
    @DisplayName("a plate must be 2 to 20 letters, digits, spaces or hyphens")
    void badPlate(String plate) {
      assertContains(onlyError(inFirst().plate(plate).build(), "plate"), "2 to 20");
    }

    @ParameterizedTest(name = "plate ''{0}''")
    @ValueSource(strings = {"AB-123-CD", "ab 123 cd", "  AB123CD  ", "1234 ZZ 69"})
    @DisplayName("plates are checked in their upper-case, trimmed form")
    void goodPlate(String plate) {
      assertEquals(plate, admit(inFirst().plate(plate).build()).plate());
    }

    @ParameterizedTest(name = "INSEE ''{0}''")
    @ValueSource(strings = {"6925", "692590", "ABCDE", "2C123"})
    @DisplayName("an origin's INSEE code must be 5 characters (digits, or 2A/2B for Corsica)")
    void badInsee(String insee) {
      assertEquals("must be a 5-character INSEE commune code",
          onlyError(inFirst().origin(new Origin(null, insee)).build(), "origin.insee"));
    }

    @ParameterizedTest(name = "INSEE ''{0}''")
    @ValueSource(strings = {"69259", "2A004", "2B033"})
    @DisplayName("metropolitan and Corsican INSEE codes are accepted")
    void goodInsee(String insee) {
      admit(inFirst().origin(new Origin(null, insee)).build());
    }
  }

  @Nested
  @DisplayName("reference data")
  class Reference {
    @Test
    @DisplayName("an unknown site is refused, and its bridge is not reported as well")
    void unknownSite() {
      assertEquals("unknown site 'nowhere'", onlyError(inFirst().site("nowhere").build(), "site"));
    }

    @Test
    @DisplayName("an unknown bridge of a known site is refused")
    void unknownBridge() {
      assertEquals("unknown weighbridge 'wb9' at site 'saint-priest'",
          onlyError(inFirst().bridge("wb9").build(), "bridge"));
    }

    @Test
    @DisplayName("an unknown carrier is refused")
    void unknownCarrier() {
      assertEquals("unknown partner 'p99'", onlyError(inFirst().carrier("p99").build(), "carrier"));
    }

    @Test
    @DisplayName("an unknown carrier is refused on a second pass too")
    void unknownCarrierOnSecond() {
      assertEquals("unknown partner 'p99'",
          onlyError(second("T-1", 7_300, AT).carrier("p99").build(), "carrier"));
    }

    @Test
    @DisplayName("an unknown destination is refused")
    void unknownDestination() {
      assertEquals("unknown partner 'p99'", onlyError(outFirst().destination("p99").build(), "destination"));
    }

    @Test
    @DisplayName("an unknown collection point is refused")
    void unknownPoint() {
      assertEquals("unknown collection point 'cp-999' at site 'saint-priest'",
          onlyError(inFirst().origin(new Origin("cp-999", "69259")).build(), "origin.point"));
    }

    @Test
    @DisplayName("the carrier of an IN ticket must do COLLECTION")
    void inCarrierMustCollect() {
      // p05 only transports
      assertEquals("partner 'p05' does not do COLLECTION", onlyError(inFirst().carrier("p05").build(), "carrier"));
      // p06 only collects
      admit(inFirst().carrier("p06").build());
    }

    @Test
    @DisplayName("the carrier of an OUT ticket must do TRANSPORT")
    void outCarrierMustTransport() {
      assertEquals("partner 'p06' does not do TRANSPORT", onlyError(outFirst().carrier("p06").build(), "carrier"));
      admit(outFirst().carrier("p05").build());
    }

    @Test
    @DisplayName("the destination must do TREATMENT")
    void destinationMustTreat() {
      assertEquals("partner 'p01' does not do TREATMENT",
          onlyError(outFirst().destination("p01").build(), "destination"));
    }
  }

  @Nested
  @DisplayName("direction-specific fields")
  class DirectionFields {
    @Test
    @DisplayName("an IN pass refuses a destination")
    void inRefusesDestination() {
      assertEquals("is only for OUT tickets", onlyError(inFirst().destination("p02").build(), "destination"));
    }

    @Test
    @DisplayName("an IN pass refuses an operation")
    void inRefusesOperation() {
      assertEquals("is only for OUT tickets", onlyError(inFirst().operation("R 3").build(), "operation"));
    }

    @Test
    @DisplayName("an IN pass refuses a mode")
    void inRefusesMode() {
      assertEquals("is only for OUT tickets", onlyError(inFirst().mode(Mode.RECYCLING).build(), "mode"));
    }

    @Test
    @DisplayName("an OUT pass refuses an origin")
    void outRefusesOrigin() {
      assertEquals("is only for IN tickets",
          onlyError(outFirst().origin(new Origin("cp-001", "69259")).build(), "origin"));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({"R 3, OTHER_RECOVERY", "R 5, OTHER_RECOVERY", "R 9, ENERGY_RECOVERY", "R 11, ENERGY_RECOVERY",
        "R 3, RECYCLING", "D 10, DISPOSAL"})
    @DisplayName("a mode allowed for the operation is accepted")
    void allowedMode(String operation, Mode mode) {
      Pass admitted = admit(outFirst().operation(operation).mode(mode).build());
      assertEquals(mode, admitted.mode());
    }

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({"R 4, OTHER_RECOVERY", "R 3, ENERGY_RECOVERY", "R 9, OTHER_RECOVERY", "R 1, RECYCLING",
        "D 10, ENERGY_RECOVERY", "R 0, RECYCLING"})
    @DisplayName("a mode not allowed for the operation is refused, naming the mode, the code and what is allowed")
    void modeNotAllowed(String operation, Mode mode) {
      String message = onlyError(outFirst().operation(operation).mode(mode).build(), "mode");
      assertContains(message, mode.name(), operation, "not possible", "allowed");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"R 12", "R 13", "D 9", "D 13", "D 14", "D 15"})
    @DisplayName("a non-final operation is accepted without a mode but refuses one")
    void nonFinalOperation(String operation) {
      admit(outFirst().operation(operation).build());
      String message = onlyError(outFirst().operation(operation).mode(Mode.RECYCLING).build(), "mode");
      assertContains(message, operation, "not a final operation");
    }
  }

  @Nested
  @DisplayName("manual weights")
  class Manual {
    @Test
    @DisplayName("a manual weight with a reason is accepted")
    void manualWithReason() {
      Pass admitted = admit(inFirst().manual(true).manualReason("bridge display out of order").build());
      assertTrue(admitted.manual());
      assertEquals("bridge display out of order", admitted.manualReason());
    }

    @ParameterizedTest(name = "reason ''{0}''")
    @ValueSource(strings = {"", "   "})
    @DisplayName("a manual weight without a reason is refused")
    void manualWithoutReason(String reason) {
      assertEquals("is required for a manual weight",
          onlyError(inFirst().manual(true).manualReason(reason).build(), "manualReason"));
      assertEquals("is required for a manual weight",
          onlyError(inFirst().manual(true).manualReason(null).build(), "manualReason"));
    }

    @Test
    @DisplayName("a reason of at most 500 characters is accepted, a longer one refused")
    void reasonLength() {
      admit(inFirst().manual(true).manualReason("x".repeat(500)).build());
      assertEquals("must be at most 500 characters",
          onlyError(inFirst().manual(true).manualReason("x".repeat(501)).build(), "manualReason"));
    }

    @Test
    @DisplayName("a manual reason on a weight that is not manual is refused")
    void reasonWithoutManual() {
      assertEquals("is only for manual weights (manual=true)",
          onlyError(inFirst().manualReason("typed by hand").build(), "manualReason"));
    }
  }

  @Nested
  @DisplayName("time")
  class Time {
    @Test
    @DisplayName("a timestamp more than the clock skew (5 min) ahead of the tracker is refused")
    void tooFarAhead() {
      String message = onlyError(inFirst().at(NOW.plus(Duration.ofMinutes(5)).plusSeconds(1)).build(), "at");
      assertContains(message, "future", "300 s");
    }

    @Test
    @DisplayName("a timestamp exactly at the clock skew, or in the past, is accepted")
    void withinSkew() {
      admit(inFirst().at(NOW.plus(Duration.ofMinutes(5))).build());
      admit(inFirst().at(NOW).build());
      admit(inFirst().at(NOW.minus(Duration.ofDays(400))).build());
    }

    @Test
    @DisplayName("with no clock skew allowed, one second ahead is refused")
    void zeroSkew() {
      PassRules strict = new PassRules(Duration.ZERO);
      Pass p = inFirst().at(NOW.plusSeconds(1)).build();
      List<FieldError> errors = invalid(() -> strict.admit(p, REF, NOW, Set.of(), List.of())).errors();
      assertEquals(List.of("at"), fields(errors));
      assertContains(errors.get(0).message(), "0 s");
    }
  }

  @Nested
  @DisplayName("single passes and stored tares")
  class StoredTares {
    @Test
    @DisplayName("a single pass of a vehicle with a valid stored tare is admitted with that tare resolved")
    void resolvesTare() {
      // given AB-123-CD has a tare of 11,200 kg valid until 2026-12-31
      Pass p = single().build();
      // when
      Pass admitted = admit(p);
      // then
      assertEquals(STORED_TARE_KG, admitted.storedTareKg());
      assertEquals(p.withStoredTare(11_200L), admitted);
      assertEquals(18_460L, admitted.weightKg());
    }

    @Test
    @DisplayName("the stored tare is found whatever the plate's case, spaces or hyphens")
    void plateLookupIgnoresFormatting() {
      assertEquals(11_200L, admit(single().plate("ab 123 cd").build()).storedTareKg());
      assertEquals(11_200L, admit(single().plate("AB123CD").build()).storedTareKg());
    }

    @Test
    @DisplayName("a first pass does not resolve a stored tare even when the vehicle has one")
    void firstPassDoesNotResolveTare() {
      assertNull(admit(inFirst().build()).storedTareKg());
    }

    @Test
    @DisplayName("an expired stored tare is refused, telling the operator to weigh twice")
    void expiredTare() {
      String message = onlyError(single().plate(EXPIRED_PLATE).build(), "plate");
      assertContains(message, EXPIRED_PLATE, "expired", "2026-06-30T22:00:00Z", "weigh it twice");
    }

    @Test
    @DisplayName("a stored tare is no longer valid at the very instant it expires")
    void tareExpiresAtValidUntil() {
      Instant validUntil = Instant.parse("2026-12-31T23:00:00Z");
      Instant now = validUntil.plusSeconds(3600);
      assertEquals(11_200L, RULES.admit(single().at(validUntil.minusSeconds(1)).build(), REF, now, Set.of(), List.of())
          .storedTareKg());
      List<FieldError> errors = invalid(() -> RULES.admit(single().at(validUntil).build(), REF, now, Set.of(), List.of()))
          .errors();
      assertEquals(List.of("plate"), fields(errors));
      assertContains(errors.get(0).message(), "expired");
    }

    @Test
    @DisplayName("a vehicle without a stored tare cannot be weighed once")
    void noTare() {
      String message = onlyError(single().plate(UNTARED_PLATE).build(), "plate");
      assertContains(message, "no stored tare", UNTARED_PLATE, "first and second");
    }

    @ParameterizedTest(name = "gross {0} kg")
    @ValueSource(longs = {11_200, 11_000, 400})
    @DisplayName("a single weight that does not exceed the stored tare (11,200 kg) is refused")
    void tareNotBelowGross(long kg) {
      String message = onlyError(single().weightKg(kg).build(), "weightKg");
      assertContains(message, "must exceed the stored tare", "11200 kg");
    }

    @Test
    @DisplayName("a single weight one division above the stored tare is accepted")
    void justAboveTare() {
      assertEquals(11_200L, admit(single().weightKg(11_220L).build()).storedTareKg());
    }

    @Test
    @DisplayName("a plate the parser could not read is not looked up again")
    void unreadablePlateSkipsLookup() {
      Pass p = single().plate(UNTARED_PLATE).build();
      List<FieldError> parseErrors = List.of(new FieldError("plate", "must be a string"));
      List<FieldError> errors = invalid(() -> RULES.admit(p, REF, NOW, Set.of("plate"), parseErrors)).errors();
      assertEquals(parseErrors, errors);
    }
  }

  @Nested
  @DisplayName("reporting")
  class Reporting {
    @Test
    @DisplayName("every problem of a pass is reported at once, in a stable order")
    void severalErrors() {
      // given a pass with four independent problems
      Pass p = inFirst()
          .at(NOW.plus(Duration.ofHours(1)))
          .weightKg(18_461L)
          .carrier("p99")
          .manual(true)
          .build();
      // when
      InvalidInputException e = invalid(() -> admit(p));
      // then
      assertEquals(List.of("at", "weightKg", "carrier", "manualReason"), fields(e.errors()));
      assertContains(e.getMessage(), "weightKg: must be a multiple of the bridge division (20 kg)",
          "carrier: unknown partner 'p99'", "manualReason: is required for a manual weight");
    }

    @Test
    @DisplayName("a missing and an unknown field, a bad weight and a wrong role are all reported")
    void severalErrorsOut() {
      Pass p = outFirst().destination("p01").operation((OperationCode) null).carrier("p06").weightKg(0L).build();
      assertEquals(List.of("weightKg", "carrier", "destination", "operation"), fields(errorsOf(p)));
    }

    @Test
    @DisplayName("the parser's errors come first and unreadable fields are not reported again as missing")
    void parseErrorsMerged() {
      // given the parser could not read weightKg (it was a string) and the carrier is unknown
      Pass p = inFirst().weightKg((Long) null).carrier("p99").build();
      List<FieldError> parseErrors = List.of(new FieldError("weightKg", "must be a number, not a string"));
      // when
      List<FieldError> errors = invalid(() -> RULES.admit(p, REF, NOW, Set.of("weightKg"), parseErrors)).errors();
      // then
      assertEquals(List.of(
          new FieldError("weightKg", "must be a number, not a string"),
          new FieldError("carrier", "unknown partner 'p99'")), errors);
    }

    @Test
    @DisplayName("a field error names the field and its message in the exception's summary")
    void summary() {
      InvalidInputException e = invalid(() -> admit(inFirst().weightKg(380L).build()));
      assertAll(
          () -> assertEquals("weightKg: is below the bridge's minimum load of 20 divisions (400 kg)", e.getMessage()),
          () -> assertEquals(1, e.errors().size()));
    }
  }
}
