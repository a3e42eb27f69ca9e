package fr.iloe.tracker.domain;

import static fr.iloe.tracker.domain.Fixtures.PLATE;
import static fr.iloe.tracker.domain.Fixtures.POINT;
import static fr.iloe.tracker.domain.Fixtures.SITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.iloe.tracker.domain.PickupMatching.InTicket;
import fr.iloe.tracker.domain.PickupMatching.Match;
import fr.iloe.tracker.domain.PickupMatching.Pickup;
import fr.iloe.tracker.domain.PickupMatching.Result;
import fr.iloe.tracker.domain.PickupMatching.Unmatched;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("PickupMatching: estimated pickups weighed against the next IN ticket")
class PickupMatchingTest {
  private static final Duration WINDOW = Duration.ofHours(4);
  /** 2026-11-28T09:00:00+01:00. */
  private static final Instant T0 = Instant.parse("2026-11-28T08:00:00Z");

  private static Instant at(int minutes) {
    return T0.plus(Duration.ofMinutes(minutes));
  }

  private static Pickup pickup(String key, int minutes, long estimatedKg) {
    return new Pickup(key, SITE, POINT, at(minutes), PLATE, estimatedKg);
  }

  /** A closed IN ticket of the fixtures' plate, opened and closed at these minutes after T0. */
  private static InTicket ticket(String id, int opened, int closed, long netKg) {
    return new InTicket(SITE, id, PLATE, at(opened), at(closed), netKg);
  }

  private static Result match(List<Pickup> pickups, List<InTicket> tickets) {
    return PickupMatching.match(pickups, tickets, WINDOW);
  }

  private static Match only(Result r) {
    assertEquals(1, r.matches().size(), () -> "matches: " + r.matches());
    return r.matches().get(0);
  }

