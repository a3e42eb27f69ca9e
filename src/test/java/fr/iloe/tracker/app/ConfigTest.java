package fr.iloe.tracker.app;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.iloe.tracker.app.Config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Config: environment variables")
class ConfigTest {

  private static ConfigException refused(Map<String, String> env) {
    return assertThrows(ConfigException.class, () -> Config.fromEnv(env));
  }

  private static void assertContains(String message, String... fragments) {
    for (String f : fragments) {
      assertTrue(message.contains(f), () -> "'" + message + "' should contain '" + f + "'");
    }
  }

  @Test
  @DisplayName("with no environment every key takes its documented default")
  void defaults() {
    // when
    Config c = Config.fromEnv(Map.of());
    // then
    assertAll(
        () -> assertEquals("", c.databaseUrl()),
        () -> assertTrue(c.embeddedDatabase()),
        () -> assertEquals("public", c.databaseSchema()),
        () -> assertEquals(8, c.databasePoolSize()),
        () -> assertEquals(Path.of("./data"), c.dataDir()),
        () -> assertEquals("", c.mqttUrl()),
        () -> assertTrue(c.embeddedBroker()),
        () -> assertEquals(18830, c.embeddedMqttPort()),
        () -> assertEquals("iloe-tracker", c.mqttClientId()),
        () -> assertEquals("", c.mqttShareGroup()),
        () -> assertEquals("", c.mqttUsername()),
        () -> assertEquals("", c.mqttPassword()),
        () -> assertTrue(c.mqttEnabled()),
        () -> assertEquals("0.0.0.0", c.httpHost()),
        () -> assertEquals(8080, c.httpPort()),
        () -> assertEquals("", c.adminToken()),
        () -> assertNull(c.referenceFile()),
        () -> assertEquals(65536, c.bodyLimitBytes()),
        () -> assertEquals(Duration.ofSeconds(300), c.maxClockSkew()),
        () -> assertEquals(500, c.ingestBatchMax()),
        () -> assertEquals(20000, c.ingestQueueMax()));
  }

  @Test
  @DisplayName("giving every key its documented default explicitly is the same as giving nothing")
  void explicitDefaults() {
    Map<String, String> env = Config.KEYS.stream().collect(Collectors.toMap(Config.Key::name, Config.Key::defaultValue));
    assertEquals(Config.fromEnv(Map.of()), Config.fromEnv(env));
  }

  @Test
  @DisplayName("the documented keys have distinct names, defaults and descriptions")
  void keysAreDocumented() {
    assertEquals(Config.KEYS.size(), Config.KEYS.stream().map(Config.Key::name).distinct().count());
    Config.KEYS.forEach(k -> {
      assertTrue(k.name().matches("[A-Z][A-Z0-9_]*"), k.name());
      assertFalse(k.doc().isBlank(), k.name());
    });
  }

  @Test
  @DisplayName("valid values are read, trimmed and typed")
  void overrides() {
    Map<String, String> env = new HashMap<>();
    env.put("DATABASE_URL", "postgresql://iloe:s3cret@db.internal:5432/tracker");
    env.put("DATABASE_SCHEMA", "tracker_v1");
    env.put("DATABASE_POOL_SIZE", "16");
    env.put("DATA_DIR", "/var/lib/iloe");
    env.put("MQTT_URL", "ssl://broker.internal:8883");
    env.put("MQTT_CLIENT_ID", "tracker-2");
    env.put("MQTT_SHARE_GROUP", "trackers");
    env.put("MQTT_ENABLED", "false");
    env.put("HTTP_HOST", "127.0.0.1");
    env.put("HTTP_PORT", " 9090 ");
    env.put("ADMIN_TOKEN", "0123456789abcdef");
    env.put("REFERENCE_FILE", "/etc/iloe/reference.json");
    env.put("BODY_LIMIT_BYTES", "1024");
    env.put("MAX_CLOCK_SKEW_SECONDS", "0");
    env.put("INGEST_BATCH_MAX", "5000");
    env.put("INGEST_QUEUE_MAX", "1000000");
    Config c = Config.fromEnv(env);
    assertAll(
        () -> assertFalse(c.embeddedDatabase()),
        () -> assertEquals("tracker_v1", c.databaseSchema()),
        () -> assertEquals(16, c.databasePoolSize()),
        () -> assertEquals(Path.of("/var/lib/iloe"), c.dataDir()),
        () -> assertFalse(c.embeddedBroker()),
        () -> assertEquals("ssl://broker.internal:8883", c.mqttUrl()),
        () -> assertEquals("tracker-2", c.mqttClientId()),
        () -> assertEquals("trackers", c.mqttShareGroup()),
        () -> assertFalse(c.mqttEnabled()),
        () -> assertEquals("127.0.0.1", c.httpHost()),
        () -> assertEquals(9090, c.httpPort()),
        () -> assertEquals("0123456789abcdef", c.adminToken()),
        () -> assertEquals(Path.of("/etc/iloe/reference.json"), c.referenceFile()),
        () -> assertEquals(1024, c.bodyLimitBytes()),
        () -> assertEquals(Duration.ZERO, c.maxClockSkew()),
        () -> assertEquals(5000, c.ingestBatchMax()),
        () -> assertEquals(1_000_000, c.ingestQueueMax()));
  }

