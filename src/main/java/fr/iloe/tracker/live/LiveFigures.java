package fr.iloe.tracker.live;

import fr.iloe.tracker.domain.ConventionParameters;
import fr.iloe.tracker.domain.Mode;
import fr.iloe.tracker.domain.Period;
import fr.iloe.tracker.domain.ReferenceData;
import fr.iloe.tracker.domain.Valorisation;
import fr.iloe.tracker.store.LedgerStore;
import fr.iloe.tracker.store.ReferenceStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The figures every instance exports to Prometheus, kept live from the ledger.
 *
 * <p>At start-up (and after every reconnection of its listener) the instance reads the ledger summed by day,
 * site, direction, waste code, activity, partner and mode, in one REPEATABLE READ transaction that also
 * reads its snapshot. Each transaction that appends ledger lines notifies their sums on {@code iloe_ledger}
 * with its transaction id; a notification is applied unless its transaction is visible in the snapshot of
 * the last full read (then that read already counted it). PostgreSQL stays the source of truth; this is a
 * cache that moves within a notification's delay.
 *
 * <p>All state is confined to one Vert.x context; the meters read an immutable {@link Computed} snapshot.
 */
public final class LiveFigures {
  private static final Logger LOG = LoggerFactory.getLogger(LiveFigures.class);

  /** Kilograms credited, by period, partner, activity and waste code. */
  public static final String ALLOCATED = "iloe.allocated";
  /** OUT kilograms by period and mode (PENDING for lots under a non-final code). */
  public static final String OUTBOUND = "iloe.outbound";
  /** IN kilograms by period. */
  public static final String INBOUND = "iloe.inbound";
  /** Kilograms no allocation rule covers, by period. */
  public static final String UNALLOCATED = "iloe.unallocated";
  /** OUT kilograms under a non-final code, by period. */
  public static final String PENDING = "iloe.pending";
  /** Valorisation rates (ratio 0-1) by period and rate (material, global, disposal, headline). */
  public static final String RATE = "iloe.valorisation.rate";
  /** The trajectory's target rate today. */
  public static final String TRAJECTORY = "iloe.trajectory.rate";
  /** The tonnage target of the period. */
  public static final String TARGET = "iloe.target";
  /** IN - OUT - stock change, by period. */
  public static final String GAP = "iloe.mass.balance.gap";
  /** The gap as a share of IN, by period. */
  public static final String GAP_RATIO = "iloe.mass.balance.gap.ratio";
  /** Full reads of the ledger (start-up and reconnections), and how long they took. */
  public static final String REBUILDS = "iloe.live.rebuild";

  /** The periods the gauges cover, up to today: the current month, the current year, the SIEG to date. */
  public enum Window {
    MONTH,
    YEAR,
    SIEG;

    public String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  record Key(LocalDate day, String site, String direction, String wasteCode, String activity, String partner, String mode) {}

  /** The figures of one window. */
  public record Figures(Period period, Map<List<String>, Long> allocated, long inKg, Map<Mode, Long> outByMode,
      long pendingKg, long unallocatedKg, long stockChangeKg, Valorisation valorisation) {
    public long gapKg() {
      long out = outByMode.values().stream().mapToLong(Long::longValue).sum() + pendingKg;
      return inKg - out - stockChangeKg;
    }
  }

  /** Every window's figures, computed together. */
  public record Computed(Map<Window, Figures> windows, BigDecimal trajectoryToday) {}

  private final Vertx vertx;
  private final Pool pool;
  private final Listener listener;
  private final ReferenceStore reference;
  private final MeterRegistry registry;
  private final Clock clock;

  private final Map<Key, Long> sums = new HashMap<>();
  private final List<JsonObject> buffered = new ArrayList<>();
  private List<Stock> stock = List.of();
  private Snapshot base;
  private boolean rebuilding;
  private boolean refreshQueued;
  private volatile Computed computed;
  private final MultiGauge allocatedGauge;
  private final io.micrometer.core.instrument.Timer rebuilds;

