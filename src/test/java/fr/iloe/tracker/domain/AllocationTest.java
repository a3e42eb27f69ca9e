package fr.iloe.tracker.domain;

import static fr.iloe.tracker.domain.Fixtures.inFirst;
import static fr.iloe.tracker.domain.Fixtures.outFirst;
import static fr.iloe.tracker.domain.Fixtures.second;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Allocation: who is credited with a closed ticket's kilograms")
class AllocationTest {
  private static final Instant CLOSE = Instant.parse("2026-03-05T10:00:00Z");

  private static TicketState inTicket(long first, long second) {
    Pass a = inFirst().at(CLOSE.minusSeconds(600)).weightKg(first).build();
    Pass b = second(a.ticket(), second, CLOSE).build();
    return Tickets.admit(List.of(a), b);
  }

  private static TicketState outTicket(String operation, long tare, long gross) {
    Pass a = outFirst().at(CLOSE.minusSeconds(600)).weightKg(tare).operation(operation).build();
    Pass b = second(a.ticket(), gross, CLOSE).build();
    return Tickets.admit(List.of(a), b);
  }

  private static AllocationRule rule(String id, Activity activity, String wasteCode, String from, String to, Share... shares) {
    return new AllocationRule(id, Fixtures.SITE, activity, wasteCode == null ? null : new WasteCode(wasteCode),
        LocalDate.parse(from), to == null ? null : LocalDate.parse(to), List.of(shares));
  }

  @Test
  @DisplayName("an IN ticket without rules: COLLECTION to the carrier, SORTING to UNALLOCATED, each summing to the net")
  void inWithoutRules() {
    List<AllocationLine> lines = Allocation.lines(inTicket(18460, 11220), List.of(), List.of());
    assertEquals(List.of(new AllocationLine(Activity.COLLECTION, "p01", null, 7240),
        new AllocationLine(Activity.SORTING, ReferenceData.UNALLOCATED, null, 7240)), lines);
  }

  @Test
  @DisplayName("a SORTING rule in force on the closing day splits the net by basis points")
  void sortingRule() {
    AllocationRule r = rule("r1", Activity.SORTING, null, "2026-03-01", "2026-03-31",
        new Share("p03", 6000), new Share("p04", 4000));
    List<AllocationLine> lines = Allocation.lines(inTicket(18460, 11220), List.of(r), List.of());
    assertEquals(List.of(new AllocationLine(Activity.COLLECTION, "p01", null, 7240),
        new AllocationLine(Activity.SORTING, "p03", null, 4344), new AllocationLine(Activity.SORTING, "p04", null, 2896)),
        lines);
  }

  @Test
  @DisplayName("a rule that ended the day before, or starts the day after, does not apply (days in Europe/Paris)")
  void ruleDays() {
    AllocationRule ended = rule("r1", Activity.SORTING, null, "2026-02-01", "2026-03-04", new Share("p03", 10000));
    AllocationRule later = rule("r2", Activity.SORTING, null, "2026-03-06", null, new Share("p04", 10000));
    List<AllocationLine> lines = Allocation.lines(inTicket(18460, 11220), List.of(ended, later), List.of());
    assertEquals(ReferenceData.UNALLOCATED, lines.get(1).partner());
    // 23:30 UTC on 4 March is 00:30 on 5 March in Paris: the rule ending on the 4th no longer applies
    Pass a = inFirst().at(Instant.parse("2026-03-04T22:00:00Z")).build();
    Pass b = second(a.ticket(), 11220, Instant.parse("2026-03-04T23:30:00Z")).build();
    TicketState t = Tickets.admit(List.of(a), b);
    AllocationRule fifth = rule("r3", Activity.SORTING, null, "2026-03-05", "2026-03-05", new Share("p03", 10000));
    assertEquals("p03", Allocation.lines(t, List.of(ended, fifth), List.of()).get(1).partner());
  }

  @Test
  @DisplayName("a rule naming the ticket's waste code wins over one naming none; a rule overrides the carrier")
  void wasteCodeRuleWins() {
    AllocationRule general = rule("a", Activity.TREATMENT, null, "2026-01-01", null, new Share("p05", 10000));
    AllocationRule wood = rule("b", Activity.TREATMENT, "19 12 07", "2026-01-01", null, new Share("p06", 10000));
    AllocationRule transport = rule("c", Activity.TRANSPORT, null, "2026-01-01", null,
        new Share("p05", 5000), new Share("p01", 5000));
    TicketState t = outTicket("R 3", 11000, 21000);
    List<AllocationLine> lines = Allocation.lines(t, List.of(general, wood, transport), List.of());
    assertEquals(List.of(new AllocationLine(Activity.TRANSPORT, "p01", Mode.RECYCLING, 5000),
        new AllocationLine(Activity.TRANSPORT, "p05", Mode.RECYCLING, 5000),
        new AllocationLine(Activity.TREATMENT, "p06", Mode.RECYCLING, 10000)), lines);
  }

