package fr.iloe.tracker.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where the tracker's tables live: a PostgreSQL URL and a schema, migrated before any listener opens. */
public record Database(String url, String schema) {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  /**
   * Runs the numbered migrations of {@code db/migration} (Flyway, over JDBC). Blocking: call it from a
   * worker, never from an event loop.
   */
  public MigrateResult migrate() {
    URI uri = URI.create(url);
    String userInfo = uri.getRawUserInfo();
    String user = null;
    String password = null;
    if (userInfo != null) {
      String[] parts = userInfo.split(":", 2);
      user = decode(parts[0]);
      password = parts.length > 1 ? decode(parts[1]) : null;
    }
    String jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + (uri.getPort() > 0 ? uri.getPort() : 5432) + uri.getRawPath()
        + (uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "");
    MigrateResult result = Flyway.configure()
        .dataSource(jdbc, user, password)
        .schemas(schema)
        .createSchemas(true)
        .locations("classpath:db/migration")
        .load()
        .migrate();
    LOG.info("database migrated [schema: {}, applied: {}, version: {}]", schema, result.migrationsExecuted,
        result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion);
    return result;
  }

  /** Connection options whose sessions see the tracker's schema first. */
  public PgConnectOptions connectOptions() {
    PgConnectOptions options = PgConnectOptions.fromUri(url);
    options.addProperty("search_path", schema);
    options.addProperty("application_name", "iloe-tracker");
    // statements are parsed once per connection, but each execution is still planned for its values and the table
    // as it is now: a cached generic plan is frozen at the statistics of its fifth run, and with autovacuum off (as
    // on the CI machines) nothing refreshes them. Measured: the ingest's key lookup, planned generic while the tables
    // were empty, kept a sequential scan per key and took a second per batch once the table had 100,000 passes.
    options.setCachePreparedStatements(true);
    options.addProperty("plan_cache_mode", "force_custom_plan");
    return options;
  }

  /** A pool whose connections see the tracker's schema first. */
  public Pool pool(Vertx vertx, int size) {
    PgConnectOptions options = connectOptions();
    options.setReconnectAttempts(0);
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size).setName("iloe-" + schema).setShared(false))
        .connectingTo(options)
        .using(vertx)
        .build();
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** Completes once {@code SELECT 1} answers: the readiness probe. */
  public static Future<Void> ping(Pool pool) {
    return pool.query("SELECT 1").execute().mapEmpty();
  }
}
