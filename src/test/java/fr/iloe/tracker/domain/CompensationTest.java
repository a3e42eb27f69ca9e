package fr.iloe.tracker.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Compensation: every money line to the cent, the Altmark cap and the carry-forward rule")
class CompensationTest {
  private static final Period MARCH = Period.parse("2026-03").orElseThrow();
  private static final LocalDate DAY = LocalDate.of(2026, 3, 10);

  /** Terms with round numbers: 45 €/t collection, 80 €/t sorting, 15 €/t transport, treatment by mode. */
  static CompensationTerms terms(long bonusPerPoint, long cap) {
    return new CompensationTerms(List.of(
        new CompensationTerms.UnitRate(Activity.COLLECTION, null, null, 4500),
        new CompensationTerms.UnitRate(Activity.SORTING, null, null, 8000),
        new CompensationTerms.UnitRate(Activity.TRANSPORT, null, null, 1500),
        new CompensationTerms.UnitRate(Activity.TREATMENT, Mode.RECYCLING, null, 2000),
        new CompensationTerms.UnitRate(Activity.TREATMENT, Mode.RECYCLING, new WasteCode("19 12 07"), 2500),
        new CompensationTerms.UnitRate(Activity.TREATMENT, Mode.DISPOSAL, null, 11000)),
        36_500_000, 1500, new BigDecimal("11249"), new BigDecimal("1607"),
        List.of(new CompensationTerms.Revenue(new WasteCode("19 12 07"), null, 1000)),
        List.of(new CompensationTerms.Revenue(new WasteCode("20 03 07"), "Ecomaison", 3000)),
        500, bonusPerPoint, cap, 1000, 500);
  }

