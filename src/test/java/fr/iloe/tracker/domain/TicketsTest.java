package fr.iloe.tracker.domain;

import static fr.iloe.tracker.domain.Fixtures.AT;
import static fr.iloe.tracker.domain.Fixtures.fields;
import static fr.iloe.tracker.domain.Fixtures.inFirst;
import static fr.iloe.tracker.domain.Fixtures.invalid;
import static fr.iloe.tracker.domain.Fixtures.outFirst;
import static fr.iloe.tracker.domain.Fixtures.second;
import static fr.iloe.tracker.domain.Fixtures.single;
import static fr.iloe.tracker.domain.Fixtures.wasteCode;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.iloe.tracker.domain.Fixtures.PassBuilder;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Tickets: pairing the weighings of a vehicle visit")
class TicketsTest {
  private static final String IN_TICKET = "T-2026-000123";
  private static final String OUT_TICKET = "T-2026-000200";
  private static final Instant LATER = AT.plusSeconds(25 * 60);

  private static void assertContains(String message, String... fragments) {
    for (String f : fragments) {
      assertTrue(message.contains(f), () -> "'" + message + "' should contain '" + f + "'");
    }
  }

  /** The ticket after admitting each pass in turn, as the store does. */
  private static TicketState admitAll(Pass... passes) {
    TicketState state = null;
    List<Pass> recorded = List.of();
    for (Pass p : passes) {
      state = Tickets.admit(recorded, p);
      recorded = state.passes();
    }
    return state;
  }

  @Nested
  @DisplayName("closing a ticket")
  class Closing {
    @Test
    @DisplayName("an IN ticket: the loaded first weighing is the gross, the empty second the tare")
    void twoPassIn() {
      // given
      Pass first = inFirst().build();
      Pass second = second(IN_TICKET, 7_300, LATER).build();
      // when
      TicketState open = Tickets.admit(List.of(), first);
      TicketState closed = Tickets.admit(open.passes(), second);
      // then
      assertAll(
          () -> assertEquals(TicketStatus.OPEN, open.status()),
          () -> assertNull(open.grossKg()),
          () -> assertNull(open.tareKg()),
          () -> assertNull(open.netKg()),
          () -> assertNull(open.tareMode()),
          () -> assertEquals(AT, open.openedAt()),
          () -> assertNull(open.closedAt()),
          () -> assertEquals(AT, open.at()),
          () -> assertEquals(List.of(first), open.passes()));
      assertAll(
          () -> assertEquals(TicketStatus.CLOSED, closed.status()),
          () -> assertTrue(closed.closed()),
          () -> assertEquals("saint-priest", closed.site()),
          () -> assertEquals(IN_TICKET, closed.ticket()),
          () -> assertEquals(Direction.IN, closed.direction()),
          () -> assertEquals("AB-123-CD", closed.plate()),
          () -> assertEquals("p01", closed.carrier()),
          () -> assertEquals(wasteCode("20 03 07"), closed.wasteCode()),
          () -> assertEquals("wb1", closed.bridge()),
          () -> assertEquals(18_460L, closed.grossKg()),
          () -> assertEquals(7_300L, closed.tareKg()),
          () -> assertEquals(TareMode.MEASURED, closed.tareMode()),
          () -> assertEquals(11_160L, closed.netKg()),
          () -> assertEquals(AT, closed.openedAt()),
          () -> assertEquals(LATER, closed.closedAt()),
          () -> assertEquals(LATER, closed.at()),
          () -> assertEquals(new Origin("cp-001", "69259"), closed.origin()),
          () -> assertNull(closed.destination()),
          () -> assertNull(closed.operation()),
          () -> assertNull(closed.mode()),
          () -> assertFalse(closed.isFinal()),
          () -> assertFalse(closed.manual()),
          () -> assertEquals(0, closed.revision()),
          () -> assertEquals(List.of(first, second), closed.passes()));
    }