  @Test
  @DisplayName("an OUT lot under R 13 is pending (no mode); its final operations split each credit over the modes")
  void pendingThenResolved() {
    TicketState t = outTicket("R 13", 11000, 21000);
    List<AllocationLine> pending = Allocation.lines(t, List.of(), List.of());
    assertTrue(pending.stream().allMatch(l -> l.mode() == null));
    List<FinalOperation> finals = List.of(new FinalOperation(OperationCode.parse("R 3").orElseThrow(), Mode.RECYCLING, 7000),
        new FinalOperation(OperationCode.parse("R 1").orElseThrow(), Mode.ENERGY_RECOVERY, 3000));
    List<AllocationLine> resolved = Allocation.resolve(pending, finals);
    assertEquals(List.of(new AllocationLine(Activity.TRANSPORT, "p01", Mode.RECYCLING, 7000),
        new AllocationLine(Activity.TRANSPORT, "p01", Mode.ENERGY_RECOVERY, 3000),
        new AllocationLine(Activity.TREATMENT, "p02", Mode.RECYCLING, 7000),
        new AllocationLine(Activity.TREATMENT, "p02", Mode.ENERGY_RECOVERY, 3000)),
        resolved.stream().sorted(java.util.Comparator.comparing((AllocationLine l) -> l.activity().ordinal())
            .thenComparing(l -> l.mode().ordinal())).toList());
    assertEquals(resolved.stream().sorted(java.util.Comparator.comparing(Object::toString)).toList(),
        Allocation.lines(t, List.of(), finals).stream().sorted(java.util.Comparator.comparing(Object::toString)).toList());
  }

  @Test
  @DisplayName("compensation appends nothing when the lines agree, else the old negated and the new added")
  void compensation() {
    List<AllocationLine> old = List.of(new AllocationLine(Activity.SORTING, "p03", null, 4344),
        new AllocationLine(Activity.SORTING, "p04", null, 2896));
    assertEquals(List.of(), Allocation.compensation(old, List.of(old.get(1), old.get(0))));
    List<AllocationLine> wanted = List.of(new AllocationLine(Activity.SORTING, "p03", null, 3620),
        new AllocationLine(Activity.SORTING, "p04", null, 3620));
    List<AllocationLine> change = Allocation.compensation(old, wanted);
    assertEquals(List.of(new AllocationLine(Activity.SORTING, "p03", null, -4344),
        new AllocationLine(Activity.SORTING, "p04", null, -2896), wanted.get(0), wanted.get(1)), change);
    List<AllocationLine> after = new java.util.ArrayList<>(old);
    after.addAll(change);
    assertEquals(Allocation.sums(wanted), Allocation.sums(after));
  }

  @Test
  @DisplayName("final operations must be final codes summing to the net, on a pending OUT lot, once")
  void finalOperationRules() {
    TicketState pending = outTicket("R 13", 11000, 21000);
    FinalOperation r3 = new FinalOperation(OperationCode.parse("R 3").orElseThrow(), Mode.RECYCLING, 7000);
    FinalOperation r1 = new FinalOperation(OperationCode.parse("R 1").orElseThrow(), Mode.ENERGY_RECOVERY, 2999);
    InvalidInputException sum = assertThrows(InvalidInputException.class,
        () -> FinalOperations.check(pending, List.of(), List.of(r3, r1)));
    assertEquals("final", sum.errors().get(0).field());
    assertTrue(sum.errors().get(0).message().contains("9999"));
    FinalOperation r13 = new FinalOperation(OperationCode.parse("R 13").orElseThrow(), Mode.RECYCLING, 3000);
    assertEquals("final[1].operation", assertThrows(InvalidInputException.class,
        () -> FinalOperations.check(pending, List.of(), List.of(r3, r13))).errors().get(0).field());
    assertThrows(ConflictException.class, () -> FinalOperations.check(outTicket("R 3", 11000, 21000), List.of(),
        List.of(r3)));
    assertThrows(ConflictException.class, () -> FinalOperations.check(pending, List.of(r3), List.of(r3)));
    assertThrows(ConflictException.class, () -> FinalOperations.check(inTicket(18460, 11220), List.of(), List.of(r3)));
  }

  @Test
  @DisplayName("compensation leaves the activities whose credit does not change alone")
  void compensationPerActivity() {
    List<AllocationLine> old = List.of(new AllocationLine(Activity.COLLECTION, "p01", null, 7240),
        new AllocationLine(Activity.SORTING, "p03", null, 7240));
    List<AllocationLine> wanted = List.of(new AllocationLine(Activity.COLLECTION, "p01", null, 7240),
        new AllocationLine(Activity.SORTING, "p04", null, 7240));
    assertEquals(List.of(new AllocationLine(Activity.SORTING, "p03", null, -7240),
        new AllocationLine(Activity.SORTING, "p04", null, 7240)), Allocation.compensation(old, wanted));
  }
}
