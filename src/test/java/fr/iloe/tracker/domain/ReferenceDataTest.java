package fr.iloe.tracker.domain;

import static fr.iloe.tracker.domain.Fixtures.CARRIER;
import static fr.iloe.tracker.domain.Fixtures.RECYCLER;
import static fr.iloe.tracker.domain.Fixtures.SITE;
import static fr.iloe.tracker.domain.Fixtures.SORTER_A;
import static fr.iloe.tracker.domain.Fixtures.SORTER_B;
import static fr.iloe.tracker.domain.Fixtures.fields;
import static fr.iloe.tracker.domain.Fixtures.partner;
import static fr.iloe.tracker.domain.Fixtures.wasteCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("ReferenceData: the reference bundle's consistency and merging")
class ReferenceDataTest {
  private static final LocalDate JAN_1 = LocalDate.of(2026, 1, 1);

  private static ReferenceData with(List<Partner> partners, List<Site> sites, List<StoredTare> tares,
      List<AllocationRule> rules) {
    return new ReferenceData(partners, sites, tares, rules);
  }

  private static List<Partner> partners() {
    return List.of(CARRIER, RECYCLER, SORTER_A, SORTER_B);
  }

  private static AllocationRule sortingRule(String id, LocalDate from, LocalDate to, Share... shares) {
    return new AllocationRule(id, SITE, Activity.SORTING, null, from, to, List.of(shares));
  }

  private static AllocationRule sixtyForty(String id, LocalDate from, LocalDate to) {
    return sortingRule(id, from, to, new Share("p03", 6000), new Share("p04", 4000));
  }

  private static ReferenceData withRules(AllocationRule... rules) {
    return with(partners(), List.of(Fixtures.site()), List.of(), List.of(rules));
  }

  private static ReferenceData withBridge(Weighbridge b) {
    Site s = new Site(SITE, "Saint-Priest", "69290", List.of(b), List.of());
    return with(partners(), List.of(s), List.of(), List.of());
  }

  @Test
  @DisplayName("the test bundle, like the example of interface.md, has no problems")
  void validBundle() {
    assertEquals(List.of(), Fixtures.reference().problems());
    assertEquals(List.of(), ReferenceData.EMPTY.problems());
  }

  @Nested
  @DisplayName("partners")
  class Partners {
    @Test
    @DisplayName("a partner id given twice is reported with its count")
    void duplicatePartner() {
      ReferenceData ref = with(List.of(CARRIER, RECYCLER, partner("p01", null, Activity.SORTING)),
          List.of(), List.of(), List.of());
      assertEquals(List.of(new FieldError("partners", "id 'p01' appears 2 times")), ref.problems());
    }

    @ParameterizedTest(name = "SIRET ''{0}''")
    @ValueSource(strings = {"1234567890123", "123456789012345", "1234567890123A", "123 456 789 01234", ""})
    @DisplayName("a SIRET must be 14 digits")
    void badSiret(String siret) {
      ReferenceData ref = with(List.of(partner("p01", siret, Activity.COLLECTION)), List.of(), List.of(), List.of());
      assertEquals(List.of(new FieldError("partners[p01].siret", "must be 14 digits")), ref.problems());
    }

    @Test
    @DisplayName("a partner without SIRET (an outside outlet) is accepted")
    void noSiret() {
      assertEquals(List.of(), with(List.of(partner("p09", null, Activity.TREATMENT)), List.of(), List.of(), List.of())
          .problems());
    }

    @Test
    @DisplayName("a partner must do at least one activity")
    void noRoles() {
      ReferenceData ref = with(List.of(partner("p01", null)), List.of(), List.of(), List.of());
      assertEquals(List.of(new FieldError("partners[p01].roles", "must name at least one activity")), ref.problems());
    }

