package fr.iloe.tracker.live;

import fr.iloe.tracker.domain.ReferenceData;
import fr.iloe.tracker.domain.Site;
import fr.iloe.tracker.domain.Weighbridge;
import fr.iloe.tracker.store.Recorded;
import fr.iloe.tracker.store.ReferenceStore;
import fr.iloe.tracker.store.TicketStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The weighbridges and the site gates, live: the time of each bridge's last weighing (a silent bridge in
 * working hours is worth an alert), read every {@value #REFRESH_SECONDS} seconds (one index probe per bridge)
 * and moved at once by this instance's own commits; and the vehicles on each site (the tickets that
 * {@code GET /vehicles-on-site} lists: open, first weighing done), kept as the set of those tickets. That set is
 * read in full once, and again whenever the listening connection comes back (notifications sent meanwhile are
 * lost); in between it follows the ticket notifications of every instance, which say whether each changed ticket
 * is now on site. Reading it periodically instead meant reading every ticket's current version every ten
 * seconds (220 ms of PostgreSQL at 116,000 versions, growing with the table), which stalled ingestion.
 */
public final class LiveBridges {
  private static final Logger LOG = LoggerFactory.getLogger(LiveBridges.class);
  public static final String SINCE_WEIGHING = "iloe.bridge.since.last.weighing";
  public static final String VEHICLES = "iloe.vehicles.on.site";
  static final int REFRESH_SECONDS = 10;

  private final Vertx vertx;
  private final TicketStore tickets;
  private final ReferenceStore reference;
  private final Clock clock;
  private final Map<List<String>, Instant> lastWeighing = new ConcurrentHashMap<>();
  /** The tickets on site, by site. Written under this object's lock; the gauges read the sizes from any thread. */
  private final Map<String, Set<String>> onSite = new ConcurrentHashMap<>();
  /** The notifications heard since the latest full read began, or null when it has answered. */
  private List<String> heardDuringRead;
  /** The number of the latest full read begun: only its answer counts. */
  private long readsStarted;
  private final MultiGauge since;
  private final MultiGauge vehicles;
  private long registeredVersion = -1;

  public LiveBridges(Vertx vertx, TicketStore tickets, ReferenceStore reference, Listener listener, MeterRegistry registry,
      Clock clock) {
    this.vertx = vertx;
    this.tickets = tickets;
    this.reference = reference;
    this.clock = clock;
    this.since = MultiGauge.builder(SINCE_WEIGHING).description("Seconds since each weighbridge's last weighing"
        + " (NaN: never)").baseUnit("seconds").register(registry);
    this.vehicles = MultiGauge.builder(VEHICLES).description("Vehicles between their first and second weighing, by site")
        .register(registry);
    listener.channel(TicketStore.CHANNEL, this::heard, v -> readOnSite());
  }

  /**
   * Starts the periodic read of the last weighings. The tickets on site are read once the listening connection
   * has subscribed (and again each time it comes back), so that no notification falls between a read and the
   * first one heard.
   */
  public Future<Void> start() {
    vertx.setPeriodic(REFRESH_SECONDS * 1000L, id -> refresh());
    return refresh();
  }

  /**
   * A stored pass moves its bridge's last weighing at once. Its ticket's place among the vehicles on site moves
   * with the commit's notification, heard in commit order with every other instance's (moving it here too could
   * apply this commit after a later one of another instance).
   */
  public void recorded(Recorded r) {
    if (r.outcome() != Recorded.Outcome.STORED) {
      return;
    }
    r.ticket().passes().stream().max(java.util.Comparator.comparing(p -> p.at())).ifPresent(p ->
        lastWeighing.merge(List.of(p.site(), p.bridge()), p.at(), (a, b) -> a.isAfter(b) ? a : b));
  }

  /** A notification of changed tickets: {@code [[site, ticket, status, carrier, destination, onSite], …]}. */
  private synchronized void heard(String payload) {
    if (heardDuringRead != null) {
      heardDuringRead.add(payload);
    }
    apply(payload);
  }

