package fr.iloe.tracker.app;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The tracker's configuration, read once from environment variables at start-up. Every key has a default
 * (listed in {@link #KEYS} and in the README); a bad value stops the start with an error naming the key.
 *
 * @param databaseUrl PostgreSQL URL ({@code postgresql://user:pass@host:port/db}); empty = embedded PostgreSQL
 * @param databaseSchema schema holding the tracker's tables (created by the migrations when missing)
 * @param mqttUrl broker URL ({@code tcp://host:port}); empty = embedded broker on {@code embeddedMqttPort}
 * @param adminToken bearer token with every right; empty = a random one, printed at start-up
 */
public record Config(
    String databaseUrl,
    String databaseSchema,
    int databasePoolSize,
    Path dataDir,
    String mqttUrl,
    int embeddedMqttPort,
    String mqttClientId,
    String mqttShareGroup,
    String mqttUsername,
    String mqttPassword,
    boolean mqttEnabled,
    int mqttMaxUnacked,
    boolean mqttPublishTickets,
    String httpHost,
    int httpPort,
    String adminToken,
    Path referenceFile,
    int bodyLimitBytes,
    Duration maxClockSkew,
    int ingestBatchMax,
    int ingestQueueMax,
    int rateLimitPerSecond,
    String corsOrigins,
    int pointFullPercent,
    Duration pickupMatchWindow) {

  /** One environment variable: its name, default and meaning, as the README lists them. */
  public record Key(String name, String defaultValue, String doc) {}

  public static final List<Key> KEYS = List.of(
      new Key("DATABASE_URL", "", "PostgreSQL URL, postgresql://user:password@host:5432/db; empty starts an embedded PostgreSQL with its data under DATA_DIR/postgres"),
      new Key("DATABASE_SCHEMA", "public", "schema of the tracker's tables; the migrations create it when missing"),
      new Key("DATABASE_POOL_SIZE", "8", "connections in the PostgreSQL pool (1-100)"),
      new Key("DATA_DIR", "./data", "where the embedded PostgreSQL and broker keep their files across restarts"),
      new Key("MQTT_URL", "", "broker URL, tcp://host:1883; empty starts an embedded broker on 127.0.0.1:EMBEDDED_MQTT_PORT"),
      new Key("EMBEDDED_MQTT_PORT", "18830", "port of the embedded broker (loopback only)"),
      new Key("MQTT_CLIENT_ID", "iloe-tracker", "stable MQTT client id of the persistent session; give each instance its own"),
      new Key("MQTT_SHARE_GROUP", "", "when set, subscribe through $share/<group>/... so that instances split the messages"),
      new Key("MQTT_USERNAME", "", "MQTT user name, if the broker asks for one"),
      new Key("MQTT_PASSWORD", "", "MQTT password, if the broker asks for one"),
      new Key("MQTT_ENABLED", "true", "false runs the tracker without MQTT ingestion (HTTP only)"),
      new Key("MQTT_MAX_UNACKED", "1000", "most MQTT messages held unacknowledged; the client stops reading beyond it"),
      new Key("MQTT_PUBLISH_TICKETS", "true", "after commit, publish each ticket's state on iloe/v1/sites/{site}/weighbridges/{bridge}/tickets/{ticket} (through a second connection, client id MQTT_CLIENT_ID-out)"),
      new Key("HTTP_HOST", "0.0.0.0", "address the HTTP server binds"),
      new Key("HTTP_PORT", "8080", "HTTP port (0 = any free port)"),
      new Key("ADMIN_TOKEN", "", "bearer token with every right (at least 16 characters); empty = a random token printed at start-up"),
      new Key("REFERENCE_FILE", "", "reference bundle (JSON, as PUT /api/v1/reference) merged into the stored one at start-up"),
      new Key("BODY_LIMIT_BYTES", "65536", "largest HTTP request body accepted; larger ones get 413"),
      new Key("MAX_CLOCK_SKEW_SECONDS", "300", "how far in the future a weighing's timestamp may be"),
      new Key("INGEST_BATCH_MAX", "500", "most messages written in one group-commit transaction"),
      new Key("INGEST_QUEUE_MAX", "20000", "most messages waiting for a transaction; HTTP answers 503 beyond it"),
      new Key("RATE_LIMIT_PER_SECOND", "200", "requests a second per token on average (bursts of twice that); 0 disables the limit"),
      new Key("CORS_ORIGINS", "", "comma-separated origins allowed to call the API from a browser; empty = CORS off"),
      new Key("POINT_FULL_PERCENT", "80", "fill level at or above which a collection point is flagged to collect"),
      new Key("PICKUP_MATCH_WINDOW_HOURS", "12", "how long after a pickup the vehicle's next IN ticket may weigh it"),
      new Key("LOG_LEVEL", "INFO", "TRACE, DEBUG, INFO, WARN or ERROR (read by logback)"));

  private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  /** Reads the configuration from {@code env}, reporting every bad key at once. */
  public static Config fromEnv(Map<String, String> env) {
    Reader r = new Reader(env);
    Config config = new Config(
        r.text("DATABASE_URL", Config::checkDatabaseUrl),
        r.text("DATABASE_SCHEMA", s -> SCHEMA.matcher(s).matches() ? null : "must be a lower-case SQL identifier"),
        r.integer("DATABASE_POOL_SIZE", 1, 100),
        Path.of(r.text("DATA_DIR", s -> s.isBlank() ? "must not be empty" : null)),
        r.text("MQTT_URL", Config::checkMqttUrl),
        r.integer("EMBEDDED_MQTT_PORT", 1, 65535),
        r.text("MQTT_CLIENT_ID", s -> s.isEmpty() || s.length() > 64 ? "must be 1 to 64 characters" : null),
        r.text("MQTT_SHARE_GROUP", s -> s.matches("[A-Za-z0-9_-]*") ? null : "must be letters, digits, '_' or '-'"),
        r.text("MQTT_USERNAME", s -> null),
        r.text("MQTT_PASSWORD", s -> null),
        r.bool("MQTT_ENABLED"),
        r.integer("MQTT_MAX_UNACKED", 1, 65_535),
        r.bool("MQTT_PUBLISH_TICKETS"),
        r.text("HTTP_HOST", s -> s.isBlank() ? "must not be empty" : null),
        r.integer("HTTP_PORT", 0, 65535),
        r.text("ADMIN_TOKEN", s -> s.isEmpty() || s.length() >= 16 ? null : "must be at least 16 characters"),
        Optional.of(r.text("REFERENCE_FILE", s -> null)).filter(s -> !s.isBlank()).map(Path::of).orElse(null),
        r.integer("BODY_LIMIT_BYTES", 1024, 16 * 1024 * 1024),
        Duration.ofSeconds(r.integer("MAX_CLOCK_SKEW_SECONDS", 0, 86_400)),
        r.integer("INGEST_BATCH_MAX", 1, 5_000),
        r.integer("INGEST_QUEUE_MAX", 1, 1_000_000),
        r.integer("RATE_LIMIT_PER_SECOND", 0, 1_000_000),
        r.text("CORS_ORIGINS", s -> s.isEmpty() || s.matches("(https?://[^,\\s]+)(,https?://[^,\\s]+)*") ? null
            : "must be a comma-separated list of origins such as https://tracker.example.org"),
        r.integer("POINT_FULL_PERCENT", 1, 100),
        Duration.ofHours(r.integer("PICKUP_MATCH_WINDOW_HOURS", 1, 168)));
    r.text("LOG_LEVEL", s -> s.matches("TRACE|DEBUG|INFO|WARN|ERROR") ? null : "must be TRACE, DEBUG, INFO, WARN or ERROR");
    if (!r.errors.isEmpty()) {
      throw new ConfigException(r.errors);
    }
    return config;
  }

  public boolean embeddedDatabase() {
    return databaseUrl.isEmpty();
  }

  public boolean embeddedBroker() {
    return mqttUrl.isEmpty();
  }

  /** The configuration as it would be logged: passwords and tokens masked. */
  @Override
  public String toString() {
    return "Config[database=" + (embeddedDatabase() ? "embedded" : maskUrl(databaseUrl)) + ", schema=" + databaseSchema
        + ", mqtt=" + (mqttEnabled ? (embeddedBroker() ? "embedded:" + embeddedMqttPort : mqttUrl) : "disabled")
        + ", clientId=" + mqttClientId + ", shareGroup=" + mqttShareGroup + ", http=" + httpHost + ":" + httpPort
        + ", referenceFile=" + referenceFile + ", dataDir=" + dataDir + "]";
  }

  private static String maskUrl(String url) {
    return url.replaceAll("//([^:/@]+):[^@]*@", "//$1:***@");
  }

  private static String checkDatabaseUrl(String url) {
    if (url.isEmpty()) {
      return null;
    }
    try {
      URI uri = URI.create(url);
      boolean scheme = "postgresql".equals(uri.getScheme()) || "postgres".equals(uri.getScheme());
      return scheme && uri.getHost() != null ? null : "must look like postgresql://user:password@host:5432/database";
    } catch (IllegalArgumentException e) {
      return "must look like postgresql://user:password@host:5432/database";
    }
  }

  private static String checkMqttUrl(String url) {
    if (url.isEmpty()) {
      return null;
    }
    try {
      URI uri = URI.create(url);
      boolean scheme = "tcp".equals(uri.getScheme()) || "ssl".equals(uri.getScheme());
      return scheme && uri.getHost() != null && uri.getPort() > 0 ? null : "must look like tcp://host:1883";
    } catch (IllegalArgumentException e) {
      return "must look like tcp://host:1883";
    }
  }

  /** Raised at start-up with every configuration problem, each naming its environment variable. */
  public static final class ConfigException extends RuntimeException {
    public ConfigException(List<String> problems) {
      super("bad configuration: " + String.join("; ", problems));
    }
  }

  private static final class Reader {
    final Map<String, String> env;
    final List<String> errors = new ArrayList<>();

    Reader(Map<String, String> env) {
      this.env = env;
    }

    String raw(String key) {
      String def = KEYS.stream().filter(k -> k.name().equals(key)).findFirst()
          .orElseThrow(() -> new IllegalStateException("undocumented key " + key)).defaultValue();
      String v = env.get(key);
      return v == null ? def : v.trim();
    }

    String text(String key, Function<String, String> check) {
      String v = raw(key);
      String problem = check.apply(v);
      if (problem != null) {
        String shown = key.contains("PASSWORD") || key.contains("TOKEN") ? "***" : key.endsWith("_URL") ? maskUrl(v) : v;
        errors.add(key + " " + problem + " (got '" + shown + "')");
      }
      return v;
    }

    int integer(String key, int min, int max) {
      String v = raw(key);
      try {
        int n = Integer.parseInt(v);
        if (n < min || n > max) {
          errors.add(key + " must be between " + min + " and " + max + " (got '" + v + "')");
        }
        return n;
      } catch (NumberFormatException e) {
        errors.add(key + " must be a whole number (got '" + v + "')");
        return min;
      }
    }

    boolean bool(String key) {
      String v = raw(key);
      if (!v.equals("true") && !v.equals("false")) {
        errors.add(key + " must be true or false (got '" + v + "')");
      }
      return v.equals("true");
    }
  }
}
