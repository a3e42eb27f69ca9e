package fr.iloe.tracker.live;

import fr.iloe.tracker.domain.Pass;
import fr.iloe.tracker.domain.ReferenceData;
import fr.iloe.tracker.domain.Seq;
import fr.iloe.tracker.domain.Site;
import fr.iloe.tracker.domain.TicketState;
import fr.iloe.tracker.domain.Weighbridge;
import fr.iloe.tracker.store.Recorded;
import fr.iloe.tracker.store.ReferenceStore;
import fr.iloe.tracker.store.TicketStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The weighbridges and the site gates, live: the time of each bridge's last weighing (a silent bridge in
 * working hours is worth an alert) and the vehicles on each site (first weighing done, second not yet). Read
 * from the database every {@value #REFRESH_SECONDS} seconds, so that every instance agrees, and moved at once
 * by this instance's own commits. The database is read on that period only, never per commit: counting the
 * vehicles on site reads every ticket's current version.
 */
public final class LiveBridges {
  public static final String SINCE_WEIGHING = "iloe.bridge.since.last.weighing";
  public static final String VEHICLES = "iloe.vehicles.on.site";
  static final int REFRESH_SECONDS = 10;

  private final Vertx vertx;
  private final TicketStore tickets;
  private final ReferenceStore reference;
  private final Clock clock;
  private final Map<List<String>, Instant> lastWeighing = new ConcurrentHashMap<>();
  private final Map<String, Long> vehicles = new ConcurrentHashMap<>();
  private final MultiGauge since;
  private final MultiGauge onSite;
  private long registeredVersion = -1;

  public LiveBridges(Vertx vertx, TicketStore tickets, ReferenceStore reference, MeterRegistry registry, Clock clock) {
    this.vertx = vertx;
    this.tickets = tickets;
    this.reference = reference;
    this.clock = clock;
    this.since = MultiGauge.builder(SINCE_WEIGHING).description("Seconds since each weighbridge's last weighing"
        + " (NaN: never)").baseUnit("seconds").register(registry);
    this.onSite = MultiGauge.builder(VEHICLES).description("Vehicles between their first and second weighing, by site")
        .register(registry);
  }

  public Future<Void> start() {
    vertx.setPeriodic(REFRESH_SECONDS * 1000L, id -> refresh());
    return refresh();
  }

  /**
   * A stored pass moves its bridge's last weighing and its site's vehicles at once: a first pass of a ticket
   * still open brings a vehicle in, the pass that closes a ticket opened by a first pass takes it out. The
   * next periodic read puts right what this instance cannot see (other instances' passes, voids).
   */
  public void recorded(Recorded r) {
    if (r.outcome() != Recorded.Outcome.STORED) {
      return;
    }
    TicketState t = r.ticket();
    t.passes().stream().max(java.util.Comparator.comparing(p -> p.at())).ifPresent(p ->
        lastWeighing.merge(List.of(p.site(), p.bridge()), p.at(), (a, b) -> a.isAfter(b) ? a : b));
    Pass stored = t.passes().get(t.passes().size() - 1); // a ticket's passes are kept in the order they came
    Pass first = t.passes().stream().filter(p -> p.seq() == Seq.FIRST).findFirst().orElse(null);
    if (first == null) {
      return;
    }
    if (stored == first && !t.closed()) {
      vehicles.merge(t.site(), 1L, Long::sum);
    } else if (stored != first && r.closedNow()) {
      vehicles.computeIfPresent(t.site(), (site, n) -> Math.max(0, n - 1));
    }
  }

  public Future<Void> refresh() {
    ReferenceData ref = reference.cached();
    List<List<String>> bridges = new ArrayList<>();
    ref.sites().forEach(s -> s.weighbridges().forEach(b -> bridges.add(List.of(s.id(), b.id()))));
    Future<Void> last = tickets.lastWeighings(bridges).map(read -> {
      read.forEach((k, at) -> lastWeighing.merge(k, at, (a, b) -> a.isAfter(b) ? a : b));
      return null;
    });
    Future<Void> open = tickets.vehiclesOnSite().map(read -> {
      vehicles.clear();
      vehicles.putAll(read);
      return null;
    });
    return Future.all(last, open).map(v -> {
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
      siteRows.add(MultiGauge.Row.of(Tags.of("site", s.id()), this, l -> l.vehicles.getOrDefault(s.id(), 0L)));
    }
    since.register(sinceRows, true);
    onSite.register(siteRows, true);
  }
}