    @Test
    @DisplayName("an OUT ticket: the empty first weighing is the tare, the loaded second the gross")
    void twoPassOut() {
      // given the empty truck weighs 11,000 kg, then 19,200 kg loaded with wood for p02 under R 3
      Pass first = outFirst().build();
      Pass second = second(OUT_TICKET, 19_200, LATER).build();
      // when
      TicketState closed = admitAll(first, second);
      // then
      assertAll(
          () -> assertEquals(TicketStatus.CLOSED, closed.status()),
          () -> assertEquals(Direction.OUT, closed.direction()),
          () -> assertEquals(19_200L, closed.grossKg()),
          () -> assertEquals(11_000L, closed.tareKg()),
          () -> assertEquals(8_200L, closed.netKg()),
          () -> assertEquals(TareMode.MEASURED, closed.tareMode()),
          () -> assertEquals("p02", closed.destination()),
          () -> assertEquals("R 3", closed.operation().toString()),
          () -> assertEquals(Mode.RECYCLING, closed.mode()),
          () -> assertTrue(closed.isFinal()),
          () -> assertNull(closed.origin()),
          () -> assertEquals(AT, closed.openedAt()),
          () -> assertEquals(LATER, closed.closedAt()));
    }

    @ParameterizedTest(name = "{0} kg then {1} kg: net {2} kg")
    @CsvSource({"18460, 7300, 11160", "60000, 400, 59600", "420, 400, 20", "400, 420, 20", "11000, 19200, 8200"})
    @DisplayName("the net is the gross minus the tare, gross being the heavier weighing (net = |second - first|)")
    void netIsGrossMinusTare(long firstKg, long secondKg, long netKg) {
      TicketState t = admitAll(inFirst().weightKg(firstKg).build(), second(IN_TICKET, secondKg, LATER).build());
      assertEquals(Math.max(firstKg, secondKg), t.grossKg());
      assertEquals(Math.min(firstKg, secondKg), t.tareKg());
      assertEquals(netKg, t.netKg());
      assertEquals(t.grossKg() - t.tareKg(), t.netKg());
    }

    @Test
    @DisplayName("a single pass closes at once with the stored tare")
    void singlePass() {
      // given a single weighing of 18,460 kg whose stored tare was resolved to 11,200 kg
      Pass p = single().storedTareKg(11_200L).build();
      // when
      TicketState t = Tickets.admit(List.of(), p);
      // then
      assertAll(
          () -> assertEquals(TicketStatus.CLOSED, t.status()),
          () -> assertEquals(18_460L, t.grossKg()),
          () -> assertEquals(11_200L, t.tareKg()),
          () -> assertEquals(TareMode.STORED, t.tareMode()),
          () -> assertEquals(7_260L, t.netKg()),
          () -> assertEquals(AT, t.openedAt()),
          () -> assertEquals(AT, t.closedAt()),
          () -> assertEquals(List.of(p), t.passes()));
    }

    @Test
    @DisplayName("a second that arrives before its first is kept, and the ticket closes when the first arrives")
    void secondBeforeFirst() {
      // given the second weighing arrives first
      Pass second = second(IN_TICKET, 7_300, LATER).build();
      Pass first = inFirst().build();
      // when
      TicketState waiting = Tickets.admit(List.of(), second);
      TicketState closed = Tickets.admit(waiting.passes(), first);
      // then the ticket waits, open, without masses
      assertAll(
          () -> assertEquals(TicketStatus.OPEN, waiting.status()),
          () -> assertNull(waiting.grossKg()),
          () -> assertNull(waiting.tareKg()),
          () -> assertNull(waiting.netKg()),
          () -> assertNull(waiting.openedAt()),
          () -> assertNull(waiting.closedAt()),
          () -> assertEquals(LATER, waiting.at()),
          () -> assertEquals(IN_TICKET, waiting.ticket()),
          () -> assertEquals(List.of(second), waiting.passes()));
      // and then closes with the first's description and the right masses
      assertAll(
          () -> assertEquals(TicketStatus.CLOSED, closed.status()),
          () -> assertEquals(18_460L, closed.grossKg()),
          () -> assertEquals(7_300L, closed.tareKg()),
          () -> assertEquals(11_160L, closed.netKg()),
          () -> assertEquals(TareMode.MEASURED, closed.tareMode()),
          () -> assertEquals(AT, closed.openedAt()),
          () -> assertEquals(LATER, closed.closedAt()),
          () -> assertEquals(Direction.IN, closed.direction()),
          () -> assertEquals("p01", closed.carrier()),
          () -> assertEquals(List.of(second, first), closed.passes()));
    }

