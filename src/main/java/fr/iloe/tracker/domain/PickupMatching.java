package fr.iloe.tracker.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Estimated against weighed (the points issue): each pickup by a vehicle belongs to that vehicle's next IN
 * ticket at the same site, opened after the pickup and within the window; the ticket's net is spread over
 * its pickups in proportion to their estimates, with the integer split of domain.md B5, so that the weighed
 * kilograms of the pickups sum exactly to the net.
 *
 * <p>A pickup is left unmatched when no such ticket exists, or when the plate is ambiguous: the vehicle's
 * next ticket overlaps another ticket of the same plate (opened before it closed), so two vehicles carry
 * that plate or a ticket is wrong, and no weight can be trusted to it.
 */
public final class PickupMatching {
  private PickupMatching() {}

  public record Pickup(String key, String site, String point, Instant at, String plate, long estimatedKg) {}

  public record InTicket(String site, String ticket, String plate, Instant openedAt, Instant closedAt, long netKg) {}

  /** A ticket with its pickups and the weighed kilograms of each (by pickup key, summing to the net). */
  public record Match(InTicket ticket, List<Pickup> pickups, Map<String, Long> weighedKg) {}

  public enum Unmatched {
    NO_TICKET,
    AMBIGUOUS_PLATE
  }

  public record Result(List<Match> matches, Map<Pickup, Unmatched> unmatched) {}

  public static Result match(List<Pickup> pickups, List<InTicket> tickets, Duration window) {
    Map<String, List<InTicket>> byPlate = new HashMap<>();
    for (InTicket t : tickets) {
      byPlate.computeIfAbsent(t.site() + "\u0000" + Plate.key(t.plate()), k -> new ArrayList<>()).add(t);
    }
    byPlate.values().forEach(list -> list.sort(Comparator.comparing(InTicket::openedAt).thenComparing(InTicket::ticket)));
    Map<InTicket, List<Pickup>> grouped = new LinkedHashMap<>();
    Map<Pickup, Unmatched> unmatched = new LinkedHashMap<>();
    List<Pickup> ordered = new ArrayList<>(pickups);
    ordered.sort(Comparator.comparing(Pickup::at).thenComparing(Pickup::key));
    for (Pickup p : ordered) {
      List<InTicket> list = byPlate.getOrDefault(p.site() + "\u0000" + Plate.key(p.plate()), List.of());
      InTicket next = null;
      int index = -1;
      for (int i = 0; i < list.size(); i++) {
        InTicket t = list.get(i);
        if (t.openedAt().isAfter(p.at()) && !t.openedAt().isAfter(p.at().plus(window))) {
          next = t;
          index = i;
          break;
        }
      }
      if (next == null) {
        unmatched.put(p, Unmatched.NO_TICKET);
      } else if (overlaps(list, index)) {
        unmatched.put(p, Unmatched.AMBIGUOUS_PLATE);
      } else {
        grouped.computeIfAbsent(next, k -> new ArrayList<>()).add(p);
      }
    }
    List<Match> matches = new ArrayList<>();
    grouped.forEach((t, ps) -> {
      Map<String, Long> weights = new LinkedHashMap<>();
      ps.forEach(p -> weights.put(p.key(), p.estimatedKg()));
      matches.add(new Match(t, List.copyOf(ps), Split.split(t.netKg(), weights)));
    });
    return new Result(matches, unmatched);
  }

  /**
   * True when the ticket at {@code index} and another ticket of the same plate (list sorted by opening) were open
   * at the same time. Every other ticket is checked, not only the neighbours: a long ticket opened earlier may
   * still be open, with a short one between them.
   */
  private static boolean overlaps(List<InTicket> list, int index) {
    InTicket t = list.get(index);
    for (int i = 0; i < list.size(); i++) {
      InTicket u = list.get(i);
      if (i < index && (u.closedAt() == null || u.closedAt().isAfter(t.openedAt()))) {
        return true;
      }
      if (i > index && (t.closedAt() == null || u.openedAt().isBefore(t.closedAt()))) {
        return true;
      }
    }
    return false;
  }
}