    @ParameterizedTest(name = "id ''{0}''")
    @ValueSource(strings = {"UNALLOCATED", "-p01", "p 01", "p/01", ""})
    @DisplayName("an id must be letters, digits, '.', '_' or '-', and cannot be UNALLOCATED")
    void badId(String id) {
      ReferenceData ref = with(List.of(partner(id, null, Activity.COLLECTION)), List.of(), List.of(), List.of());
      List<FieldError> problems = ref.problems();
      assertEquals(1, problems.size(), problems::toString);
      assertTrue(problems.get(0).field().endsWith("].id"), problems::toString);
      assertTrue(problems.get(0).message().contains("UNALLOCATED"), problems::toString);
    }

    @Test
    @DisplayName("a partner without an id is named by its position")
    void blankIdLabelledByIndex() {
      ReferenceData ref = with(List.of(CARRIER, partner("", null, Activity.COLLECTION)), List.of(), List.of(), List.of());
      assertEquals(List.of("partners[#1].id"), fields(ref.problems()));
    }
  }

  @Nested
  @DisplayName("sites and weighbridges")
  class Sites {
    @Test
    @DisplayName("a site id given twice is reported")
    void duplicateSite() {
      ReferenceData ref = with(partners(), List.of(Fixtures.site(), Fixtures.site()), List.of(), List.of());
      assertEquals(List.of(new FieldError("sites", "id 'saint-priest' appears 2 times")), ref.problems());
    }

    @Test
    @DisplayName("a bridge id given twice within a site is reported")
    void duplicateBridge() {
      Site s = new Site(SITE, "", null, List.of(Fixtures.WB1, new Weighbridge("wb1", 10, 30_000)), List.of());
      assertEquals(List.of(new FieldError("sites[saint-priest].weighbridges", "id 'wb1' appears 2 times")),
          with(List.of(), List.of(s), List.of(), List.of()).problems());
    }

    @ParameterizedTest(name = "division {0} kg, max {1} kg")
    @CsvSource({"20, 60010", "20, 60001", "20, 380", "20, 0", "50, 60020"})
    @DisplayName("maxKg must be a multiple of the division and at least 20 divisions")
    void badMax(long division, long max) {
      List<FieldError> problems = withBridge(new Weighbridge("wb1", division, max)).problems();
      assertEquals(List.of("sites[saint-priest].weighbridges[wb1].maxKg"), fields(problems));
      assertTrue(problems.get(0).message().contains("multiple of the division"), problems::toString);
      assertTrue(problems.get(0).message().contains((20 * division) + " kg"), problems::toString);
    }

    @ParameterizedTest(name = "division {0} kg, max {1} kg")
    @CsvSource({"20, 60000", "20, 400", "10, 30000", "50, 80000"})
    @DisplayName("a max that is a whole number of divisions, from 20 divisions up, is accepted")
    void goodMax(long division, long max) {
      assertEquals(List.of(), withBridge(new Weighbridge("wb1", division, max)).problems());
    }

    @ParameterizedTest(name = "division {0} kg")
    @ValueSource(longs = {0, -20})
    @DisplayName("the division must be positive")
    void badDivision(long division) {
      assertEquals(List.of(new FieldError("sites[saint-priest].weighbridges[wb1].divisionKg",
          "must be a positive number of kilograms")), withBridge(new Weighbridge("wb1", division, 60_000)).problems());
    }

    @Test
    @DisplayName("INSEE codes, capacities and reporting intervals of points are checked")
    void points() {
      Site s = new Site(SITE, "", "6929", List.of(Fixtures.WB1), List.of(
          new CollectionPoint("cp-001", "", "ABCDE", 0L, 0),
          new CollectionPoint("cp-001", "", "2A004", 1000L, 6)));
      assertEquals(List.of(
              "sites[saint-priest].insee",
              "sites[saint-priest].points",
              "sites[saint-priest].points[cp-001].insee",
              "sites[saint-priest].points[cp-001].capacityL",
              "sites[saint-priest].points[cp-001].expectedIntervalHours"),
          fields(with(List.of(), List.of(s), List.of(), List.of()).problems()));
    }
  }