    @Test
    @DisplayName("derive gives the same ticket as admitting the passes one by one")
    void deriveMatchesAdmit() {
      Pass first = outFirst().build();
      Pass second = second(OUT_TICKET, 19_200, LATER).build();
      assertEquals(admitAll(first, second), Tickets.derive(List.of(first, second)));
      assertEquals(admitAll(second, first), Tickets.derive(List.of(second, first)));
    }

    @Test
    @DisplayName("derive refuses an empty list of passes")
    void deriveNeedsPasses() {
      assertThrows(IllegalArgumentException.class, () -> Tickets.derive(List.of()));
    }

    @Test
    @DisplayName("the ticket shows the plate in its upper-case display form")
    void plateDisplayForm() {
      TicketState t = Tickets.admit(List.of(), inFirst().plate(" ab-123-cd ").build());
      assertEquals("AB-123-CD", t.plate());
    }
  }

  @Nested
  @DisplayName("conflicts")
  class Conflicts {
    @Test
    @DisplayName("a second 'first' for an open ticket is a conflict")
    void secondFirst() {
      Pass first = inFirst().build();
      Pass another = inFirst().key("wb1-alibi-000124").weightKg(18_480L).build();
      ConflictException e = assertThrows(ConflictException.class, () -> Tickets.admit(List.of(first), another));
      assertContains(e.getMessage(), IN_TICKET, "already opened", "wb1-alibi-000123");
      assertEquals(List.of(new FieldError("seq", "ticket already has a first pass")), e.errors());
    }

    @Test
    @DisplayName("an opening pass for a closed ticket is a conflict")
    void openingOnClosedTicket() {
      TicketState closed = admitAll(inFirst().build(), second(IN_TICKET, 7_300, LATER).build());
      Pass another = inFirst().key("wb1-alibi-000999").build();
      ConflictException e = assertThrows(ConflictException.class, () -> Tickets.admit(closed.passes(), another));
      assertEquals(List.of("seq"), fields(e.errors()));
      assertContains(e.getMessage(), "already opened");
    }

    @Test
    @DisplayName("a second 'second' for a closed ticket is a conflict")
    void closingOnClosedTicket() {
      TicketState closed = admitAll(inFirst().build(), second(IN_TICKET, 7_300, LATER).build());
      Pass another = second(IN_TICKET, 7_320, LATER.plusSeconds(60)).key("wb1-alibi-000998").build();
      ConflictException e = assertThrows(ConflictException.class, () -> Tickets.admit(closed.passes(), another));
      assertEquals(List.of(new FieldError("seq", "ticket already has a second pass")), e.errors());
      assertContains(e.getMessage(), "already closed");
    }

    @Test
    @DisplayName("a second 'second' waiting for its first is a conflict")
    void twoSecondsWaiting() {
      Pass waiting = second(IN_TICKET, 7_300, LATER).build();
      Pass another = second(IN_TICKET, 7_320, LATER).key("other").build();
      assertThrows(ConflictException.class, () -> Tickets.admit(List.of(waiting), another));
    }

    @Test
    @DisplayName("a second pass after a single pass is a conflict: the single already closed the ticket")
    void secondAfterSingle() {
      Pass s = single().storedTareKg(11_200L).build();
      Pass after = second("T-2026-000300", 11_200, LATER).build();
      ConflictException e = assertThrows(ConflictException.class, () -> Tickets.admit(List.of(s), after));
      assertEquals(List.of(new FieldError("seq", "ticket already has a single pass")), e.errors());
    }

    @Test
    @DisplayName("a single pass for a ticket that already has a first pass is a conflict")
    void singleAfterFirst() {
      Pass first = inFirst().ticket("T-2026-000300").build();
      Pass s = single().storedTareKg(11_200L).build();
      assertThrows(ConflictException.class, () -> Tickets.admit(List.of(first), s));
    }
  }

  @Nested
  @DisplayName("pairing rules")
  class Pairing {
    @Test
    @DisplayName("both weighings must be on the same bridge")
    void differentBridges() {
      Pass first = inFirst().build();
      Pass second = second(IN_TICKET, 7_300, LATER).bridge("wb2").build();
      InvalidInputException e = invalid(() -> Tickets.admit(List.of(first), second));
      assertEquals(List.of("bridge"), fields(e.errors()));
      assertContains(e.errors().get(0).message(), "same weighbridge", "'wb1'", "'wb2'");
    }

