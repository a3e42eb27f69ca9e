package fr.iloe.tracker.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The SIEG compensation of a period (domain.md B9), a pure function of the ledger's kilograms, the convention's
 * versioned terms, the insertion hours and the payments. Every amount is integer cents;
 * {@code cents = round_half_even(kg * cents_per_t / 1000)}, rounded once per line.
 *
 * <p>Eligible costs: each activity's kilograms (by mode and waste code) at the unit rate in force on their day,
 * the fixed annual part in proportion to the period's days, and the insertion hours at the hourly rate.
 * Revenues: the material sales and REP supports per tonne shipped (OUT kilograms by waste code). Net cost =
 * costs - revenues; reasonable profit = the net cost times its rate (none on a negative net cost); the
 * performance adjustment = (headline rate - trajectory) in points times the amount per point, within the cap;
 * the compensation due = net cost + profit + adjustment, never above net cost + profit (the Altmark cap) and
 * never below zero. Paid beyond what is due is overcompensation: up to the carry-forward share of the average
 * annual compensation is carried to the next period, the rest is to repay.
 */
public final class Compensation {
  private Compensation() {}

  /** Kilograms of the ledger summed by day, partner, activity, mode, waste code and direction. */
  public record MassLine(LocalDate day, String partner, Activity activity, Mode mode, WasteCode wasteCode,
      Direction direction, long kg) {}

  /** One priced line: kilograms at a rate of a parameter version. {@code centsPerTonne} null: no rate fixed. */
  public record PricedLine(String kind, Activity activity, Mode mode, WasteCode wasteCode, String ecoOrganism,
      LocalDate version, long kg, Long centsPerTonne, long cents) {}

  /** One obligation of the convention, met or not, with its figure and its target. */
  public record Obligation(String name, boolean met, String figure, String target) {}

  public record Result(
      Period period,
      String partner,
      List<PricedLine> costLines,
      long tonnageCostCents,
      long fixedCents,
      BigDecimal insertionHours,
      long insertionCents,
      long eligibleCostCents,
      List<PricedLine> revenueLines,
      long revenueCents,
      long netCostCents,
      long reasonableProfitCents,
      BigDecimal rateGapPoints,
      long performanceCents,
      long uncappedCents,
      long capCents,
      long dueCents,
      long paidCents,
      long overCents,
      long underCents,
      long averageAnnualCents,
      long carryForwardCents,
      long toRepayCents,
      List<Obligation> obligations,
      List<LocalDate> versionsUsed) {}

  /** What a period's report needs besides the kilograms. */
  public record Inputs(
      Period period,
      String partner,
      List<MassLine> lines,
      List<ConventionParameters> versions,
      List<Payment> payments,
      BigDecimal insertionHours,
      Valorisation valorisation,
      long stockChangeKg,
      long averageAnnualCents) {}

