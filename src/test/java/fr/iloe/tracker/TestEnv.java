package fr.iloe.tracker;

import fr.iloe.tracker.app.Config;
import fr.iloe.tracker.app.EmbeddedBroker;
import fr.iloe.tracker.app.EmbeddedDatabase;
import fr.iloe.tracker.app.Tracker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The real services the tests talk to. With {@code TEST_DATABASE_URL} and {@code TEST_MQTT_URL} set (CI,
 * {@code make test-services}) they are this machine's PostgreSQL and Mosquitto; otherwise an embedded
 * PostgreSQL and Moquette broker started once for the whole run. Each tracker gets its own fresh schema.
 */
public final class TestEnv {
  public static final String TOKEN = "test-admin-token-0123456789";
  private static EmbeddedDatabase database;
  private static EmbeddedBroker broker;

  private TestEnv() {}

  public static synchronized String databaseUrl() {
    String url = System.getenv("TEST_DATABASE_URL");
    if (url != null && !url.isBlank()) {
      return url;
    }
    if (database == null) {
      database = EmbeddedDatabase.start(null);
    }
    return database.url();
  }

  public static synchronized String mqttUrl() {
    String url = System.getenv("TEST_MQTT_URL");
    if (url != null && !url.isBlank()) {
      return url;
    }
    if (broker == null) {
      broker = EmbeddedBroker.start(freePort(), null);
    }
    return broker.url();
  }

  /** A schema name no other test uses. */
  public static String freshSchema() {
    return "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Skips the calling test when a program it needs is missing, with {@code why} (how to install it); under
   * {@code CI=true} fails instead, so that CI, which installs them all, never passes by skipping.
   */
  public static void requireTool(boolean present, String why) {
    if (!present && "true".equals(System.getenv("CI"))) {
      org.junit.jupiter.api.Assertions.fail("CI must run this test: " + why);
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(present, why);
  }

  /** SIGTERM, then SIGKILL if the process has not ended after {@code graceSeconds}. */
  public static void stopProcess(Process process, int graceSeconds) {
    process.destroy();
    try {
      if (!process.waitFor(graceSeconds, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The environment of a test tracker: the shared services, a fresh schema, a free port, no MQTT. */
  public static Map<String, String> env(Map<String, String> overrides) {
    Map<String, String> env = new HashMap<>();
    env.put("DATABASE_URL", databaseUrl());
    env.put("DATABASE_SCHEMA", freshSchema());
    env.put("HTTP_HOST", "127.0.0.1");
    env.put("HTTP_PORT", "0");
    env.put("ADMIN_TOKEN", TOKEN);
    env.put("MQTT_ENABLED", "false");
    env.put("DATABASE_POOL_SIZE", "4");
    env.put("DATA_DIR", tempDir("iloe-data").toString());
    env.putAll(overrides);
    return env;
  }

  public static Tracker start(Map<String, String> overrides) {
    return start(overrides, Clock.systemUTC());
  }

  public static Tracker start(Map<String, String> overrides, Clock clock) {
    return Tracker.start(Config.fromEnv(env(overrides)), clock).await();
  }

  /** Two instances on one fresh schema, the first having loaded the demo reference data. */
  public record Instances(String schema, Tracker a, Tracker b) implements AutoCloseable {
    /** Stops both and drops the schema. */
    @Override
    public void close() {
      try {
        stop(b);
        stop(a);
      } finally {
        dropSchema(databaseUrl(), schema);
      }
    }
  }

  public static Instances twoInstances() {
    String schema = freshSchema();
    Tracker a = start(Map.of("DATABASE_SCHEMA", schema, "REFERENCE_FILE", demoReference().toString()));
    try {
      return new Instances(schema, a, start(Map.of("DATABASE_SCHEMA", schema)));
    } catch (RuntimeException e) {
      stop(a);
      throw e;
    }
  }

  /** The overrides of a tracker that ingests MQTT from the test broker, with a client id of its own. */
  public static Map<String, String> mqtt(Map<String, String> more) {
    Map<String, String> env = new HashMap<>();
    env.put("MQTT_ENABLED", "true");
    env.put("MQTT_URL", mqttUrl());
    env.put("MQTT_CLIENT_ID", "tracker-" + UUID.randomUUID().toString().substring(0, 8));
    env.putAll(more);
    return env;
  }

  /**
   * Stops a test tracker, drops its schema and its broker session, so that the machine's services do not
   * fill up with what the tests left.
   */
  public static void stop(Tracker tracker) {
    tracker.close().await();
    if (tracker.config().mqttEnabled()) {
      MqttClient.forgetSession(tracker.mqttUrl(), tracker.config().mqttClientId());
    }
    dropSchema(databaseUrl(), tracker.config().databaseSchema());
  }

  public static void dropSchema(String url, String schema) {
    if (schema.startsWith("t_") && System.getenv("TEST_KEEP_SCHEMAS") == null) {
      sql(url, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  /** Runs a statement straight on the test database (not through the tracker), answering the first column. */
  public static Long sql(String url, String statement) {
    java.net.URI uri = java.net.URI.create(url);
    String user = uri.getUserInfo() == null ? null : uri.getUserInfo().split(":", 2)[0];
    String jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath();
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbc, user, null);
         java.sql.Statement st = c.createStatement()) {
      if (!st.execute(statement)) {
        return null;
      }
      try (java.sql.ResultSet rs = st.getResultSet()) {
        return rs.next() ? rs.getLong(1) : null;
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("statement failed: " + statement, e);
    }
  }

  /** The demo reference bundle of {@code make run}, for tests that need realistic reference data. */
  public static Path demoReference() {
    return Path.of("deploy/demo/reference.json");
  }
}