  @Nested
  @DisplayName("stored tares")
  class StoredTares {
    @Test
    @DisplayName("two stored tares for the same vehicle, however written, are reported")
    void duplicatePlate() {
      ReferenceData ref = with(List.of(), List.of(), List.of(
          new StoredTare("AB-123-CD", 11_200, Instant.parse("2026-12-31T23:00:00Z")),
          new StoredTare("AB 123 CD", 11_300, Instant.parse("2026-12-31T23:00:00Z"))), List.of());
      assertEquals(List.of(new FieldError("storedTares", "id 'AB123CD' appears 2 times")), ref.problems());
    }

    @Test
    @DisplayName("a stored tare must be a positive mass of a well-formed plate")
    void badTare() {
      ReferenceData ref = with(List.of(), List.of(), List.of(
          new StoredTare("A", 0, Instant.parse("2026-12-31T23:00:00Z"))), List.of());
      assertEquals(List.of(
          new FieldError("storedTares[A].plate", "must be 2 to 20 letters, digits, spaces or hyphens"),
          new FieldError("storedTares[A].kg", "must be a positive number of kilograms")), ref.problems());
    }

    @Test
    @DisplayName("a stored tare's plate is accepted in the same forms a pass accepts (any case, outer spaces)")
    void plateCase() {
      ReferenceData ref = with(List.of(), List.of(), List.of(
          new StoredTare("ab-123-cd", 11_200, Instant.parse("2026-12-31T23:00:00Z"))), List.of());
      assertEquals(List.of(), ref.problems());
      assertEquals(11_200L, ref.storedTare("AB 123 CD").orElseThrow().kg());
    }

    @Test
    @DisplayName("a stored tare is found by plate without case, spaces or hyphens")
    void lookup() {
      ReferenceData ref = Fixtures.reference();
      assertEquals(11_200L, ref.storedTare("ab123cd").orElseThrow().kg());
      assertEquals(Optional.empty(), ref.storedTare("ZZ-999-ZZ"));
    }
  }

  @Nested
  @DisplayName("allocation rules")
  class Rules {
    @Test
    @DisplayName("shares must sum to 10,000 basis points")
    void sharesNotWhole() {
      ReferenceData ref = withRules(sortingRule("r1", JAN_1, null, new Share("p03", 6000), new Share("p04", 3000)));
      assertEquals(List.of(new FieldError("allocationRules[r1].shares", "basis points must sum to 10000, not 9000")),
          ref.problems());
    }

    @Test
    @DisplayName("shares above 10,000 basis points in total are refused too")
    void sharesAboveWhole() {
      ReferenceData ref = withRules(sortingRule("r1", JAN_1, null, new Share("p03", 6000), new Share("p04", 4001)));
      assertEquals(List.of(new FieldError("allocationRules[r1].shares", "basis points must sum to 10000, not 10001")),
          ref.problems());
    }

    @Test
    @DisplayName("each share must be between 1 and 10,000 basis points")
    void shareOutOfRange() {
      ReferenceData ref = withRules(sortingRule("r1", JAN_1, null, new Share("p03", 10_000), new Share("p04", 0)));
      assertEquals(List.of(new FieldError("allocationRules[r1].shares[1].bp", "must be between 1 and 10000 basis points")),
          ref.problems());
    }

    @Test
    @DisplayName("a rule must give at least one share")
    void noShares() {
      assertEquals(List.of(new FieldError("allocationRules[r1].shares", "must give at least one share")),
          withRules(sortingRule("r1", JAN_1, null)).problems());
    }

    @Test
    @DisplayName("a rule naming a partner twice is refused")
    void partnerTwice() {
      ReferenceData ref = withRules(sortingRule("r1", JAN_1, null, new Share("p03", 5000), new Share("p03", 5000)));
      assertEquals(List.of(new FieldError("allocationRules[r1].shares", "names a partner twice")), ref.problems());
    }

