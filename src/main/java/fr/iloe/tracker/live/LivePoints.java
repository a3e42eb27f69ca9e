package fr.iloe.tracker.live;

import fr.iloe.tracker.domain.CollectionPoint;
import fr.iloe.tracker.domain.PointStatus;
import fr.iloe.tracker.domain.ReferenceData;
import fr.iloe.tracker.domain.Site;
import fr.iloe.tracker.store.ReadingStore;
import fr.iloe.tracker.store.ReferenceStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every collection point of the reference data stands, live: the latest fill and pickup of each, read
 * at start-up and moved by the notifications of the readings committed on any instance. Silent and
 * to-collect flags are computed against the clock when asked (and when Prometheus scrapes), so they appear
 * and clear as time passes, not only as readings arrive.
 */
public final class LivePoints {
  private static final Logger LOG = LoggerFactory.getLogger(LivePoints.class);

  public static final String FILL = "iloe.point.fill";
  public static final String SINCE = "iloe.point.since.last.reading";
  public static final String SILENT = "iloe.points.silent";
  public static final String TO_COLLECT = "iloe.points.to.collect";

  private final Vertx vertx;
  private final ReadingStore store;
  private final ReferenceStore reference;
  private final Listener listener;
  private final Clock clock;
  private final BigDecimal fullPercent;
  private final Map<List<String>, PointStatus.Latest> latest = new ConcurrentHashMap<>();
  private final MultiGauge fill;
  private final MultiGauge since;
  private final MultiGauge silent;
  private final MultiGauge toCollect;
  private long registeredVersion = -1;

  public LivePoints(Vertx vertx, ReadingStore store, ReferenceStore reference, Listener listener,
      MeterRegistry registry, Clock clock, BigDecimal fullPercent) {
    this.vertx = vertx;
    this.store = store;
    this.reference = reference;
    this.listener = listener;
    this.clock = clock;
    this.fullPercent = fullPercent;
    this.fill = MultiGauge.builder(FILL).description("Fill level of each collection point (percent; 0 after a pickup,"
        + " NaN before its first reading)").baseUnit("percent").register(registry);
    this.since = MultiGauge.builder(SINCE).description("Seconds since each collection point last reported (NaN: never)")
        .baseUnit("seconds").register(registry);
    this.silent = MultiGauge.builder(SILENT).description("Collection points silent for longer than their expected"
        + " interval, by site").register(registry);
    this.toCollect = MultiGauge.builder(TO_COLLECT).description("Collection points at or above the fill threshold, by site")
        .register(registry);
  }

  /** Registers on the listener; completes once the points have been read after its first subscription. */
  public Future<Void> start() {
    io.vertx.core.Promise<Void> first = io.vertx.core.Promise.promise();
    listener.channel(ReadingStore.CHANNEL, this::onReadings, v -> reload().onComplete(ar -> {
      if (ar.failed()) {
        LOG.error("collection points could not be read", ar.cause());
      }
      first.tryComplete();
    }));
    vertx.setPeriodic(5_000, id -> {
      if (reference.cachedVersion() != registeredVersion) {
        reload();
      }
    });
    return first.future();
  }

  /** Reads the latest readings of every point of the reference data, and registers their meters. */
  public Future<Void> reload() {
    ReferenceData ref = reference.cached();
    long version = reference.cachedVersion();
    List<List<String>> points = new ArrayList<>();
    ref.sites().forEach(s -> s.points().forEach(p -> points.add(List.of(s.id(), p.id()))));
    return store.latest(points).map(read -> {
      latest.clear();
      latest.putAll(read);
      register(ref);
      registeredVersion = version;
      return null;
    });
  }

  private void onReadings(String payload) {
    try {
      for (Object o : new JsonArray(payload)) {
        JsonArray r = (JsonArray) o;
        Instant at = Instant.parse(r.getString(3));
        latest.merge(List.of(r.getString(0), r.getString(1)), "fill".equals(r.getString(2))
            ? new PointStatus.Latest(at, new BigDecimal(r.getString(4)), null)
            : new PointStatus.Latest(null, null, at), LivePoints::later);
      }
    } catch (RuntimeException e) {
      LOG.warn("unreadable readings notification, reading the points again: {}", e.getMessage());
      reload();
    }
  }

  /** The later fill and the later pickup of two views of a point. */
  private static PointStatus.Latest later(PointStatus.Latest a, PointStatus.Latest b) {
    boolean bFill = b.fillAt() != null && (a.fillAt() == null || b.fillAt().isAfter(a.fillAt()));
    boolean bPickup = b.pickupAt() != null && (a.pickupAt() == null || b.pickupAt().isAfter(a.pickupAt()));
    return new PointStatus.Latest(bFill ? b.fillAt() : a.fillAt(), bFill ? b.fillPercent() : a.fillPercent(),
        bPickup ? b.pickupAt() : a.pickupAt());
  }

  /** Every point of the reference data (of one site, or all when {@code site} is null), as it stands now. */
  public List<PointStatus> statuses(String site) {
    ReferenceData ref = reference.cached();
    Instant now = clock.instant();
    List<PointStatus> out = new ArrayList<>();
    for (Site s : ref.sites()) {
      if (site != null && !site.equals(s.id())) {
        continue;
      }
      for (CollectionPoint p : s.points()) {
        out.add(PointStatus.of(s.id(), p, latest.getOrDefault(List.of(s.id(), p.id()), PointStatus.Latest.NONE), now,
            fullPercent));
      }
    }
    return out;
  }

  private PointStatus status(String site, CollectionPoint p) {
    return PointStatus.of(site, p, latest.getOrDefault(List.of(site, p.id()), PointStatus.Latest.NONE), clock.instant(),
        fullPercent);
  }

  private void register(ReferenceData ref) {
    List<MultiGauge.Row<?>> fills = new ArrayList<>();
    List<MultiGauge.Row<?>> sinces = new ArrayList<>();
    List<MultiGauge.Row<?>> silents = new ArrayList<>();
    List<MultiGauge.Row<?>> fulls = new ArrayList<>();
    for (Site s : ref.sites()) {
      for (CollectionPoint p : s.points()) {
        Tags tags = Tags.of("site", s.id(), "point", p.id());
        fills.add(MultiGauge.Row.of(tags, this, l -> {
          BigDecimal f = l.status(s.id(), p).fillPercent();
          return f == null ? Double.NaN : f.doubleValue();
        }));
        sinces.add(MultiGauge.Row.of(tags, this, l -> {
          Long secs = l.status(s.id(), p).secondsSinceLastReading(l.clock.instant());
          return secs == null ? Double.NaN : secs;
        }));
      }
      silents.add(MultiGauge.Row.of(Tags.of("site", s.id()), this,
          l -> l.statuses(s.id()).stream().filter(PointStatus::silent).count()));
      fulls.add(MultiGauge.Row.of(Tags.of("site", s.id()), this,
          l -> l.statuses(s.id()).stream().filter(PointStatus::toCollect).count()));
    }
    fill.register(fills, true);
    since.register(sinces, true);
    silent.register(silents, true);
    toCollect.register(fulls, true);
  }
}