    @Test
    @DisplayName("two equal weighings would give no net and are refused")
    void equalWeights() {
      Pass first = inFirst().build();
      Pass second = second(IN_TICKET, 18_460, LATER).build();
      InvalidInputException e = invalid(() -> Tickets.admit(List.of(first), second));
      assertEquals(List.of("weightKg"), fields(e.errors()));
      assertContains(e.errors().get(0).message(), "equal", "18460 kg", "positive");
    }

    @Test
    @DisplayName("the second weighing cannot be earlier than the first")
    void secondEarlier() {
      Pass first = inFirst().build();
      Pass second = second(IN_TICKET, 7_300, AT.minusSeconds(1)).build();
      InvalidInputException e = invalid(() -> Tickets.admit(List.of(first), second));
      assertEquals(List.of("at"), fields(e.errors()));
      assertContains(e.errors().get(0).message(), "earlier", AT.toString(), AT.minusSeconds(1).toString());
    }

    @Test
    @DisplayName("the pairing rules apply too when the second arrived first")
    void secondEarlierArrivingFirst() {
      Pass second = second(IN_TICKET, 7_300, AT.minusSeconds(1)).build();
      Pass first = inFirst().build();
      InvalidInputException e = invalid(() -> Tickets.admit(List.of(second), first));
      assertEquals(List.of("at"), fields(e.errors()));
    }

    @Test
    @DisplayName("two weighings at the same instant are accepted")
    void sameInstant() {
      assertEquals(AT, admitAll(inFirst().build(), second(IN_TICKET, 7_300, AT).build()).closedAt());
    }

    @Test
    @DisplayName("every pairing problem is reported at once")
    void severalPairErrors() {
      Pass first = inFirst().build();
      Pass second = second(IN_TICKET, 18_460, AT.minusSeconds(60)).bridge("wb2").carrier("p06").build();
      InvalidInputException e = invalid(() -> Tickets.admit(List.of(first), second));
      assertEquals(List.of("bridge", "weightKg", "at", "carrier"), fields(e.errors()));
    }