  /**
   * @throws InvalidInputException when no convention version with money terms is in force on the period's last day
   */
  public static Result compute(Inputs in) {
    Period period = in.period();
    ConventionParameters atEnd = Valorisation.inForce(in.versions(), period.last());
    if (atEnd.money() == null || atEnd.effectiveFrom().isAfter(period.last())) {
      throw new InvalidInputException("period", "no convention parameters with compensation terms are in force on "
          + period.last() + ": give them in the reference bundle (conventionParameters[].money)");
    }
    CompensationTerms terms = atEnd.money();
    // the versions whose terms priced a line, by effective date
    Map<LocalDate, CompensationTerms> termsUsed = new TreeMap<>();

    // eligible costs by tonnage: each line at the rate of the version in force on its day
    Map<List<Object>, long[]> costKg = new TreeMap<>(Comparator.comparing(Object::toString));
    Map<List<Object>, long[]> salesKg = new TreeMap<>(Comparator.comparing(Object::toString));
    for (MassLine l : in.lines()) {
      Pricing pricing = pricing(in.versions(), atEnd, l.day());
      LocalDate version = pricing.version();
      termsUsed.putIfAbsent(version, pricing.terms());
      Optional<CompensationTerms.UnitRate> rate = pricing.rateFor(l);
      List<Object> key = java.util.Arrays.asList(l.activity(), l.mode(), rate.map(CompensationTerms.UnitRate::wasteCode)
          .orElse(null), version, rate.map(CompensationTerms.UnitRate::centsPerTonne).orElse(null));
      costKg.computeIfAbsent(key, k -> new long[1])[0] += l.kg();
      if (l.direction() == Direction.OUT && l.activity() == Activity.TREATMENT) {
        salesKg.computeIfAbsent(java.util.Arrays.asList(l.wasteCode(), version), k -> new long[1])[0] += l.kg();
      }
    }
    List<PricedLine> costLines = new ArrayList<>();
    costKg.forEach((k, kg) -> {
      Long rate = (Long) k.get(4);
      costLines.add(new PricedLine("cost", (Activity) k.get(0), (Mode) k.get(1), (WasteCode) k.get(2), null,
          (LocalDate) k.get(3), kg[0], rate, rate == null ? 0 : cents(kg[0], rate)));
    });
    costLines.sort(Comparator.comparing((PricedLine p) -> p.activity().ordinal())
        .thenComparing(p -> p.mode() == null ? -1 : p.mode().ordinal())
        .thenComparing(p -> p.wasteCode() == null ? "" : p.wasteCode().code()).thenComparing(PricedLine::version));
    long tonnageCost = costLines.stream().mapToLong(PricedLine::cents).sum();

    boolean overall = in.partner() == null;
    long fixed = overall ? fixedPart(in.versions(), period, terms) : 0;
    long insertion = half(in.insertionHours().multiply(BigDecimal.valueOf(terms.insertionHourlyCents())));
    long eligible = tonnageCost + fixed + insertion;

    // revenues: shipped kilograms by waste code, at the prices and supports of their day's version
    List<PricedLine> revenueLines = new ArrayList<>();
    if (overall) {
      salesKg.forEach((k, kg) -> {
        WasteCode code = (WasteCode) k.get(0);
        LocalDate version = (LocalDate) k.get(1);
        CompensationTerms t = termsUsed.get(version);
        t.materialSales().stream().filter(r -> r.wasteCode().equals(code)).forEach(r -> revenueLines.add(new PricedLine(
            "sale", null, null, code, null, version, kg[0], r.centsPerTonne(), cents(kg[0], r.centsPerTonne()))));
        t.repSupports().stream().filter(r -> r.wasteCode().equals(code)).forEach(r -> revenueLines.add(new PricedLine(
            "rep", null, null, code, r.ecoOrganism(), version, kg[0], r.centsPerTonne(), cents(kg[0], r.centsPerTonne()))));
      });
    }
    long revenue = revenueLines.stream().mapToLong(PricedLine::cents).sum();
    long net = eligible - revenue;
    long profit = net > 0 ? half(BigDecimal.valueOf(net).multiply(BigDecimal.valueOf(terms.reasonableProfitBp()))
        .divide(BigDecimal.valueOf(10_000))) : 0;

    // performance: points of headline rate above (bonus) or below (malus) the trajectory, within the cap
    Valorisation v = in.valorisation();
    BigDecimal gap = v.headlineRate() == null ? null
        : v.headlineRate().subtract(v.trajectoryRate()).multiply(BigDecimal.valueOf(100));
    long performance = 0;
    if (overall && gap != null) {
      performance = half(gap.multiply(BigDecimal.valueOf(terms.bonusCentsPerPoint())));
      performance = Math.max(-terms.bonusCapCents(), Math.min(terms.bonusCapCents(), performance));
    }
    long cap = net + profit;
    long uncapped = cap + performance;
    long due = overall ? Math.max(0, Math.min(uncapped, cap)) : 0;
    long paid = overall ? in.payments().stream().filter(p -> period.contains(p.day().atStartOfDay(Period.ZONE).toInstant()))
        .mapToLong(Payment::cents).sum() : 0;
    long over = Math.max(0, paid - due);
    long under = Math.max(0, due - paid);
    long carry = Math.min(over, half(BigDecimal.valueOf(in.averageAnnualCents())
        .multiply(BigDecimal.valueOf(terms.carryForwardBp())).divide(BigDecimal.valueOf(10_000))));

    List<Obligation> obligations = overall ? obligations(in, terms, v) : List.of();
    List<LocalDate> versionsUsed = termsUsed.isEmpty() ? List.of(atEnd.effectiveFrom())
        : new ArrayList<>(termsUsed.keySet());
    return new Result(period, in.partner(), costLines, tonnageCost, fixed, in.insertionHours(), insertion, eligible,
        revenueLines, revenue, net, profit, gap == null ? null : gap.setScale(4, RoundingMode.HALF_EVEN), performance,
        uncapped, cap, due, paid, over, under, in.averageAnnualCents(), carry, over - carry, obligations, versionsUsed);
  }

  /** The terms that price a line: its day's version's, and its effective date. */
  public record Pricing(LocalDate version, CompensationTerms terms) {
    public Optional<CompensationTerms.UnitRate> rateFor(MassLine l) {
      return terms.rateFor(l.activity(), l.mode(), l.wasteCode());
    }
  }

