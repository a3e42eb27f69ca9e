package fr.iloe.tracker.app;

import fr.iloe.tracker.api.Api;
import fr.iloe.tracker.api.TicketJson;
import fr.iloe.tracker.ingest.MqttIngest;
import fr.iloe.tracker.store.FiguresStore;
import fr.iloe.tracker.store.FinalOperationStore;
import fr.iloe.tracker.store.QuarantineStore;
import fr.iloe.tracker.store.ReallocationStore;
import fr.iloe.tracker.store.StockStore;
import fr.iloe.tracker.domain.PassRules;
import fr.iloe.tracker.domain.ReferenceData;
import fr.iloe.tracker.ingest.PassIngest;
import fr.iloe.tracker.ingest.PassParser;
import fr.iloe.tracker.ingest.ReferenceJson;
import fr.iloe.tracker.ingest.StrictJson;
import fr.iloe.tracker.live.LiveEvents;
import fr.iloe.tracker.live.LiveFigures;
import fr.iloe.tracker.live.LivePoints;
import fr.iloe.tracker.live.LiveBridges;
import fr.iloe.tracker.live.Listener;
import fr.iloe.tracker.api.Auth;
import fr.iloe.tracker.api.AuditTrail;
import fr.iloe.tracker.api.RateLimiter;
import fr.iloe.tracker.store.AuditLogStore;
import fr.iloe.tracker.store.ChainVerifier;
import fr.iloe.tracker.store.TokenStore;
import fr.iloe.tracker.store.ReadingStore;
import fr.iloe.tracker.ingest.ReadingIngest;
import fr.iloe.tracker.ingest.ReadingParser;
import fr.iloe.tracker.domain.ReadingRules;
import fr.iloe.tracker.live.Metrics;
import fr.iloe.tracker.store.Database;
import fr.iloe.tracker.store.ReferenceStore;
import fr.iloe.tracker.store.TicketStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.sqlclient.Pool;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every part from the configuration, in order (embedded services, migrations,
 * pool, reference data, ingestion, then the listeners), and stops them in reverse. {@code Main} and the
 * tests start the tracker the same way.
 */
public final class Tracker {
  private static final Logger LOG = LoggerFactory.getLogger(Tracker.class);

  private final Config config;
  private final Clock clock;
  private final Vertx vertx;
  private final PrometheusMeterRegistry registry;
  private final List<AutoCloseable> embedded = new ArrayList<>();
  private String adminToken;
  private String databaseUrl;
  private String mqttUrl;
  private Pool pool;
  private HttpServer http;
  private io.vertx.ext.web.Router router;
  private ReferenceStore reference;
  private LiveBridges bridges;
  private TicketStore tickets;
  private PassIngest ingest;
  private Metrics metrics;
  private QuarantineStore quarantine;
  private MqttIngest mqtt;
  private LiveFigures live;
  private LivePoints points;
  private LiveEvents events;
  private Listener listener;
  private TokenStore tokens;
  private Auth auth;
  private ReadingStore readings;
  private ReadingIngest readingIngest;