  private record Stock(String site, String wasteCode, LocalDate day, long kg, long id) {}

  /** A PostgreSQL snapshot {@code xmin:xmax:xip}: which transactions a read saw. */
  record Snapshot(long xmin, long xmax, Set<Long> inProgress) {
    static Snapshot parse(String text) {
      String[] parts = text.split(":");
      Set<Long> xip = new HashSet<>();
      if (parts.length > 2 && !parts[2].isEmpty()) {
        for (String x : parts[2].split(",")) {
          xip.add(Long.parseLong(x));
        }
      }
      return new Snapshot(Long.parseLong(parts[0]), Long.parseLong(parts[1]), xip);
    }

    /** True when the transaction had committed for this snapshot: its changes were in the read. */
    boolean saw(long xid) {
      return xid < xmin || (xid < xmax && !inProgress.contains(xid));
    }
  }

  public LiveFigures(Vertx vertx, Pool pool, Listener listener, ReferenceStore reference,
      MeterRegistry registry, Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.listener = listener;
    this.reference = reference;
    this.registry = registry;
    this.clock = clock;
    this.allocatedGauge = MultiGauge.builder(ALLOCATED).description("Kilograms credited to each partner, by period,"
        + " activity and waste code (the ledger's net lines)").baseUnit("kilograms").register(registry);
    this.rebuilds = io.micrometer.core.instrument.Timer.builder(REBUILDS)
        .description("Full reads of the ledger for the live figures (start-up, listener reconnections)").register(registry);
    this.computed = new Computed(Map.of(), BigDecimal.ZERO);
    registerGauges();
  }

  /**
   * Registers on the listener; the returned future completes once the ledger has been read in full after the
   * listener's first subscription.
   */
  public Future<Void> start() {
    io.vertx.core.Promise<Void> first = io.vertx.core.Promise.promise();
    listener.channel(LedgerStore.CHANNEL, this::onLedger, v -> rebuild().onComplete(ar -> {
      if (ar.failed()) {
        LOG.error("live figures could not be read from the ledger", ar.cause());
      }
      first.tryComplete();
    }));
    listener.channel(LedgerStore.CHANNEL + "_stock", p -> loadStock().onSuccess(v -> queueRefresh()), v -> { });
    listener.channel(ReferenceStore.CHANNEL, p -> reference.load().onSuccess(v -> queueRefresh()),
        v -> reference.load().onSuccess(x -> queueRefresh()));
    vertx.setPeriodic(60_000, id -> queueRefresh());
    return first.future();
  }

  public Computed computed() {
    return computed;
  }

  private Future<Void> rebuild() {
    rebuilding = true;
    long started = System.nanoTime();
    return pool.withTransaction(conn -> conn.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ").execute()
            .compose(v -> conn.query("SELECT pg_current_snapshot()::text").execute())
            .compose(snap -> conn.query("SELECT (at AT TIME ZONE 'Europe/Paris')::date AS day, site, direction, waste_code,"
                    + " activity, partner, mode, sum(kg)::bigint AS kg FROM allocation_line"
                    + " GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(kg) <> 0").execute()
                .map(rows -> {
                  Map<Key, Long> read = new HashMap<>();
                  for (Row r : rows) {
                    read.put(new Key(r.getLocalDate("day"), r.getString("site"), r.getString("direction"),
                        r.getString("waste_code"), r.getString("activity"), r.getString("partner"),
                        r.getString("mode") == null ? "" : r.getString("mode")), r.getLong("kg"));
                  }
                  sums.clear();
                  sums.putAll(read);
                  base = Snapshot.parse(snap.iterator().next().getString(0));
                  return null;
                })))
        .compose(v -> loadStock())
        .onComplete(ar -> {
          rebuilding = false;
          List<JsonObject> waiting = new ArrayList<>(buffered);
          buffered.clear();
          waiting.forEach(this::apply);
          refresh();
          long took = System.nanoTime() - started;
          rebuilds.record(java.time.Duration.ofNanos(took));
          LOG.info("live figures read from the ledger [groups: {}, took: {} ms, snapshot: {}]", sums.size(),
              took / 1_000_000, base);
        });
  }