    @Test
    @DisplayName("a share for an unknown partner is refused, named by its position")
    void unknownPartner() {
      ReferenceData ref = withRules(sortingRule("r1", JAN_1, null, new Share("p03", 6000), new Share("p99", 4000)));
      assertEquals(List.of(new FieldError("allocationRules[r1].shares[1].partner", "unknown partner 'p99'")),
          ref.problems());
    }

    @Test
    @DisplayName("a share for a partner that does not do the rule's activity is refused")
    void partnerLacksActivity() {
      // p01 collects and transports, it does not sort
      ReferenceData ref = withRules(sortingRule("r1", JAN_1, null, new Share("p01", 6000), new Share("p04", 4000)));
      assertEquals(List.of(new FieldError("allocationRules[r1].shares[0].partner", "partner 'p01' does not do SORTING")),
          ref.problems());
    }

    @Test
    @DisplayName("a rule for an unknown site is refused")
    void unknownSite() {
      AllocationRule r = new AllocationRule("r1", "lyon-7", Activity.SORTING, null, JAN_1, null,
          List.of(new Share("p03", 10_000)));
      assertEquals(List.of(new FieldError("allocationRules[r1].site", "unknown site 'lyon-7'")),
          withRules(r).problems());
    }

    @Test
    @DisplayName("validTo before validFrom is refused; a one-day rule is accepted")
    void validToBeforeValidFrom() {
      assertEquals(List.of(new FieldError("allocationRules[r1].validTo", "must not be before validFrom")),
          withRules(sixtyForty("r1", JAN_1, JAN_1.minusDays(1))).problems());
      assertEquals(List.of(), withRules(sixtyForty("r1", JAN_1, JAN_1)).problems());
    }

    @Test
    @DisplayName("a rule id given twice is reported")
    void duplicateRule() {
      ReferenceData ref = withRules(sixtyForty("r1", JAN_1, LocalDate.of(2026, 5, 31)),
          sixtyForty("r1", LocalDate.of(2026, 6, 1), null));
      assertEquals(List.of(new FieldError("allocationRules", "id 'r1' appears 2 times")), ref.problems());
    }

    @Test
    @DisplayName("two rules for the same site, activity and waste code that overlap are reported once, on the later id")
    void overlapping() {
      ReferenceData ref = withRules(sixtyForty("r1", JAN_1, null),
          sixtyForty("r2", LocalDate.of(2026, 6, 1), LocalDate.of(2026, 12, 31)));
      assertEquals(List.of(new FieldError("allocationRules[r2].validFrom",
          "overlaps rule 'r1' for the same site, activity and waste code")), ref.problems());
    }

    @Test
    @DisplayName("rules sharing only their boundary day overlap (days are inclusive)")
    void overlapOnBoundaryDay() {
      ReferenceData ref = withRules(sixtyForty("r1", JAN_1, LocalDate.of(2026, 6, 1)),
          sixtyForty("r2", LocalDate.of(2026, 6, 1), null));
      assertEquals(List.of("allocationRules[r2].validFrom"), fields(ref.problems()));
    }

    @Test
    @DisplayName("consecutive rules do not overlap")
    void consecutive() {
      ReferenceData ref = withRules(sixtyForty("r1", JAN_1, LocalDate.of(2026, 5, 31)),
          sixtyForty("r2", LocalDate.of(2026, 6, 1), null));
      assertEquals(List.of(), ref.problems());
    }

    @Test
    @DisplayName("rules for different waste codes or activities may overlap in time")
    void differentScopes() {
      AllocationRule general = sixtyForty("r1", JAN_1, null);
      AllocationRule wood = new AllocationRule("r2", SITE, Activity.SORTING, wasteCode("19 12 07"), JAN_1, null,
          List.of(new Share("p03", 10_000)));
      AllocationRule treatment = new AllocationRule("r3", SITE, Activity.TREATMENT, null, JAN_1, null,
          List.of(new Share("p02", 10_000)));
      assertEquals(List.of(), withRules(general, wood, treatment).problems());
    }