  private static Map<String, Long> kg(Object... keysAndKg) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndKg.length; i += 2) {
      m.put((String) keysAndKg[i], ((Number) keysAndKg[i + 1]).longValue());
    }
    return m;
  }

  @Nested
  @DisplayName("spreading a ticket's net over its pickups")
  class Spread {
    @Test
    @DisplayName("three pickups (350, 150, 500 kg estimated) share a 7,240 kg ticket as 2,534, 1,086 and 3,620 kg")
    void proRata() {
      // given three pickups by the same truck on its round, then its IN ticket
      Pickup a = pickup("pk-a", 0, 350);
      Pickup b = pickup("pk-b", 20, 150);
      Pickup c = pickup("pk-c", 45, 500);
      InTicket t = ticket("T-1", 90, 100, 7_240);
      // when
      Result r = match(List.of(c, a, b), List.of(t));
      // then
      Match m = only(r);
      assertEquals(t, m.ticket());
      assertEquals(List.of(a, b, c), m.pickups());
      assertEquals(kg("pk-a", 2_534, "pk-b", 1_086, "pk-c", 3_620), m.weighedKg());
      assertEquals(Map.of(), r.unmatched());
    }

    @Test
    @DisplayName("7,250 kg over 350 / 150 / 500: floors 2,537, 1,087, 3,625; the spare kilogram goes to pk-a (tie, first key)")
    void remainderToLargestThenFirstKey() {
      Result r = match(List.of(pickup("pk-b", 20, 150), pickup("pk-a", 0, 350), pickup("pk-c", 45, 500)),
          List.of(ticket("T-1", 90, 100, 7_250)));
      // 7250 * 350 / 1000 = 2537.5, 7250 * 150 / 1000 = 1087.5, 7250 * 500 / 1000 = 3625
      assertEquals(kg("pk-a", 2_538, "pk-b", 1_087, "pk-c", 3_625), only(r).weighedKg());
    }

    @Test
    @DisplayName("101 kg over two equal estimates: 51 to the key that sorts first, even when it was picked up later")
    void tieToFirstKeyNotFirstPickup() {
      Result r = match(List.of(pickup("pk-z", 0, 200), pickup("pk-a", 30, 200)), List.of(ticket("T-1", 60, 70, 101)));
      assertEquals(kg("pk-a", 51, "pk-z", 50), only(r).weighedKg());
    }

    @Test
    @DisplayName("1,000 kg over three equal estimates: 334, 333, 333")
    void thirds() {
      Result r = match(List.of(pickup("pk-1", 0, 100), pickup("pk-2", 1, 100), pickup("pk-3", 2, 100)),
          List.of(ticket("T-1", 60, 70, 1_000)));
      assertEquals(kg("pk-1", 334, "pk-2", 333, "pk-3", 333), only(r).weighedKg());
    }

    @Test
    @DisplayName("a single pickup gets the whole net, whatever its estimate")
    void singlePickup() {
      Result r = match(List.of(pickup("pk-a", 0, 350)), List.of(ticket("T-1", 60, 70, 7_240)));
      assertEquals(kg("pk-a", 7_240), only(r).weighedKg());
    }

    @Test
    @DisplayName("a tiny estimate beside a huge one may weigh 0 kg, never less, and the sum is still the net")
    void tinyEstimate() {
      Result r = match(List.of(pickup("pk-a", 0, 1), pickup("pk-b", 1, 30_000)), List.of(ticket("T-1", 60, 70, 1_000)));
      assertEquals(kg("pk-a", 0, "pk-b", 1_000), only(r).weighedKg());
    }
  }

  @Nested
  @DisplayName("which ticket a pickup belongs to")
  class Window {
    @Test
    @DisplayName("a pickup with no ticket at all is unmatched: NO_TICKET")
    void noTicket() {
      Pickup p = pickup("pk-a", 0, 350);
      Result r = match(List.of(p), List.of());
      assertEquals(List.of(), r.matches());
      assertEquals(Map.of(p, Unmatched.NO_TICKET), r.unmatched());
    }

    @Test
    @DisplayName("a ticket opened before the pickup does not weigh it: NO_TICKET")
    void ticketBefore() {
      Pickup p = pickup("pk-a", 60, 350);
      Result r = match(List.of(p), List.of(ticket("T-1", 0, 10, 7_240)));
      assertEquals(List.of(), r.matches());
      assertEquals(Map.of(p, Unmatched.NO_TICKET), r.unmatched());
    }

    @Test
    @DisplayName("a ticket opened at the very instant of the pickup does not weigh it: the ticket must come after")
    void ticketSameInstant() {
      Pickup p = pickup("pk-a", 60, 350);
      assertEquals(Map.of(p, Unmatched.NO_TICKET), match(List.of(p), List.of(ticket("T-1", 60, 70, 7_240))).unmatched());
    }

    @Test
    @DisplayName("a ticket opened exactly at the window's end (4 h after the pickup) matches")
    void atWindowEnd() {
      Pickup p = pickup("pk-a", 0, 350);
      InTicket t = ticket("T-1", 240, 250, 7_240);
      Result r = match(List.of(p), List.of(t));
      assertEquals(t, only(r).ticket());
      assertEquals(kg("pk-a", 7_240), only(r).weighedKg());
    }

    @Test
    @DisplayName("a ticket opened one second after the window's end does not: NO_TICKET")
    void justAfterWindowEnd() {
      Pickup p = pickup("pk-a", 0, 350);
      InTicket t = new InTicket(SITE, "T-1", PLATE, at(240).plusSeconds(1), at(250), 7_240);
      Result r = match(List.of(p), List.of(t));
      assertEquals(List.of(), r.matches());
      assertEquals(Map.of(p, Unmatched.NO_TICKET), r.unmatched());
    }

    @Test
    @DisplayName("with two sequential tickets a pickup goes to the next one only; a later pickup to the second")
    void nextTicketOnly() {
      // given a pickup at 0, ticket T-1 at 60-70, a pickup at 90, ticket T-2 at 150-160, both in the 4 h window of the first
      Pickup first = pickup("pk-a", 0, 350);
      Pickup later = pickup("pk-b", 90, 500);
      InTicket t1 = ticket("T-1", 60, 70, 7_240);
      InTicket t2 = ticket("T-2", 150, 160, 9_000);
      // when
      Result r = match(List.of(later, first), List.of(t2, t1));
      // then
      assertEquals(2, r.matches().size());
      Map<String, Match> byTicket = new HashMap<>();
      r.matches().forEach(m -> byTicket.put(m.ticket().ticket(), m));
      assertEquals(List.of(first), byTicket.get("T-1").pickups());
      assertEquals(kg("pk-a", 7_240), byTicket.get("T-1").weighedKg());
      assertEquals(List.of(later), byTicket.get("T-2").pickups());
      assertEquals(kg("pk-b", 9_000), byTicket.get("T-2").weighedKg());
      assertEquals(Map.of(), r.unmatched());
    }

    @Test
    @DisplayName("two tickets of the plate where one closes exactly as the next opens are sequential, not overlapping")
    void touchingTicketsSequential() {
      Pickup p = pickup("pk-a", 0, 350);
      Result r = match(List.of(p), List.of(ticket("T-1", 60, 70, 7_240), ticket("T-2", 70, 80, 9_000)));
      assertEquals("T-1", only(r).ticket().ticket());
      assertEquals(Map.of(), r.unmatched());
    }

    @Test
    @DisplayName("a ticket of the same plate at another site does not weigh the pickup: NO_TICKET")
    void otherSite() {
      Pickup p = pickup("pk-a", 0, 350);
      InTicket elsewhere = new InTicket("lyon-nord", "T-1", PLATE, at(60), at(70), 7_240);
      Result r = match(List.of(p), List.of(elsewhere));
      assertEquals(List.of(), r.matches());
      assertEquals(Map.of(p, Unmatched.NO_TICKET), r.unmatched());
    }

    @Test
    @DisplayName("a ticket of another plate does not weigh the pickup: NO_TICKET")
    void otherPlate() {
      Pickup p = pickup("pk-a", 0, 350);
      InTicket other = new InTicket(SITE, "T-1", "EF-456-GH", at(60), at(70), 7_240);
      assertEquals(Map.of(p, Unmatched.NO_TICKET), match(List.of(p), List.of(other)).unmatched());
    }

    @Test
    @DisplayName("plates are compared without case, spaces or hyphens: 'ab 123cd' is weighed by AB-123-CD")
    void plateNormalised() {
      Pickup lower = new Pickup("pk-a", SITE, POINT, at(0), "ab 123cd", 350);
      Pickup bare = new Pickup("pk-b", SITE, POINT, at(10), "AB123CD", 150);
      InTicket t = new InTicket(SITE, "T-1", "Ab-123-Cd", at(60), at(70), 1_000);
      Result r = match(List.of(lower, bare), List.of(t));
      assertEquals(kg("pk-a", 700, "pk-b", 300), only(r).weighedKg());
    }

    @Test
    @DisplayName("pickups at two sites by the same plate go to the next ticket at their own site")
    void twoSites() {
      Pickup here = pickup("pk-a", 0, 350);
      Pickup there = new Pickup("pk-b", "lyon-nord", "cp-101", at(0), PLATE, 350);
      InTicket tHere = ticket("T-1", 120, 130, 1_000);
      InTicket tThere = new InTicket("lyon-nord", "T-1", PLATE, at(60), at(70), 2_000);
      Result r = match(List.of(here, there), List.of(tHere, tThere));
      assertEquals(2, r.matches().size());
      for (Match m : r.matches()) {
        assertEquals(m.ticket().site(), m.pickups().get(0).site());
      }
      assertEquals(Map.of(), r.unmatched());
    }
  }

  @Nested
  @DisplayName("ambiguous plates")
  class Ambiguous {
    @Test
    @DisplayName("the next ticket overlaps a later ticket of the same plate (opened before it closed): AMBIGUOUS_PLATE")
    void overlapsLater() {
      Pickup p = pickup("pk-a", 0, 350);
      Result r = match(List.of(p), List.of(ticket("T-1", 60, 90, 7_240), ticket("T-2", 80, 100, 9_000)));
      assertEquals(List.of(), r.matches());
      assertEquals(Map.of(p, Unmatched.AMBIGUOUS_PLATE), r.unmatched());
    }

    @Test
    @DisplayName("the next ticket overlaps an earlier ticket of the same plate still open: AMBIGUOUS_PLATE")
    void overlapsEarlier() {
      Pickup p = pickup("pk-a", 30, 350);
      Result r = match(List.of(p), List.of(ticket("T-0", 0, 70, 9_000), ticket("T-1", 60, 80, 7_240)));
      assertEquals(List.of(), r.matches());
      assertEquals(Map.of(p, Unmatched.AMBIGUOUS_PLATE), r.unmatched());
    }

    @Test
    @DisplayName("a long ticket overlapping the next one is seen even with a short ticket between them")
    void overlapsNonAdjacent() {
      // given T-0 open from 0 to 200, T-S from 10 to 20 (inside it), and the pickup's next ticket T-1 from 60 to 70:
      // T-0 was open the whole time T-1 was, so two vehicles carry the plate or a ticket is wrong
      Pickup p = pickup("pk-a", 30, 350);
      List<InTicket> tickets = List.of(ticket("T-0", 0, 200, 9_000), ticket("T-S", 10, 20, 800), ticket("T-1", 60, 70, 7_240));
      // when
      Result r = match(List.of(p), tickets);
      // then
      assertEquals(List.of(), r.matches());
      assertEquals(Map.of(p, Unmatched.AMBIGUOUS_PLATE), r.unmatched());
    }

    @Test
    @DisplayName("an ambiguous next ticket is not skipped: the pickup does not fall to the ticket after it")
    void notMovedOn() {
      Pickup p = pickup("pk-a", 0, 350);
      Result r = match(List.of(p),
          List.of(ticket("T-1", 60, 90, 7_240), ticket("T-2", 80, 100, 9_000), ticket("T-3", 150, 160, 5_000)));
      assertEquals(List.of(), r.matches());
      assertEquals(Map.of(p, Unmatched.AMBIGUOUS_PLATE), r.unmatched());
    }

    @Test
    @DisplayName("an overlapping ticket of another plate or at another site does not make the plate ambiguous")
    void otherPlateOrSiteOverlap() {
      Pickup p = pickup("pk-a", 0, 350);
      Result r = match(List.of(p), List.of(ticket("T-1", 60, 90, 7_240),
          new InTicket(SITE, "T-2", "EF-456-GH", at(70), at(80), 9_000),
          new InTicket("lyon-nord", "T-3", PLATE, at(70), at(80), 9_000)));
      assertEquals("T-1", only(r).ticket().ticket());
      assertEquals(Map.of(), r.unmatched());
    }

    @Test
    @DisplayName("an overlap elsewhere in the plate's history does not touch a clean next ticket")
    void overlapElsewhere() {
      // T-1 and T-2 overlap each other; the pickup at 200 goes to T-3, which overlaps nothing
      Pickup p = pickup("pk-a", 200, 350);
      Result r = match(List.of(p),
          List.of(ticket("T-1", 60, 90, 7_240), ticket("T-2", 80, 100, 9_000), ticket("T-3", 260, 270, 5_000)));
      assertEquals("T-3", only(r).ticket().ticket());
    }

    @Test
    @DisplayName("an overlap written with plates in two spellings is still an overlap")
    void overlapAcrossSpellings() {
      Pickup p = pickup("pk-a", 0, 350);
      Result r = match(List.of(p), List.of(ticket("T-1", 60, 90, 7_240),
          new InTicket(SITE, "T-2", "ab123cd", at(80), at(100), 9_000)));
      assertEquals(Map.of(p, Unmatched.AMBIGUOUS_PLATE), r.unmatched());
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Properties

  private static final List<String> PLATES = List.of("AB-123-CD", "ab 123 cd", "AB123CD", "EF-456-GH", "ef456gh");
  private static final List<String> SITES = List.of(SITE, "lyon-nord");

  /** Random cases, each from its own seed (named in a failure, so that it can be replayed). */
  private static final int CASES = 1000;

  /** Up to 25 pickups on one day, by minute, with placeholder keys (renumbered so that they are unique). */
  private static List<Pickup> pickups(java.util.Random random) {
    List<Pickup> out = new ArrayList<>();
    int n = random.nextInt(26);
    for (int i = 0; i < n; i++) {
      out.add(new Pickup("?", SITES.get(random.nextInt(SITES.size())), POINT, at(random.nextInt(601)),
          PLATES.get(random.nextInt(PLATES.size())), 1 + random.nextInt(30_000)));
    }
    return out;
  }

  /** Up to 15 closed IN tickets on the same day, open 1 to 90 minutes, nets from 1 kg to 60 t (placeholder ids). */
  private static List<InTicket> tickets(java.util.Random random) {
    List<InTicket> out = new ArrayList<>();
    int n = random.nextInt(16);
    for (int i = 0; i < n; i++) {
      int opened = random.nextInt(721);
      out.add(new InTicket(SITES.get(random.nextInt(SITES.size())), "?", PLATES.get(random.nextInt(PLATES.size())),
          at(opened), at(opened + 1 + random.nextInt(90)), 1 + random.nextInt(60_000)));
    }
    return out;
  }

  private static List<Pickup> numbered(List<Pickup> raw) {
    List<Pickup> out = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      Pickup p = raw.get(i);
      out.add(new Pickup("pk-" + i, p.site(), p.point(), p.at(), p.plate(), p.estimatedKg()));
    }
    return out;
  }

  private static List<InTicket> numberedTickets(List<InTicket> raw) {
    List<InTicket> out = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      InTicket t = raw.get(i);
      out.add(new InTicket(t.site(), "T-" + i, t.plate(), t.openedAt(), t.closedAt(), t.netKg()));
    }
    return out;
  }

  /** Two tickets were open at the same time (a ticket closing exactly as the other opens does not overlap it). */
  private static boolean overlap(InTicket a, InTicket b) {
    return a.openedAt().isBefore(b.closedAt()) && b.openedAt().isBefore(a.closedAt());
  }

  @Test
  @DisplayName("each pickup gets the outcome the rules give, by brute force: next ticket, NO_TICKET or AMBIGUOUS_PLATE")
  void outcomeByBruteForce() {
    for (long seed = 0; seed < CASES; seed++) {
      java.util.Random random = new java.util.Random(seed);
      String label = "seed " + seed + ": ";
      outcomeByBruteForce(numbered(pickups(random)), numberedTickets(tickets(random)),
          Duration.ofMinutes(1 + random.nextInt(300)), label);
    }
  }

  private static void outcomeByBruteForce(List<Pickup> pickups, List<InTicket> tickets, Duration window, String label) {
    Result r = PickupMatching.match(pickups, tickets, window);
    Map<Pickup, InTicket> matchedTo = new HashMap<>();
    r.matches().forEach(m -> m.pickups().forEach(p -> matchedTo.put(p, m.ticket())));
    for (Pickup p : pickups) {
      // the vehicle's tickets at the pickup's site
      List<InTicket> same = tickets.stream()
          .filter(t -> t.site().equals(p.site()) && Plate.key(t.plate()).equals(Plate.key(p.plate()))).toList();
      // the next one: the earliest opened after the pickup and within the window (ties by ticket id)
      InTicket next = same.stream()
          .filter(t -> t.openedAt().isAfter(p.at()) && !t.openedAt().isAfter(p.at().plus(window)))
          .min(java.util.Comparator.comparing(InTicket::openedAt).thenComparing(InTicket::ticket)).orElse(null);
      if (next == null) {
        assertEquals(Unmatched.NO_TICKET, r.unmatched().get(p), () -> label + p);
      } else if (same.stream().anyMatch(t -> t != next && overlap(t, next))) {
        assertEquals(Unmatched.AMBIGUOUS_PLATE, r.unmatched().get(p), () -> label + p + " next " + next + " among " + same);
      } else {
        assertEquals(next, matchedTo.get(p), () -> label + p + " among " + same);
      }
    }
  }

  @Test
  @DisplayName("every Match weighs its pickups to exactly the ticket's net, none negative; every pickup is matched once or unmatched")
  void matchesSumToNet() {
    for (long seed = 0; seed < CASES; seed++) {
      java.util.Random random = new java.util.Random(seed);
      try {
        matchesSumToNet(numbered(pickups(random)), numberedTickets(tickets(random)),
            Duration.ofMinutes(1 + random.nextInt(300)));
      } catch (AssertionError e) {
        throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
      }
    }
  }

  private static void matchesSumToNet(List<Pickup> pickups, List<InTicket> tickets, Duration window) {
    // when
    Result r = PickupMatching.match(pickups, tickets, window);
    // then every Match sums exactly to its net, with no negative part, one part per pickup
    Map<Pickup, Integer> seen = new HashMap<>();
    for (Match m : r.matches()) {
      assertFalse(m.pickups().isEmpty(), () -> "a match without pickups: " + m);
      assertEquals(m.ticket().netKg(), m.weighedKg().values().stream().mapToLong(Long::longValue).sum(), m::toString);
      m.weighedKg().values().forEach(kg -> assertTrue(kg >= 0, m::toString));
      assertEquals(m.pickups().size(), m.weighedKg().size(), m::toString);
      for (Pickup p : m.pickups()) {
        assertNotNull(m.weighedKg().get(p.key()), m::toString);
        seen.merge(p, 1, Integer::sum);
        // a pickup goes to a ticket of its site and plate, opened after it and within the window
        assertEquals(p.site(), m.ticket().site());
        assertEquals(Plate.key(p.plate()), Plate.key(m.ticket().plate()));
        assertTrue(m.ticket().openedAt().isAfter(p.at()) && !m.ticket().openedAt().isAfter(p.at().plus(window)), m::toString);
      }
    }
    // and every pickup is either matched exactly once or unmatched, never both
    for (Pickup p : pickups) {
      int matched = seen.getOrDefault(p, 0);
      boolean unmatched = r.unmatched().containsKey(p);
      assertTrue(matched == 1 && !unmatched || matched == 0 && unmatched,
          () -> p + " matched " + matched + " time(s), unmatched: " + unmatched);
    }
    assertEquals(pickups.size(), seen.size() + r.unmatched().size());
    // and each ticket is matched at most once
    assertEquals(r.matches().size(), r.matches().stream().map(Match::ticket).distinct().count());
  }
}