  private Tracker(Config config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
            .setEnabled(true)
            .setJvmMetricsEnabled(true)
            .addLabels(Label.HTTP_METHOD, Label.HTTP_CODE, Label.HTTP_ROUTE, Label.POOL_TYPE, Label.POOL_NAME)))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
  }

  /** Starts a tracker; the future fails (and everything started is stopped) if any step fails. */
  public static Future<Tracker> start(Config config, Clock clock) {
    Tracker t = new Tracker(config, clock);
    // not bound to a Vert.x context: it must still complete after a failed start has closed Vert.x
    Promise<Tracker> started = Promise.promise();
    t.startAll().onComplete(ar -> {
      if (ar.succeeded()) {
        started.complete(t);
      } else {
        t.close().onComplete(closed -> started.fail(ar.cause()));
      }
    });
    return started.future();
  }

  private Future<Void> startAll() {
    adminToken = config.adminToken().isEmpty() ? randomToken() : config.adminToken();
    metrics = new Metrics(registry);
    return vertx.executeBlocking(this::startEmbeddedAndMigrate)
        .compose(v -> {
          pool = new Database(databaseUrl, config.databaseSchema()).pool(vertx, config.databasePoolSize());
          reference = new ReferenceStore(pool);
          tickets = new TicketStore(pool);
          quarantine = new QuarantineStore(pool);
          return reference.load();
        })
        .compose(v -> loadReferenceFile())
        .compose(v -> {
          listener = new Listener(vertx, new Database(databaseUrl, config.databaseSchema()).connectOptions());
          live = new LiveFigures(vertx, pool, listener, reference, registry, clock);
          readings = new ReadingStore(pool);
          points = new LivePoints(vertx, readings, reference, listener, registry, clock,
              java.math.BigDecimal.valueOf(config.pointFullPercent()));
          tokens = new TokenStore(pool);
          auth = new Auth(adminToken, tokens, new RateLimiter(config.rateLimitPerSecond(), clock), clock);
          listener.channel(TokenStore.CHANNEL, n -> auth.invalidate(), s -> auth.invalidate());
          events = new LiveEvents(listener);
          bridges = new LiveBridges(vertx, tickets, reference, listener, registry, clock);
          Future<Void> figures = live.start();
          Future<Void> pointsRead = points.start();
          Future<Void> bridgesRead = bridges.start();
          return listener.connect().compose(x -> Future.all(figures, pointsRead, bridgesRead)).mapEmpty();
        })
        .compose(v -> {
          ingest = new PassIngest(vertx.getOrCreateContext(), new PassParser(new PassRules(config.maxClockSkew())),
              reference::cached, tickets, metrics, clock, config.ingestBatchMax(), config.ingestQueueMax());
          readingIngest = new ReadingIngest(vertx.getOrCreateContext(),
              new ReadingParser(new ReadingRules(config.maxClockSkew())), reference::cached, readings, metrics, clock,
              config.ingestBatchMax(), config.ingestQueueMax());
          metrics.gauge(Metrics.INGEST_QUEUED, "Messages waiting for the next group-commit transaction",
              () -> ingest.queued() + readingIngest.queued());
          ingest.onRecorded(bridges::recorded);
          return Future.<Void>succeededFuture();
        })
        .compose(v -> startHttp())
        .compose(v -> startMqtt());
  }

  /** MQTT ingestion, once the database is migrated and the HTTP listener is open. */
  private Future<Void> startMqtt() {
    if (!config.mqttEnabled()) {
      return Future.succeededFuture();
    }
    mqtt = new MqttIngest(vertx, vertx.getOrCreateContext(),
        new MqttIngest.Settings(mqttUrl, config.mqttClientId(), config.mqttShareGroup(), config.mqttUsername(),
            config.mqttPassword(), config.mqttMaxUnacked(), config.mqttPublishTickets()),
        ingest, readingIngest, quarantine, () -> Database.ping(pool), v -> TicketJson.write(v).toBuffer().getBytes(), metrics,
        clock);
    return mqtt.start();
  }

  /** Blocking start-up work, on a worker thread: embedded servers, then the migrations. */
  private Void startEmbeddedAndMigrate() {
    if (config.embeddedDatabase()) {
      EmbeddedDatabase db = EmbeddedDatabase.start(config.dataDir().resolve("postgres"));
      embedded.add(db);
      databaseUrl = db.url();
    } else {
      databaseUrl = config.databaseUrl();
    }
    new Database(databaseUrl, config.databaseSchema()).migrate();
    if (config.mqttEnabled() && config.embeddedBroker()) {
      EmbeddedBroker broker = EmbeddedBroker.start(config.embeddedMqttPort(), config.dataDir().resolve("broker"));
      embedded.add(broker);
      mqttUrl = broker.url();
    } else {
      mqttUrl = config.mqttUrl();
    }
    return null;
  }

  private Future<Void> loadReferenceFile() {
    if (config.referenceFile() == null) {
      return Future.succeededFuture();
    }
    String path = config.referenceFile().toString();
    return vertx.fileSystem().readFile(path)
        .map(buffer -> ReferenceJson.read(StrictJson.parseObject(buffer.getBytes())))
        .compose(bundle -> reference.update(current -> checked(current.merge(bundle), path), "REFERENCE_FILE", "file:" + path))
        .onSuccess(v -> LOG.info("reference file loaded [file: {}, version: {}, sites: {}, partners: {}]", path,
            v.version(), v.data().sites().size(), v.data().partners().size()))
        .recover(e -> Future.failedFuture(new IllegalStateException("REFERENCE_FILE " + path + " refused: " + e.getMessage(), e)))
        .mapEmpty();
  }

  private static ReferenceData checked(ReferenceData bundle, String path) {
    var problems = bundle.problems();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(problems.toString());
    }
    return bundle;
  }

  private Future<Void> startHttp() {
    HealthChecks readiness = HealthChecks.create(vertx)
        .register("database", 2_000, p -> Database.ping(pool).onComplete(ar -> p.complete(
            ar.succeeded() ? Status.OK() : Status.KO(new io.vertx.core.json.JsonObject().put("error", ar.cause().getMessage())))));
    if (config.mqttEnabled()) {
      readiness.register("mqtt", p -> p.complete(mqtt != null && mqtt.connected() ? Status.OK()
          : Status.KO(new io.vertx.core.json.JsonObject().put("error", "not connected to " + mqttUrl))));
    }
    java.util.List<String> cors = config.corsOrigins().isEmpty() ? java.util.List.of()
        : java.util.List.of(config.corsOrigins().split(","));
    fr.iloe.tracker.store.ReportStore reports = new fr.iloe.tracker.store.ReportStore(pool);
    Api.Services services = new Api.Services(config.bodyLimitBytes(), cors, ingest, tickets, reference, quarantine,
        new FiguresStore(pool), new FinalOperationStore(pool), new ReallocationStore(pool), new StockStore(pool),
        readingIngest, readings, points, config.pickupMatchWindow(), tokens, new fr.iloe.tracker.store.RevisionStore(pool), auth,
        new AuditTrail(vertx.getOrCreateContext(), new AuditLogStore(pool), clock), new ChainVerifier(pool),
        new fr.iloe.tracker.report.CompensationReports(reports), reports, new fr.iloe.tracker.store.RegisterStore(pool),
        new fr.iloe.tracker.store.InsertionStore(pool), events, registry, readiness, clock);
    return vertx.createHttpServer(new HttpServerOptions().setHost(config.httpHost()).setPort(config.httpPort())
            // room for the guard to answer a long URL with a problem (Api.MAX_URI); beyond this, Vert.x's bare 414
            .setMaxInitialLineLength(Api.MAX_URI * 2))
        .requestHandler(Api.guarded(router = Api.router(vertx, services)))
        .listen()
        .onSuccess(server -> http = server)
        .mapEmpty();
  }

  /**
   * Stops the listeners, then the pool, Vert.x and the embedded servers. The work runs on a thread of its
   * own, so the returned future completes even though Vert.x's event loops are gone by then.
   */
  public Future<Void> close() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (listener != null) {
      listener.stopping();
    }
    Thread closer = new Thread(() -> {
      try {
        awaitQuietly(mqtt == null ? Future.succeededFuture() : mqtt.stop(), "mqtt client");
        awaitQuietly(http == null ? Future.succeededFuture() : http.close(), "http server");
        awaitQuietly(listener == null ? Future.succeededFuture() : listener.close(), "listener");
        awaitQuietly(pool == null ? Future.succeededFuture() : pool.close(), "database pool");
        awaitQuietly(vertx.close(), "vert.x");
        for (int i = embedded.size() - 1; i >= 0; i--) {
          try {
            embedded.get(i).close();
          } catch (Exception e) {
            LOG.warn("embedded service did not stop cleanly", e);
          }
        }
      } finally {
        done.complete(null);
      }
    }, "tracker-close");
    closer.start();
    return Future.fromCompletionStage(done);
  }

  private static void awaitQuietly(Future<?> f, String what) {
    try {
      f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("{} did not stop cleanly: {}", what, e.toString());
    }
  }

  private static String randomToken() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public int httpPort() {
    return http.actualPort();
  }

  public String adminToken() {
    return adminToken;
  }

  public String databaseUrl() {
    return databaseUrl;
  }

  public String mqttUrl() {
    return mqttUrl;
  }

  public Config config() {
    return config;
  }

  public Vertx vertx() {
    return vertx;
  }

  public Pool pool() {
    return pool;
  }

  /** The routes served, with the roles allowed on each. */
  public java.util.List<Api.Permission> permissions() {
    return Api.permissions(router);
  }

  public LiveFigures live() {
    return live;
  }

  public MqttIngest mqtt() {
    return mqtt;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }
}