  private Future<Void> loadStock() {
    return pool.query("SELECT id, site, waste_code, day, kg FROM stock_declaration").execute().map(rows -> {
      List<Stock> list = new ArrayList<>();
      for (Row r : rows) {
        list.add(new Stock(r.getString("site"), r.getString("waste_code"), r.getLocalDate("day"), r.getLong("kg"),
            r.getLong("id")));
      }
      stock = list;
      return null;
    });
  }

  private void onLedger(String payload) {
    JsonObject n;
    try {
      n = new JsonObject(payload);
    } catch (RuntimeException e) {
      LOG.warn("unreadable ledger notification ignored: {}", payload);
      return;
    }
    if (rebuilding) {
      buffered.add(n);
    } else {
      apply(n);
    }
  }

  private void apply(JsonObject n) {
    long xid = Long.parseLong(n.getString("x"));
    if (base != null && base.saw(xid)) {
      return;
    }
    for (Object o : n.getJsonArray("d")) {
      JsonArray d = (JsonArray) o;
      Key k = new Key(LocalDate.parse(d.getString(0)), d.getString(1), d.getString(2), d.getString(3), d.getString(4),
          d.getString(5), d.getString(6));
      sums.merge(k, d.getLong(7), Long::sum);
      if (sums.get(k) == 0) {
        sums.remove(k);
      }
    }
    queueRefresh();
  }

  /** At most five recomputations a second, however many notifications arrive. */
  private void queueRefresh() {
    if (refreshQueued) {
      return;
    }
    refreshQueued = true;
    vertx.setTimer(200, id -> {
      refreshQueued = false;
      refresh();
    });
  }

  private void refresh() {
    ReferenceData ref = reference.cached();
    LocalDate today = LocalDate.now(clock.withZone(Period.ZONE));
    ConventionParameters p = ref.parametersOn(today);
    Map<Window, Figures> windows = new EnumMap<>(Window.class);
    windows.put(Window.MONTH, figures(Period.between(today.withDayOfMonth(1), today), p, today));
    windows.put(Window.YEAR, figures(Period.between(today.withDayOfYear(1), today), p, today));
    LocalDate start = p.siegStart().isAfter(today) ? today : p.siegStart();
    windows.put(Window.SIEG, figures(Period.between(start, today), p, today));
    computed = new Computed(windows, Valorisation.trajectory(p, today));
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    windows.forEach((w, f) -> f.allocated().forEach((k, kg) -> rows.add(MultiGauge.Row.of(
        Tags.of("period", w.tag(), "partner", k.get(0), "activity", k.get(1), "waste_code", k.get(2)), kg))));
    allocatedGauge.register(rows, true);
  }

  private Figures figures(Period period, ConventionParameters p, LocalDate today) {
    Map<List<String>, Long> allocated = new TreeMap<>(java.util.Comparator.comparing(Object::toString));
    long in = 0;
    long pending = 0;
    long unallocated = 0;
    Map<Mode, Long> byMode = new EnumMap<>(Mode.class);
    for (Map.Entry<Key, Long> e : sums.entrySet()) {
      Key k = e.getKey();
      if (k.day().isBefore(period.first()) || k.day().isAfter(period.last())) {
        continue;
      }
      long kg = e.getValue();
      allocated.merge(List.of(k.partner(), k.activity(), k.wasteCode()), kg, Long::sum);
      if (k.partner().equals(ReferenceData.UNALLOCATED)) {
        unallocated += kg;
      }
      if (k.direction().equals("IN") && k.activity().equals("COLLECTION")) {
        in += kg;
      } else if (k.direction().equals("OUT") && k.activity().equals("TREATMENT")) {
        if (k.mode().isEmpty()) {
          pending += kg;
        } else {
          byMode.merge(Mode.valueOf(k.mode()), kg, Long::sum);
        }
      }
    }
    allocated.values().removeIf(kg -> kg == 0);
    long change = stockAt(period.last()) - stockAt(period.first().minusDays(1));
    return new Figures(period, allocated, in, byMode, pending, unallocated, change,
        Valorisation.of(period, p.basis(), in, byMode, pending, p, today));
  }