  /**
   * The terms of the version in force on {@code day}; when that version has no compensation terms, those of
   * {@code atEnd}, the version in force at the period's end, which has them.
   */
  public static Pricing pricing(List<ConventionParameters> versions, ConventionParameters atEnd, LocalDate day) {
    ConventionParameters v = Valorisation.inForce(versions, day);
    return v.money() == null ? new Pricing(atEnd.effectiveFrom(), atEnd.money()) : new Pricing(v.effectiveFrom(), v.money());
  }

  /** {@code round_half_even(kg * cents_per_t / 1000)}. */
  public static long cents(long kg, long centsPerTonne) {
    return half(BigDecimal.valueOf(kg).multiply(BigDecimal.valueOf(centsPerTonne)).divide(BigDecimal.valueOf(1000)));
  }

  private static long half(BigDecimal amount) {
    return amount.setScale(0, RoundingMode.HALF_EVEN).longValueExact();
  }

  /**
   * The fixed annual part in proportion to the period's days: each day counts 1/365 (1/366 in a leap year) of
   * the annual part of the version in force that day, summed exactly, rounded once. Exactly: the annual parts
   * of ordinary and of leap-year days are summed apart, {@code s365 / 365 + s366 / 366} is one fraction, and
   * only its quotient is rounded.
   */
  static long fixedPart(List<ConventionParameters> versions, Period period, CompensationTerms fallback) {
    long ordinary = 0;
    long leap = 0;
    for (LocalDate day = period.first(); !day.isAfter(period.last()); day = day.plusDays(1)) {
      ConventionParameters v = Valorisation.inForce(versions, day);
      long annual = (v.money() == null ? fallback : v.money()).fixedAnnualCents();
      if (day.isLeapYear()) {
        leap = Math.addExact(leap, annual);
      } else {
        ordinary = Math.addExact(ordinary, annual);
      }
    }
    BigDecimal numerator = BigDecimal.valueOf(ordinary).multiply(BigDecimal.valueOf(366))
        .add(BigDecimal.valueOf(leap).multiply(BigDecimal.valueOf(365)));
    return numerator.divide(BigDecimal.valueOf(365 * 366), 0, RoundingMode.HALF_EVEN).longValueExact();
  }

  private static List<Obligation> obligations(Inputs in, CompensationTerms terms, Valorisation v) {
    List<Obligation> out = new ArrayList<>();
    out.add(new Obligation("headline rate against the trajectory",
        v.headlineRate() != null && v.headlineRate().compareTo(v.trajectoryRate()) >= 0,
        v.headlineRate() == null ? "no final OUT tonnage" : v.headlineRate().toPlainString(), v.trajectoryRate().toPlainString()));
    out.add(new Obligation("tonnage against the target", v.inKg() >= v.targetKg(), v.inKg() + " kg", v.targetKg() + " kg"));
    long days = ChronoUnit.DAYS.between(in.period().first(), in.period().last()) + 1;
    BigDecimal hoursTarget = terms.insertionTargetHours().multiply(BigDecimal.valueOf(days))
        .divide(BigDecimal.valueOf(in.period().first().lengthOfYear()), 2, RoundingMode.HALF_EVEN);
    out.add(new Obligation("insertion hours against the target", in.insertionHours().compareTo(hoursTarget) >= 0,
        in.insertionHours().toPlainString() + " h (" + in.insertionHours().divide(terms.fteHours(), 2, RoundingMode.HALF_EVEN)
            .toPlainString() + " FTE)", hoursTarget.toPlainString() + " h"));
    out.add(new Obligation("no mass pending a final operation", v.pendingKg() == 0, v.pendingKg() + " kg", "0 kg"));
    long unallocated = in.lines().stream().filter(l -> ReferenceData.UNALLOCATED.equals(l.partner()))
        .mapToLong(MassLine::kg).sum();
    out.add(new Obligation("no mass left unallocated", unallocated == 0, unallocated + " kg", "0 kg"));
    long gap = v.inKg() - v.outKg() - in.stockChangeKg();
    BigDecimal gapRate = Valorisation.ratio(Math.abs(gap), v.inKg());
    BigDecimal tolerance = BigDecimal.valueOf(terms.massBalanceToleranceBp()).divide(BigDecimal.valueOf(10_000));
    out.add(new Obligation("mass balance within tolerance", gapRate == null ? gap == 0 : gapRate.compareTo(tolerance) <= 0,
        gap + " kg" + (gapRate == null ? "" : " (" + gapRate.toPlainString() + " of IN)"),
        "|gap| <= " + tolerance.toPlainString() + " of IN"));
    return out;
  }
}
