package fr.iloe.tracker.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Valorisation rates, trajectory and targets (domain.md B6, B7)")
class ValorisationTest {
  private static final ConventionParameters P = new ConventionParameters(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 1),
      LocalDate.of(2026, 12, 31), new BigDecimal("0.20"), new BigDecimal("0.80"), 3_000_000, "global", "outbound");
  private static final Period MARCH = Period.parse("2026-03").orElseThrow();
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 28);

  @Test
  @DisplayName("outbound: material, global and disposal over the final OUT mass; pending in neither")
  void outbound() {
    Valorisation v = Valorisation.of(MARCH, "outbound", 8240, Map.of(Mode.RECYCLING, 9580L, Mode.REUSE, 1000L,
        Mode.ENERGY_RECOVERY, 5000L, Mode.DISPOSAL, 2000L), 6000, P, TODAY);
    assertEquals(17580, v.finalOutKg());
    assertEquals(23580, v.outKg());
    assertEquals(10580, v.materialKg());
    assertEquals(15580, v.globalKg());
    assertEquals(new BigDecimal("0.601820"), v.materialRate()); // 10580 / 17580 = 0.6018202...
    assertEquals(new BigDecimal("0.886234"), v.globalRate()); // 15580 / 17580 = 0.8862343...
    assertEquals(new BigDecimal("0.113766"), v.disposalRate()); // 2000 / 17580 = 0.1137656...
    assertEquals(v.globalRate(), v.headlineRate());
    assertEquals(0L, v.byMode().get(Mode.OTHER_RECOVERY));
  }

  @Test
  @DisplayName("inbound: the denominator is the IN mass and pending counts as not valorised")
  void inbound() {
    Valorisation v = Valorisation.of(MARCH, "inbound", 20000, Map.of(Mode.RECYCLING, 9000L), 6000, P, TODAY);
    assertEquals(20000, v.denominatorKg());
    assertEquals(new BigDecimal("0.450000"), v.materialRate());
  }

  @Test
  @DisplayName("a zero denominator gives null rates, not zero")
  void zero() {
    Valorisation v = Valorisation.of(MARCH, "outbound", 0, Map.of(), 500, P, TODAY);
    assertNull(v.materialRate());
    assertNull(v.headlineRate());
  }

  @Test
  @DisplayName("ratios are rounded half-even at the 6th decimal")
  void halfEven() {
    assertEquals(new BigDecimal("0.000002"), Valorisation.ratio(5, 2_000_000)); // 0.0000025 -> 0.000002
    assertEquals(new BigDecimal("0.000004"), Valorisation.ratio(7, 2_000_000)); // 0.0000035 -> 0.000004
    assertEquals(new BigDecimal("0.333333"), Valorisation.ratio(1, 3));
  }

  @Test
  @DisplayName("the trajectory runs linearly in days from the baseline at the start to the target on the target date")
  void trajectory() {
    assertEquals(new BigDecimal("0.200000"), Valorisation.trajectory(P, LocalDate.of(2025, 6, 1)));
    assertEquals(new BigDecimal("0.200000"), Valorisation.trajectory(P, LocalDate.of(2026, 1, 1)));
    // 31 March: 89 days of 364 -> 0.20 + 0.60 * 89 / 364 = 0.346703...
    assertEquals(new BigDecimal("0.346703"), Valorisation.trajectory(P, LocalDate.of(2026, 3, 31)));
    assertEquals(new BigDecimal("0.800000"), Valorisation.trajectory(P, LocalDate.of(2026, 12, 31)));
    assertEquals(new BigDecimal("0.800000"), Valorisation.trajectory(P, LocalDate.of(2027, 5, 1)));
    // a period is held to its last day's trajectory, or today's while it runs
    assertEquals(new BigDecimal("0.346703"), Valorisation.of(MARCH, "outbound", 0, Map.of(), 0, P, TODAY).trajectoryRate());
  }

  @Test
  @DisplayName("the annual target for a year; a month gets its share of the days")
  void targets() {
    assertEquals(3_000_000, Valorisation.targetKg(P, Period.parse("2026").orElseThrow()));
    assertEquals(254_795, Valorisation.targetKg(P, MARCH)); // 3,000,000 * 31 / 365 = 254,794.52
    assertEquals(8_197, Valorisation.targetKg(P, Period.parse("2028-02-29").orElseThrow())); // 3,000,000 / 366
  }

  @Test
  @DisplayName("the parameter version in force is the latest effective on or before the day")
  void versions() {
    ConventionParameters later = new ConventionParameters(LocalDate.of(2026, 7, 1), P.siegStart(), P.targetDate(),
        P.baselineRate(), new BigDecimal("0.85"), 3_400_000, "material", "outbound");
    assertEquals(P, Valorisation.inForce(List.of(later, P), LocalDate.of(2026, 6, 30)));
    assertEquals(later, Valorisation.inForce(List.of(later, P), LocalDate.of(2026, 7, 1)));
    assertEquals(ConventionParameters.DEFAULT, Valorisation.inForce(List.of(), LocalDate.of(2026, 7, 1)));
  }
}