    @Test
    @DisplayName("a rule is in force from validFrom to validTo inclusive, open-ended when validTo is null")
    void inForce() {
      AllocationRule closed = sixtyForty("r1", JAN_1, LocalDate.of(2026, 3, 31));
      assertFalse(closed.inForceOn(LocalDate.of(2025, 12, 31)));
      assertTrue(closed.inForceOn(JAN_1));
      assertTrue(closed.inForceOn(LocalDate.of(2026, 3, 31)));
      assertFalse(closed.inForceOn(LocalDate.of(2026, 4, 1)));
      assertTrue(sixtyForty("r2", JAN_1, null).inForceOn(LocalDate.of(2099, 1, 1)));
    }

    @Test
    @DisplayName("every problem of the bundle is reported at once")
    void severalProblems() {
      ReferenceData ref = with(
          List.of(CARRIER, RECYCLER, SORTER_A, SORTER_B, partner("p07", "123", Activity.SORTING)),
          List.of(Fixtures.site(), new Site("lyon", "", null, List.of(new Weighbridge("wb1", 20, 60_010)), List.of())),
          List.of(),
          List.of(sortingRule("r1", JAN_1, JAN_1.minusDays(1), new Share("p99", 5000))));
      assertEquals(List.of(
              "partners[p07].siret",
              "sites[lyon].weighbridges[wb1].maxKg",
              "allocationRules[r1].validTo",
              "allocationRules[r1].shares[0].partner",
              "allocationRules[r1].shares"),
          fields(ref.problems()));
    }
  }

  @Nested
  @DisplayName("merge")
  class Merge {
    @Test
    @DisplayName("an update replaces items with the same id, adds new ones and keeps the others in place")
    void merge() {
      // given
      ReferenceData base = Fixtures.reference();
      Partner renamed = new Partner("p02", "Recycleur Rhône", "23456789012345", Set.of(Activity.TREATMENT));
      Partner added = partner("p07", null, Activity.TREATMENT);
      StoredTare newTare = new StoredTare("ab 123 cd", 11_400, Instant.parse("2027-06-30T22:00:00Z"));
      AllocationRule newR1 = sortingRule("r1", JAN_1, null, new Share("p03", 5000), new Share("p04", 5000));
      ReferenceData update = new ReferenceData(List.of(renamed, added), List.of(), List.of(newTare), List.of(newR1));
      // when
      ReferenceData merged = base.merge(update);
      // then
      List<Partner> expectedPartners = new ArrayList<>(base.partners());
      expectedPartners.set(1, renamed);
      expectedPartners.add(added);
      assertEquals(expectedPartners, merged.partners());
      assertEquals(base.sites(), merged.sites());
      assertEquals(2, merged.storedTares().size());
      assertEquals(newTare, merged.storedTares().get(0));
      assertEquals(base.storedTares().get(1), merged.storedTares().get(1));
      assertEquals(11_400L, merged.storedTare("AB-123-CD").orElseThrow().kg());
      assertEquals(List.of(newR1), merged.allocationRules());
      assertEquals(List.of(), merged.problems());
      // and the base is unchanged
      assertEquals(Fixtures.reference(), base);
    }

    @Test
    @DisplayName("merging an empty bundle changes nothing, and merging into an empty one gives the update")
    void emptyMerges() {
      ReferenceData ref = Fixtures.reference();
      assertEquals(ref, ref.merge(ReferenceData.EMPTY));
      assertEquals(ref, ReferenceData.EMPTY.merge(ref));
    }

    @Test
    @DisplayName("a site in an update replaces the whole site, bridges included")
    void siteReplacedWhole() {
      Site smaller = new Site(SITE, "Saint-Priest", "69290", List.of(new Weighbridge("wb2", 10, 30_000)), List.of());
      ReferenceData merged = Fixtures.reference().merge(new ReferenceData(List.of(), List.of(smaller), List.of(), List.of()));
      assertEquals(List.of(smaller), merged.sites());
      assertEquals(Optional.empty(), merged.site(SITE).orElseThrow().bridge("wb1"));
    }
  }
}