  private void apply(String payload) {
    try {
      for (Object o : new JsonArray(payload)) {
        JsonArray t = (JsonArray) o;
        // a notification from an instance that predates the sixth field: open counts as on site
        boolean in = t.size() > 5 ? Boolean.TRUE.equals(t.getBoolean(5)) : "OPEN".equals(t.getString(2));
        move(t.getString(0), t.getString(1), in);
      }
    } catch (RuntimeException e) {
      LOG.warn("ticket notification not understood, vehicles on site may be off until the next full read: {}", payload, e);
    }
  }

  private void move(String site, String ticket, boolean in) {
    if (in) {
      onSite.computeIfAbsent(site, k -> ConcurrentHashMap.newKeySet()).add(ticket);
    } else {
      Set<String> set = onSite.get(site);
      if (set != null) {
        set.remove(ticket);
      }
    }
  }

  /**
   * Reads the tickets on site in full, then applies again, in order, every notification heard since the read began:
   * a ticket one of them changed ends as its latest notification says, any other as the read found it. Only the
   * latest read begun counts (an earlier one has an older snapshot). If it fails, it is tried again a second later:
   * the notifications lost while the listener was away are found no other way.
   */
  private synchronized void readOnSite() {
    long n = ++readsStarted;
    heardDuringRead = new ArrayList<>();
    tickets.ticketsOnSite().onComplete(ar -> {
      synchronized (this) {
        if (n != readsStarted) {
          return; // a later read is under way
        }
        if (ar.succeeded()) {
          onSite.keySet().retainAll(ar.result().keySet());
          ar.result().forEach((site, read) -> {
            Set<String> set = onSite.computeIfAbsent(site, k -> ConcurrentHashMap.newKeySet());
            set.retainAll(read);
            set.addAll(read);
          });
          heardDuringRead.forEach(this::apply);
        }
        heardDuringRead = null;
      }
      if (ar.failed() && !"Pool closed".equals(ar.cause().getMessage())) {
        LOG.warn("vehicles on site not read, trying again in 1 s: {}", ar.cause().getMessage());
        vertx.setTimer(1_000, id -> readOnSite());
      }
    });
  }

  /** The number of vehicles on a site. */
  long vehiclesOn(String site) {
    Set<String> set = onSite.get(site);
    return set == null ? 0 : set.size();
  }

  public Future<Void> refresh() {
    ReferenceData ref = reference.cached();
    List<List<String>> bridges = new ArrayList<>();
    ref.sites().forEach(s -> s.weighbridges().forEach(b -> bridges.add(List.of(s.id(), b.id()))));
    return tickets.lastWeighings(bridges).map(read -> {
      read.forEach((k, at) -> lastWeighing.merge(k, at, (a, b) -> a.isAfter(b) ? a : b));
      if (reference.cachedVersion() != registeredVersion) {
        register(ref);
        registeredVersion = reference.cachedVersion();
      }
      return null;
    });
  }

  private void register(ReferenceData ref) {
    List<MultiGauge.Row<?>> sinceRows = new ArrayList<>();
    List<MultiGauge.Row<?>> siteRows = new ArrayList<>();
    for (Site s : ref.sites()) {
      for (Weighbridge b : s.weighbridges()) {
        List<String> key = List.of(s.id(), b.id());
        sinceRows.add(MultiGauge.Row.of(Tags.of("site", s.id(), "bridge", b.id()), this, l -> {
          Instant at = l.lastWeighing.get(key);
          return at == null ? Double.NaN : Math.max(0, Duration.between(at, l.clock.instant()).toSeconds());
        }));
      }
      siteRows.add(MultiGauge.Row.of(Tags.of("site", s.id()), this, l -> l.vehiclesOn(s.id())));
    }
    since.register(sinceRows, true);
    vehicles.register(siteRows, true);
  }
}
