package fr.iloe.tracker.domain;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * The SIEG convention's parameters for the valorisation trajectory (domain.md B7), in force from
 * {@code effectiveFrom} until the next version. Rates are exact decimals between 0 and 1, never floating point.
 *
 * @param headline which rate the SIEG target uses: {@code material} or {@code global}
 * @param basis the default denominator: {@code outbound} (final OUT tonnage) or {@code inbound} (IN tonnage)
 * @param money the compensation terms, null when this version fixes none (no compensation report then)
 */
public record ConventionParameters(
    LocalDate effectiveFrom,
    LocalDate siegStart,
    LocalDate targetDate,
    BigDecimal baselineRate,
    BigDecimal targetRate,
    long annualTargetKg,
    String headline,
    String basis,
    CompensationTerms money) {

  /** Parameters of the trajectory only, without money terms. */
  public ConventionParameters(LocalDate effectiveFrom, LocalDate siegStart, LocalDate targetDate, BigDecimal baselineRate,
      BigDecimal targetRate, long annualTargetKg, String headline, String basis) {
    this(effectiveFrom, siegStart, targetDate, baselineRate, targetRate, annualTargetKg, headline, basis, null);
  }

  /** Used until a bundle gives parameters: the seed's 20 % to 80 %, 3,000 t a year. */
  public static final ConventionParameters DEFAULT = new ConventionParameters(LocalDate.of(2019, 1, 1),
      LocalDate.of(2019, 1, 1), LocalDate.of(2026, 12, 31), new BigDecimal("0.20"), new BigDecimal("0.80"), 3_000_000,
      "global", "outbound");
}