  @ParameterizedTest(name = "{0}=''{1}''")
  @CsvSource(delimiter = '|', value = {
      "HTTP_PORT              | abc                 | must be a whole number",
      "HTTP_PORT              | 70000               | must be between 0 and 65535",
      "HTTP_PORT              | -1                  | must be between 0 and 65535",
      "HTTP_PORT              | 80.5                | must be a whole number",
      "DATABASE_URL           | mysql://x           | must look like postgresql://",
      "DATABASE_URL           | postgresql:db       | must look like postgresql://",
      "DATABASE_URL           | postgresql://       | must look like postgresql://",
      "DATABASE_URL           | not a url           | must look like postgresql://",
      "DATABASE_SCHEMA        | Tracker             | must be a lower-case SQL identifier",
      "DATABASE_SCHEMA        | 1tracker            | must be a lower-case SQL identifier",
      "DATABASE_POOL_SIZE     | 0                   | must be between 1 and 100",
      "DATABASE_POOL_SIZE     | 101                 | must be between 1 and 100",
      "MQTT_URL               | http://broker:1883  | must look like tcp://host:1883",
      "MQTT_URL               | tcp://broker        | must look like tcp://host:1883",
      "EMBEDDED_MQTT_PORT     | 0                   | must be between 1 and 65535",
      "MQTT_SHARE_GROUP       | a/b                 | must be letters, digits",
      "MQTT_ENABLED           | yes                 | must be true or false",
      "MQTT_ENABLED           | TRUE                | must be true or false",
      "ADMIN_TOKEN            | short               | must be at least 16 characters",
      "ADMIN_TOKEN            | 0123456789abcde     | must be at least 16 characters",
      "BODY_LIMIT_BYTES       | 1023                | must be between 1024 and 16777216",
      "MAX_CLOCK_SKEW_SECONDS | -1                  | must be between 0 and 86400",
      "INGEST_BATCH_MAX       | 0                   | must be between 1 and 5000",
      "INGEST_QUEUE_MAX       | lots                | must be a whole number",
  })
  @DisplayName("a bad value stops the start with an error naming the key and saying what it must be")
  void badValue(String key, String value, String expected) {
    ConfigException e = refused(Map.of(key, value));
    assertContains(e.getMessage(), "bad configuration: ", key + " " + expected);
  }

  @ParameterizedTest(name = "{0}=''{1}''")
  @CsvSource(delimiter = '|', value = {
      "DATA_DIR     | '   '",
      "HTTP_HOST    | ''",
      "MQTT_CLIENT_ID | ''",
  })
  @DisplayName("keys that cannot be empty refuse an empty or blank value")
  void emptyRefused(String key, String value) {
    assertContains(refused(Map.of(key, value)).getMessage(), key + " must");
  }

  @Test
  @DisplayName("an MQTT client id longer than 64 characters is refused")
  void longClientId() {
    Config.fromEnv(Map.of("MQTT_CLIENT_ID", "c".repeat(64)));
    assertContains(refused(Map.of("MQTT_CLIENT_ID", "c".repeat(65))).getMessage(), "MQTT_CLIENT_ID must be 1 to 64 characters");
  }

  @Test
  @DisplayName("the message quotes the bad value, so that the operator sees what was read")
  void quotesValue() {
    assertContains(refused(Map.of("HTTP_PORT", "abc")).getMessage(), "HTTP_PORT must be a whole number (got 'abc')");
  }

  @Test
  @DisplayName("an admin token of 16 characters is accepted, 15 refused without echoing the token")
  void adminTokenLength() {
    assertEquals("0123456789abcdef", Config.fromEnv(Map.of("ADMIN_TOKEN", "0123456789abcdef")).adminToken());
    ConfigException e = refused(Map.of("ADMIN_TOKEN", "secret-token-15"));
    assertContains(e.getMessage(), "ADMIN_TOKEN must be at least 16 characters", "'***'");
    assertFalse(e.getMessage().contains("secret-token-15"), e.getMessage());
  }

  @Test
  @DisplayName("a bad database URL is reported without its password")
  void badDatabaseUrlMasksPassword() {
    ConfigException e = refused(Map.of("DATABASE_URL", "mysql://iloe:s3cret@db:3306/tracker"));
    assertContains(e.getMessage(), "DATABASE_URL must look like postgresql://", "iloe:***@db");
    assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
  }

  @Test
  @DisplayName("every bad key is reported at once")
  void severalBadKeys() {
    Map<String, String> env = Map.of("HTTP_PORT", "abc", "DATABASE_URL", "mysql://x", "ADMIN_TOKEN", "short",
        "MQTT_ENABLED", "maybe");
    String message = refused(env).getMessage();
    assertContains(message, "DATABASE_URL", "MQTT_ENABLED", "HTTP_PORT", "ADMIN_TOKEN");
    assertEquals(4, message.split("; ").length, message);
  }

  @Test
  @DisplayName("the configuration as logged masks the database password")
  void toStringMasksPassword() {
    Config c = Config.fromEnv(Map.of("DATABASE_URL", "postgresql://iloe:s3cret@db:5432/tracker",
        "ADMIN_TOKEN", "0123456789abcdef-token"));
    String logged = c.toString();
    assertContains(logged, "postgresql://iloe:***@db:5432/tracker");
    assertFalse(logged.contains("s3cret"), logged);
    assertFalse(logged.contains("0123456789abcdef-token"), logged);
    assertContains(Config.fromEnv(Map.of()).toString(), "database=embedded", "mqtt=embedded:18830");
  }

  @Test
  @DisplayName("every environment key is documented in the README")
  void readmeListsEveryKey() throws IOException {
    Path readme = Path.of("README.md");
    Assumptions.assumeTrue(Files.isRegularFile(readme), "README.md not written yet");
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    List<String> missing = Config.KEYS.stream().map(Config.Key::name).filter(n -> !text.contains(n)).toList();
    assertEquals(List.of(), missing, "keys missing from README.md");
  }
}
