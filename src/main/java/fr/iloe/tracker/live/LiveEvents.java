package fr.iloe.tracker.live;

import fr.iloe.tracker.domain.Principal;
import fr.iloe.tracker.domain.Role;
import fr.iloe.tracker.store.LedgerStore;
import fr.iloe.tracker.store.ReadingStore;
import fr.iloe.tracker.store.TicketStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the web pages hear without reloading: tickets, ledger moves and collection-point readings as PostgreSQL
 * notifies them when their transaction commits (so committed data only, from every instance), handed to the
 * event streams open on this instance, each seeing only what its caller's scope covers.
 *
 * <p>Events say what changed, not the figures themselves: a page reads its figures again through the API, which
 * applies the same scopes. After the listener reconnects (notifications sent meanwhile are lost), every stream
 * gets {@code resync}.
 */
public final class LiveEvents {
  private static final Logger LOG = LoggerFactory.getLogger(LiveEvents.class);

  /** Where a stream's events go; {@link #send} must not block. */
  public interface Sink {
    Principal principal();

    void send(String type, JsonObject data);
  }

  /** A change, and the view of it that each caller may see (null: none). */
  record Event(String type, Function<Principal, JsonObject> view) {
    JsonObject viewFor(Principal p) {
      return view.apply(p);
    }
  }

  private final Set<Sink> sinks = ConcurrentHashMap.newKeySet();

  /** Registers on the listener's channels (before it connects). */
  public LiveEvents(Listener listener) {
    listener.channel(TicketStore.CHANNEL, n -> publish(n, LiveEvents::tickets), v -> resync());
    listener.channel(LedgerStore.CHANNEL, n -> publish(n, LiveEvents::ledger), v -> { });
    listener.channel(ReadingStore.CHANNEL, n -> publish(n, LiveEvents::readings), v -> { });
  }

  public void add(Sink sink) {
    sinks.add(sink);
  }

  public void remove(Sink sink) {
    sinks.remove(sink);
  }

  public int size() {
    return sinks.size();
  }

  private void resync() {
    sinks.forEach(s -> s.send("resync", new JsonObject()));
  }

  /** A notification's events, read only when a stream is open (every commit notifies, streams are few). */
  private void publish(String notification, Function<String, List<Event>> read) {
    if (sinks.isEmpty()) {
      return;
    }
    for (Event e : read.apply(notification)) {
      for (Sink s : sinks) {
        JsonObject view = e.viewFor(s.principal());
        if (view != null) {
          s.send(e.type(), view);
        }
      }
    }
  }

  private static boolean seesEverything(Principal p) {
    return p.role() == Role.AUDITOR || p.role() == Role.ADMIN;
  }

  /** {@code [[site, ticket, status, carrier, destination], …]}: one {@code ticket} event each. */
  static List<Event> tickets(String payload) {
    List<Event> out = new ArrayList<>();
    for (JsonArray t : rows(payload)) {
      String site = t.getString(0);
      JsonObject data = new JsonObject().put("site", site).put("ticket", t.getString(1)).put("status", t.getString(2));
      Set<String> partners = new TreeSet<>();
      for (int i = 3; i < 5; i++) {
        if (t.getString(i) != null) {
          partners.add(t.getString(i));
        }
      }
      out.add(new Event("ticket", p -> seesEverything(p)
          || (p.role() == Role.OPERATOR && p.coversSite(site))
          || (p.role() == Role.MEMBER && partners.contains(p.partner())) ? data : null));
    }
    return out;
  }

  /**
   * {@code {"x", "d": [[day, site, direction, wasteCode, activity, partner, mode, kg], …]}}: one {@code figures}
   * event with the days and sites that moved. A member hears of every move (the cooperative's totals, which it
   * reads, change), with only its own partner's kilograms; an operator of the moves of its sites.
   */
  static List<Event> ledger(String payload) {
    JsonArray rows;
    try {
      rows = new JsonObject(payload).getJsonArray("d");
    } catch (RuntimeException e) {
      LOG.warn("unreadable ledger notification ignored by the event streams: {}", payload);
      return List.of();
    }
    Map<String, Set<String>> daysBySite = new TreeMap<>();
    Map<String, Long> kgByPartner = new TreeMap<>();
    for (Object o : rows) {
      JsonArray d = (JsonArray) o;
      daysBySite.computeIfAbsent(d.getString(1), k -> new TreeSet<>()).add(d.getString(0));
      kgByPartner.merge(d.getString(5), d.getLong(7), Long::sum);
    }
    return List.of(new Event("figures", p -> {
      Set<String> days = new TreeSet<>();
      List<String> sites = new ArrayList<>();
      daysBySite.forEach((site, d) -> {
        if (p.role() != Role.OPERATOR || p.coversSite(site)) {
          sites.add(site);
          days.addAll(d);
        }
      });
      if (sites.isEmpty()) {
        return null;
      }
      JsonObject data = new JsonObject().put("days", new JsonArray(new ArrayList<>(days)));
      if (p.role() == Role.MEMBER) {
        return data.put("partner", p.partner()).put("partnerKg", kgByPartner.getOrDefault(p.partner(), 0L));
      }
      return data.put("sites", new JsonArray(sites));
    }));
  }

  /** {@code [[site, point, kind, at, fillPercent], …]}: one {@code points} event per site. */
  static List<Event> readings(String payload) {
    Map<String, Set<String>> bySite = new TreeMap<>();
    for (JsonArray r : rows(payload)) {
      bySite.computeIfAbsent(r.getString(0), k -> new TreeSet<>()).add(r.getString(1));
    }
    List<Event> out = new ArrayList<>();
    bySite.forEach((site, points) -> {
      JsonObject data = new JsonObject().put("site", site).put("points", new JsonArray(new ArrayList<>(points)));
      out.add(new Event("points", p -> seesEverything(p) || (p.role() == Role.OPERATOR && p.coversSite(site)) ? data : null));
    });
    return out;
  }

  private static List<JsonArray> rows(String payload) {
    try {
      List<JsonArray> out = new ArrayList<>();
      for (Object o : new JsonArray(payload)) {
        out.add((JsonArray) o);
      }
      return out;
    } catch (RuntimeException e) {
      LOG.warn("unreadable notification ignored by the event streams: {}", payload);
      return List.of();
    }
  }
}
