package fr.iloe.tracker.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Valorisation rates over a period (domain.md B6-B8), from integer masses: OUT kilograms by final mode,
 * pending kilograms (non-final codes) and IN kilograms.
 *
 * <p>Outbound basis: {@code material = (REUSE + RECYCLING + OTHER_RECOVERY) / final_out},
 * {@code global = (material + ENERGY_RECOVERY) / final_out}, {@code disposal = DISPOSAL / final_out}; pending
 * mass is in neither numerator nor denominator. Inbound basis: the denominator is the IN mass, and pending
 * mass counts as not valorised. Rates are ratios rounded half-even to 6 decimals, null when the denominator
 * is zero.
 */
public record Valorisation(
    Period period,
    String basis,
    long inKg,
    long outKg,
    long finalOutKg,
    long pendingKg,
    Map<Mode, Long> byMode,
    long materialKg,
    long globalKg,
    long disposalKg,
    long denominatorKg,
    BigDecimal materialRate,
    BigDecimal globalRate,
    BigDecimal disposalRate,
    String headline,
    BigDecimal headlineRate,
    BigDecimal trajectoryRate,
    long targetKg,
    ConventionParameters parameters) {

  public static final int SCALE = 6;

  public static Valorisation of(Period period, String basis, long inKg, Map<Mode, Long> outByMode, long pendingKg,
      ConventionParameters p, LocalDate today) {
    Map<Mode, Long> byMode = new EnumMap<>(Mode.class);
    for (Mode m : Mode.values()) {
      byMode.put(m, outByMode.getOrDefault(m, 0L));
    }
    long finalOut = byMode.values().stream().mapToLong(Long::longValue).sum();
    long material = byMode.get(Mode.REUSE) + byMode.get(Mode.RECYCLING) + byMode.get(Mode.OTHER_RECOVERY);
    long global = material + byMode.get(Mode.ENERGY_RECOVERY);
    long disposal = byMode.get(Mode.DISPOSAL);
    long denominator = "inbound".equals(basis) ? inKg : finalOut;
    BigDecimal materialRate = ratio(material, denominator);
    BigDecimal globalRate = ratio(global, denominator);
    return new Valorisation(period, basis, inKg, finalOut + pendingKg, finalOut, pendingKg, byMode, material, global,
        disposal, denominator, materialRate, globalRate, ratio(disposal, denominator), p.headline(),
        "material".equals(p.headline()) ? materialRate : globalRate, trajectory(p, trajectoryDay(period, today)),
        targetKg(p, period), p);
  }

  /** A ratio of integer masses, half-even to 6 decimals; null for a zero denominator. */
  public static BigDecimal ratio(long numerator, long denominator) {
    return denominator == 0 ? null
        : BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), SCALE, RoundingMode.HALF_EVEN);
  }

  /**
   * The target rate on {@code day} (domain.md B7): the baseline until the SIEG start, then linear in days up
   * to the target rate on the target date, and the target rate after it.
   */
  public static BigDecimal trajectory(ConventionParameters p, LocalDate day) {
    if (!day.isAfter(p.siegStart())) {
      return p.baselineRate().setScale(SCALE, RoundingMode.HALF_EVEN);
    }
    if (!day.isBefore(p.targetDate())) {
      return p.targetRate().setScale(SCALE, RoundingMode.HALF_EVEN);
    }
    long elapsed = ChronoUnit.DAYS.between(p.siegStart(), day);
    long span = ChronoUnit.DAYS.between(p.siegStart(), p.targetDate());
    return p.baselineRate().add(p.targetRate().subtract(p.baselineRate())
        .multiply(BigDecimal.valueOf(elapsed)).divide(BigDecimal.valueOf(span), SCALE + 4, RoundingMode.HALF_EVEN))
        .setScale(SCALE, RoundingMode.HALF_EVEN);
  }

  /** A period is held to the trajectory of its last day, or of today while it runs. */
  static LocalDate trajectoryDay(Period period, LocalDate today) {
    return today.isBefore(period.last()) && !today.isBefore(period.first()) ? today : period.last();
  }

  /** The annual target for a year; for another period, the annual target in proportion to its days (half-even). */
  public static long targetKg(ConventionParameters p, Period period) {
    long days = ChronoUnit.DAYS.between(period.first(), period.last()) + 1;
    long yearDays = period.first().lengthOfYear();
    if (period.first().getDayOfYear() == 1 && days == yearDays) {
      return p.annualTargetKg();
    }
    return BigDecimal.valueOf(p.annualTargetKg()).multiply(BigDecimal.valueOf(days))
        .divide(BigDecimal.valueOf(yearDays), 0, RoundingMode.HALF_EVEN).longValueExact();
  }

  /** The parameters in force on {@code day}: the version with the latest effective date on or before it. */
  public static ConventionParameters inForce(List<ConventionParameters> versions, LocalDate day) {
    Optional<ConventionParameters> p = versions.stream().filter(v -> !v.effectiveFrom().isAfter(day))
        .max(java.util.Comparator.comparing(ConventionParameters::effectiveFrom));
    return p.orElse(versions.stream().min(java.util.Comparator.comparing(ConventionParameters::effectiveFrom))
        .orElse(ConventionParameters.DEFAULT));
  }
}