    static Stream<Arguments> repeatedFields() {
      return Stream.of(
          Arguments.of("direction", true, (UnaryOperator<PassBuilder>) b -> b.direction(Direction.IN)),
          Arguments.of("plate", true, (UnaryOperator<PassBuilder>) b -> b.plate("ZZ-999-ZZ")),
          Arguments.of("carrier", true, (UnaryOperator<PassBuilder>) b -> b.carrier("p05")),
          Arguments.of("wasteCode", true, (UnaryOperator<PassBuilder>) b -> b.wasteCode(wasteCode("19 12 01"))),
          Arguments.of("destination", true, (UnaryOperator<PassBuilder>) b -> b.destination("p07")),
          Arguments.of("operation", true, (UnaryOperator<PassBuilder>) b -> b.operation("R 1")),
          Arguments.of("mode", true, (UnaryOperator<PassBuilder>) b -> b.mode(Mode.OTHER_RECOVERY)),
          Arguments.of("origin", false, (UnaryOperator<PassBuilder>) b -> b.origin(new Origin("cp-002", "69259"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("repeatedFields")
    @DisplayName("a field the second repeats with another value is refused on that field")
    void repeatedWithOtherValue(String field, boolean out, UnaryOperator<PassBuilder> change) {
      // given a first pass that says something about the field (mode R 3 RECYCLING declared explicitly)
      Pass first = out ? outFirst().mode(Mode.RECYCLING).build() : inFirst().build();
      Pass second = change.apply(second(first.ticket(), out ? 19_200 : 7_300, LATER)).build();
      // when
      InvalidInputException e = invalid(() -> Tickets.admit(List.of(first), second));
      // then
      assertEquals(List.of(field), fields(e.errors()));
      assertContains(e.errors().get(0).message(), "differs between the first", "and second");
    }

    @Test
    @DisplayName("a second repeating the first's values, with the plate written differently, is accepted")
    void repeatedWithSameValue() {
      Pass first = outFirst().build();
      Pass second = second(OUT_TICKET, 19_200, LATER).direction(Direction.OUT).plate("ab 123 cd").carrier("p01")
          .wasteCode(wasteCode("191207")).destination("p02").operation("r3").build();
      TicketState t = admitAll(first, second);
      assertEquals(8_200L, t.netKg());
      assertEquals("AB-123-CD", t.plate());
    }
  }

  @Nested
  @DisplayName("mode, final flag and manual flag")
  class Flags {
    @ParameterizedTest(name = "{0} -> {1}, final={2}")
    @CsvSource(nullValues = "null", value = {
        "R 0, REUSE, true",
        "R 1, ENERGY_RECOVERY, true",
        "R 3, RECYCLING, true",
        "R 11, RECYCLING, true",
        "D 1, DISPOSAL, true",
        "D 10, DISPOSAL, true",
        "R 12, null, false",
        "R 13, null, false",
        "D 9, null, false",
        "D 15, null, false",
    })
    @DisplayName("an OUT ticket's mode follows its operation; non-final codes have no mode and are not final")
    void modeFromOperation(String operation, Mode mode, boolean isFinal) {
      TicketState t = admitAll(outFirst().operation(operation).build(), second(OUT_TICKET, 19_200, LATER).build());
      assertEquals(mode, t.mode());
      assertEquals(isFinal, t.isFinal());
      assertEquals(operation, t.operation().toString());
    }

    @ParameterizedTest(name = "{0} declared {1}")
    @CsvSource({"R 3, OTHER_RECOVERY", "R 5, OTHER_RECOVERY", "R 9, ENERGY_RECOVERY", "R 11, ENERGY_RECOVERY"})
    @DisplayName("a mode declared on the pass overrides the operation's default")
    void modeOverride(String operation, Mode mode) {
      TicketState t = admitAll(outFirst().operation(operation).mode(mode).build(),
          second(OUT_TICKET, 19_200, LATER).build());
      assertEquals(mode, t.mode());
      assertTrue(t.isFinal());
    }

    @Test
    @DisplayName("the mode is known while the ticket is still open")
    void modeWhileOpen() {
      TicketState t = Tickets.admit(List.of(), outFirst().operation("D 10").build());
      assertEquals(TicketStatus.OPEN, t.status());
      assertEquals(Mode.DISPOSAL, t.mode());
      assertTrue(t.isFinal());
    }

    @Test
    @DisplayName("an IN ticket has no mode and is not final")
    void inTicketHasNoMode() {
      TicketState t = admitAll(inFirst().build(), second(IN_TICKET, 7_300, LATER).build());
      assertNull(t.mode());
      assertFalse(t.isFinal());
    }

    @Test
    @DisplayName("the ticket is manual when its first weighing is manual")
    void manualFirst() {
      TicketState t = admitAll(inFirst().manual(true).manualReason("printer jam").build(),
          second(IN_TICKET, 7_300, LATER).build());
      assertTrue(t.manual());
    }

    @Test
    @DisplayName("the ticket is manual when only its second weighing is manual")
    void manualSecond() {
      TicketState t = admitAll(inFirst().build(),
          second(IN_TICKET, 7_300, LATER).manual(true).manualReason("printer jam").build());
      assertTrue(t.manual());
    }

    @Test
    @DisplayName("the ticket is not manual when no weighing is manual")
    void notManual() {
      assertFalse(admitAll(inFirst().build(), second(IN_TICKET, 7_300, LATER).build()).manual());
    }
  }

  @Nested
  @DisplayName("fields only the second weighing gives")
  class SecondOnlyFields {
    @Test
    @DisplayName("a mode declared at exit is kept when the first weighing gave none")
    void modeAtExit() {
      TicketState t = admitAll(outFirst().build(), second(OUT_TICKET, 21_000, LATER).mode(Mode.OTHER_RECOVERY).build());
      assertEquals(Mode.OTHER_RECOVERY, t.mode());
      assertEquals(10_000L, t.netKg());
    }

    @Test
    @DisplayName("a mode declared at exit that the first weighing's operation does not allow is refused")
    void modeNotAllowed() {
      Pass first = outFirst().operation("R 4").build();
      Pass second = second(OUT_TICKET, 21_000, LATER).mode(Mode.OTHER_RECOVERY).build();
      InvalidInputException e = invalid(() -> Tickets.admit(List.of(first), second));
      assertEquals(List.of("mode"), fields(e.errors()));
    }

    @Test
    @DisplayName("an origin only the second weighing gives is kept on the ticket")
    void originAtExit() {
      Pass first = inFirst().origin(null).build();
      Pass second = second(IN_TICKET, 11_220, LATER).origin(new Origin("cp-002", "69256")).build();
      assertEquals(new Origin("cp-002", "69256"), admitAll(first, second).origin());
    }
  }
}