  /** The stock at the end of {@code day}: the latest declaration per site and waste code on or before it. */
  private long stockAt(LocalDate day) {
    Map<List<String>, Stock> latest = new HashMap<>();
    for (Stock s : stock) {
      if (s.day().isAfter(day)) {
        continue;
      }
      latest.merge(List.of(s.site(), s.wasteCode()), s, (a, b) ->
          b.day().isAfter(a.day()) || (b.day().equals(a.day()) && b.id() > a.id()) ? b : a);
    }
    return latest.values().stream().mapToLong(Stock::kg).sum();
  }

  private void registerGauges() {
    for (Window w : Window.values()) {
      gauge(INBOUND, "IN kilograms of the period", w, null, null, f -> f.inKg(), "kilograms");
      gauge(PENDING, "OUT kilograms under a non-final code, waiting for their final operation", w, null, null,
          f -> f.pendingKg(), "kilograms");
      gauge(UNALLOCATED, "Kilograms no allocation rule covers (credited to UNALLOCATED)", w, null, null,
          f -> f.unallocatedKg(), "kilograms");
      gauge(GAP, "Mass balance: IN - OUT - stock change", w, null, null, f -> f.gapKg(), "kilograms");
      gauge(GAP_RATIO, "Mass balance gap as a share of IN (NaN without IN)", w, null, null,
          f -> rate(Valorisation.ratio(f.gapKg(), f.inKg())), null);
      gauge(TARGET, "Tonnage target of the period (the annual target, in proportion to its days)", w, null, null,
          f -> f.valorisation().targetKg(), "kilograms");
      for (Mode m : Mode.values()) {
        gauge(OUTBOUND, "OUT kilograms of the period by mode (PENDING: non-final code)", w, "mode", m.name(),
            f -> f.outByMode().getOrDefault(m, 0L), "kilograms");
      }
      gauge(OUTBOUND, "OUT kilograms of the period by mode (PENDING: non-final code)", w, "mode", "PENDING",
          f -> f.pendingKg(), "kilograms");
      gauge(RATE, "Valorisation rate of the period (ratio; NaN when the denominator is zero)", w, "rate", "material",
          f -> rate(f.valorisation().materialRate()), null);
      gauge(RATE, "Valorisation rate of the period (ratio; NaN when the denominator is zero)", w, "rate", "global",
          f -> rate(f.valorisation().globalRate()), null);
      gauge(RATE, "Valorisation rate of the period (ratio; NaN when the denominator is zero)", w, "rate", "disposal",
          f -> rate(f.valorisation().disposalRate()), null);
      gauge(RATE, "Valorisation rate of the period (ratio; NaN when the denominator is zero)", w, "rate", "headline",
          f -> rate(f.valorisation().headlineRate()), null);
    }
    Gauge.builder(TRAJECTORY, this, l -> l.computed.trajectoryToday().doubleValue())
        .description("Target valorisation rate of the SIEG trajectory today").register(registry);
  }

  private void gauge(String name, String help, Window w, String tag, String value, ToDoubleFunction<Figures> read,
      String unit) {
    Gauge.Builder<LiveFigures> b = Gauge.builder(name, this, l -> {
      Figures f = l.computed.windows().get(w);
      return f == null ? Double.NaN : read.applyAsDouble(f);
    }).description(help).tag("period", w.tag());
    if (tag != null) {
      b.tag(tag, value);
    }
    if (unit != null) {
      b.baseUnit(unit);
    }
    b.register(registry);
  }

  private static double rate(BigDecimal r) {
    return r == null ? Double.NaN : r.doubleValue();
  }
}