  static ConventionParameters params(CompensationTerms money) {
    return new ConventionParameters(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31),
        new BigDecimal("0.20"), new BigDecimal("0.80"), 3_000_000, "global", "outbound", money);
  }

  static Compensation.MassLine line(Activity a, Mode m, String code, Direction d, long kg) {
    return new Compensation.MassLine(DAY, "p01", a, m, new WasteCode(code), d, kg);
  }

  /** March: IN 7,240 kg; OUT 9,580 kg of wood recycled and 2,000 kg landfilled. */
  static List<Compensation.MassLine> march() {
    return List.of(
        line(Activity.COLLECTION, null, "20 03 07", Direction.IN, 7240),
        line(Activity.SORTING, null, "20 03 07", Direction.IN, 7240),
        line(Activity.TRANSPORT, Mode.RECYCLING, "19 12 07", Direction.OUT, 9580),
        line(Activity.TREATMENT, Mode.RECYCLING, "19 12 07", Direction.OUT, 9580),
        line(Activity.TRANSPORT, Mode.DISPOSAL, "19 12 12", Direction.OUT, 2000),
        line(Activity.TREATMENT, Mode.DISPOSAL, "19 12 12", Direction.OUT, 2000));
  }

  static Compensation.Result compute(CompensationTerms t, List<Payment> payments, long averageAnnual) {
    ConventionParameters p = params(t);
    Valorisation v = Valorisation.of(MARCH, "outbound", 7240, Map.of(Mode.RECYCLING, 9580L, Mode.DISPOSAL, 2000L), 0, p,
        MARCH.last());
    return Compensation.compute(new Compensation.Inputs(MARCH, null, march(), List.of(p), payments,
        new BigDecimal("151.67"), v, 0, averageAnnual));
  }

  @Test
  @DisplayName("cents = round_half_even(kg * cents_per_t / 1000): ties go to the even cent")
  void rounding() {
    assertEquals(32_580, Compensation.cents(7240, 4500));
    assertEquals(0, Compensation.cents(1, 500)); // 0.5 -> 0
    assertEquals(2, Compensation.cents(3, 500)); // 1.5 -> 2
    assertEquals(2, Compensation.cents(5, 500)); // 2.5 -> 2
    assertEquals(23_950, Compensation.cents(9580, 2500));
  }

  @Test
  @DisplayName("March, line by line: costs, revenues, net cost, profit, the capped bonus, what is due and what was overpaid")
  void marchLineByLine() {
    Compensation.Result r = compute(terms(100_000, 2_000_000), List.of(new Payment("a1", LocalDate.of(2026, 3, 15),
        5_000_000, "advance")), 40_000_000);
    // tonnage: 7,240 kg x 45 + 7,240 x 80 + 9,580 x 15 + 2,000 x 15 + 9,580 x 25 (wood) + 2,000 x 110, per tonne
    List<Long> cents = r.costLines().stream().map(Compensation.PricedLine::cents).toList();
    assertEquals(List.of(32_580L, 14_370L, 3_000L, 57_920L, 23_950L, 22_000L), cents);
    assertEquals(153_820, r.tonnageCostCents());
    assertEquals(3_100_000, r.fixedCents()); // 31 days of 36,500,000 / 365
    assertEquals(227_505, r.insertionCents()); // 151.67 h x 15.00 €
    assertEquals(3_481_325, r.eligibleCostCents());
    assertEquals(9_580, r.revenueCents()); // wood sold 10 €/t; no 20 03 07 shipped, no REP support
    assertEquals(3_471_745, r.netCostCents());
    assertEquals(173_587, r.reasonableProfitCents()); // 5 % of 3,471,745 = 173,587.25
    // global rate 9,580 / 11,580 = 0.827288 against 0.346703: +48.0585 points, x 1,000 € = 4,805,850 -> cap 2,000,000
    assertEquals(new BigDecimal("48.0585"), r.rateGapPoints());
    assertEquals(2_000_000, r.performanceCents());
    assertEquals(3_645_332, r.capCents());
    assertEquals(3_645_332, r.dueCents()); // a bonus never lifts it above net cost + reasonable profit
    assertEquals(5_000_000, r.paidCents());
    assertEquals(1_354_668, r.overCents());
    assertEquals(0, r.underCents());
    assertEquals(1_354_668, r.carryForwardCents()); // under 10 % of 40,000,000
    assertEquals(0, r.toRepayCents());
    assertEquals(List.of(LocalDate.of(2026, 1, 1)), r.versionsUsed());
  }

  @Test
  @DisplayName("a malus lowers the compensation below the cap, and is itself capped")
  void malus() {
    CompensationTerms t = terms(100_000, 2_000_000);
    ConventionParameters p = params(t);
    // everything landfilled: global rate 0 against 0.346703 -> -34.6703 points -> -3,467,030 -> cap -2,000,000
    Valorisation v = Valorisation.of(MARCH, "outbound", 7240, Map.of(Mode.DISPOSAL, 11580L), 0, p, MARCH.last());
    Compensation.Result r = Compensation.compute(new Compensation.Inputs(MARCH, null, march(), List.of(p), List.of(),
        BigDecimal.ZERO.setScale(2), v, 0, 0));
    assertEquals(-2_000_000, r.performanceCents());
    assertEquals(r.capCents() - 2_000_000, r.dueCents());
    // a smaller malus, within the cap
    CompensationTerms small = terms(10_000, 2_000_000);
    ConventionParameters ps = params(small);
    Compensation.Result s = Compensation.compute(new Compensation.Inputs(MARCH, null, march(), List.of(ps), List.of(),
        BigDecimal.ZERO.setScale(2), Valorisation.of(MARCH, "outbound", 7240, Map.of(Mode.DISPOSAL, 11580L), 0, ps,
        MARCH.last()), 0, 0));
    assertEquals(-346_703, s.performanceCents()); // -34.6703 points x 100 €
    assertEquals(s.capCents() - 346_703, s.dueCents());
    assertEquals(s.dueCents(), s.underCents()); // nothing paid: all of it is owed
  }

  @Test
  @DisplayName("overcompensation: up to 10 % of the average annual compensation is carried, the rest is repaid")
  void carryForward() {
    CompensationTerms t = terms(100_000, 2_000_000);
    long due = compute(t, List.of(), 0).dueCents();
    // overpaid by 1,000,000 with an average of 10,000,000: exactly the 10 % -> all carried
    Compensation.Result at = compute(t, List.of(new Payment("a", DAY, due + 1_000_000, null)), 10_000_000);
    assertEquals(1_000_000, at.carryForwardCents());
    assertEquals(0, at.toRepayCents());
    // one cent more: one cent to repay
    Compensation.Result above = compute(t, List.of(new Payment("a", DAY, due + 1_000_001, null)), 10_000_000);
    assertEquals(1_000_000, above.carryForwardCents());
    assertEquals(1, above.toRepayCents());
    // a payment outside the period does not count
    Compensation.Result other = compute(t, List.of(new Payment("a", LocalDate.of(2026, 4, 1), 99_999_999, null)), 10_000_000);
    assertEquals(0, other.paidCents());
  }

  @Test
  @DisplayName("the fixed annual part counts each day as 1/365, or 1/366 in a leap year")
  void fixedPart() {
    CompensationTerms t = terms(0, 0);
    ConventionParameters p = params(t);
    assertEquals(36_500_000, Compensation.fixedPart(List.of(p), Period.parse("2026").orElseThrow(), t));
    assertEquals(36_500_000, Compensation.fixedPart(List.of(p), Period.parse("2028").orElseThrow(), t));
    assertEquals(2_892_077, Compensation.fixedPart(List.of(p), Period.parse("2028-02").orElseThrow(), t)); // 29/366
    // 10,000,645 x 3 / 366 = 81,972.5 exactly: a tie, to the even cent; day by day rounded sums gave 81,973
    CompensationTerms tie = new CompensationTerms(t.unitRates(), 10_000_645, t.insertionHourlyCents(),
        t.insertionTargetHours(), t.fteHours(), t.materialSales(), t.repSupports(), t.reasonableProfitBp(),
        t.bonusCentsPerPoint(), t.bonusCapCents(), t.carryForwardBp(), t.massBalanceToleranceBp());
    assertEquals(81_972, Compensation.fixedPart(List.of(params(tie)),
        Period.between(LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 3)), tie));
    // across a year end: 2 days of 2023 (/365) and 1 of 2024 (/366) of 36,500,000 = 200,000 + 99,726.78...
    assertEquals(299_727, Compensation.fixedPart(List.of(p),
        Period.between(LocalDate.of(2023, 12, 30), LocalDate.of(2024, 1, 1)), t));
  }

  @Test
  @DisplayName("a period with no compensation terms in force is refused")
  void noTerms() {
    ConventionParameters bare = params(null);
    Valorisation v = Valorisation.of(MARCH, "outbound", 0, Map.of(), 0, bare, MARCH.last());
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> Compensation.compute(new Compensation.Inputs(
        MARCH, null, List.of(), List.of(bare), List.of(), BigDecimal.ZERO, v, 0, 0)));
    assertEquals("period", e.errors().get(0).field());
  }

  @Test
  @DisplayName("the obligations are each met or not, with their figure")
  void obligations() {
    Compensation.Result r = compute(terms(0, 0), List.of(), 0);
    Map<String, Boolean> met = new java.util.HashMap<>();
    r.obligations().forEach(o -> met.put(o.name(), o.met()));
    assertTrue(met.get("headline rate against the trajectory"));
    assertFalse(met.get("tonnage against the target")); // 7,240 kg against 254,795 kg
    assertFalse(met.get("insertion hours against the target")); // 151.67 h against 955.42 h
    assertTrue(met.get("no mass pending a final operation"));
    assertTrue(met.get("no mass left unallocated"));
    assertFalse(met.get("mass balance within tolerance")); // IN 7,240 - OUT 11,580
  }

  @Test
  @DisplayName("negative rates and repeated unit rates are refused, named by path")
  void badTerms() {
    CompensationTerms t = new CompensationTerms(List.of(new CompensationTerms.UnitRate(Activity.SORTING, null, null, -1),
        new CompensationTerms.UnitRate(Activity.SORTING, null, null, 100)), -5, 0, BigDecimal.ONE, BigDecimal.ZERO,
        List.of(), List.of(), 20_000, 0, 0, 1000, 500);
    List<String> fields = t.problems("money").stream().map(FieldError::field).toList();
    assertEquals(List.of("money.unitRates[0].centsPerTonne", "money.unitRates[1]", "money.fixedAnnualCents",
        "money.fteHours", "money.reasonableProfitBp"), fields);
  }
}
