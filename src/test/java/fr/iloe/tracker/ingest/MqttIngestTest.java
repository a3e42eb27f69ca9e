package fr.iloe.tracker.ingest;

import static fr.iloe.tracker.Fixtures.firstIn;
import static fr.iloe.tracker.Fixtures.recent;
import static fr.iloe.tracker.Fixtures.second;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.iloe.tracker.Await;
import fr.iloe.tracker.Http;
import fr.iloe.tracker.MqttClient;
import fr.iloe.tracker.TestEnv;
import fr.iloe.tracker.api.BadPassesTest;
import fr.iloe.tracker.app.Tracker;
import fr.iloe.tracker.live.Metrics;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("MQTT ingestion stores each pass once, quarantines what can never be stored, and stays connected")
class MqttIngestTest {
  static final String TOPIC = "iloe/v1/sites/saint-priest/weighbridges/wb1/passes";
  static final Duration WAIT = Duration.ofSeconds(30);
  private static Tracker tracker;
  private static Http http;
  private static MqttClient terminal;

  @BeforeAll
  static void start() {
    tracker = TestEnv.start(TestEnv.mqtt(Map.of("REFERENCE_FILE", TestEnv.demoReference().toString())));
    Await.until("the tracker's subscription", WAIT, () -> tracker.mqtt().connected());
    http = new Http(tracker.httpPort(), TestEnv.TOKEN);
    terminal = new MqttClient(tracker.mqttUrl());
  }

  @AfterAll
  static void stop() {
    terminal.close();
    http.close();
    TestEnv.stop(tracker);
  }

  private static long count(String sql) {
    return fr.iloe.tracker.Fixtures.count(tracker.pool(), sql);
  }

  private static double passes(String outcome) {
    return tracker.registry().find(Metrics.PASSES).tags("channel", "mqtt", "outcome", outcome).counter().count();
  }

  @Test
  @DisplayName("two passes published at QoS 1 close the ticket, and its confirmed state is published back")
  void storesAndConfirms() {
    terminal.subscribe("iloe/v1/sites/saint-priest/weighbridges/wb1/tickets/MQ-1");
    Instant at = recent();
    terminal.publish(TOPIC, firstIn("mq-1a", "MQ-1", 18460, at).encode());
    terminal.publish(TOPIC, second("mq-1b", "MQ-1", 11220, at.plusSeconds(600)).encode());
    Await.equal("net of MQ-1", 7240L, WAIT,
        () -> http.get("/api/v1/tickets/saint-priest/MQ-1").bodyAsJsonObject().getLong("netKg"));
    Await.until("the CLOSED confirmation", WAIT, () -> terminal.received().stream()
        .anyMatch(r -> new JsonObject(r.payload()).getString("status").equals("CLOSED")));
    JsonObject confirmed = terminal.received().stream().map(r -> new JsonObject(r.payload()))
        .filter(j -> j.getString("status").equals("CLOSED")).findFirst().orElseThrow();
    assertEquals(7240L, confirmed.getLong("netKg"));
    assertEquals(2, confirmed.getJsonArray("passes").size());
  }

  @Test
  @DisplayName("with the ingestion held at MQTT_MAX_UNACKED, every ticket state is still published back, in order")
  void confirmationsUnderBackPressure() {
    // 4 unacknowledged at most: Paho's callback thread waits for a slot most of the time, as in a burst
    Tracker busy = TestEnv.start(TestEnv.mqtt(Map.of("REFERENCE_FILE", TestEnv.demoReference().toString(),
        "MQTT_MAX_UNACKED", "4")));
    try (MqttClient watcher = new MqttClient(busy.mqttUrl()); MqttClient burst = new MqttClient(busy.mqttUrl())) {
      Await.until("the tracker's subscription", WAIT, () -> busy.mqtt().connected());
      watcher.subscribe("iloe/v1/sites/saint-priest/weighbridges/wb1/tickets/+");
      int tickets = 300;
      Instant at = recent();
      for (int i = 0; i < tickets; i++) {
        burst.publish(TOPIC, firstIn("bp-" + i + "a", "BP-" + i, 18000, at).encode());
        burst.publish(TOPIC, second("bp-" + i + "b", "BP-" + i, 10000, at.plusSeconds(60)).encode());
      }
      // QoS 1 allows a broker to deliver a message twice: count tickets, and compare first arrivals
      Await.until("a CLOSED state for every ticket", WAIT, () -> watcher.received().stream()
          .filter(r -> r.topic().contains("/tickets/BP-") && r.payload().contains("\"CLOSED\""))
          .map(MqttClient.Received::topic).distinct().count() == tickets);
      for (int i = 0; i < tickets; i++) {
        String topic = "iloe/v1/sites/saint-priest/weighbridges/wb1/tickets/BP-" + i;
        List<String> states = watcher.received().stream().filter(r -> r.topic().equals(topic))
            .map(r -> new JsonObject(r.payload()).getString("status")).distinct().toList();
        assertEquals(List.of("OPEN", "CLOSED"), states, topic);
      }
      var failed = busy.registry().find(Metrics.MQTT_CONFIRMATIONS).tags("outcome", "failed").counter();
      assertEquals(0.0, failed == null ? 0.0 : failed.count());
    } finally {
      TestEnv.stop(busy);
    }
  }

  @Test
  @DisplayName("a pass published five times is stored once; the other four are duplicates")
  void duplicates() {
    double before = passes("duplicate");
    String pass = firstIn("mq-dup", "MQ-DUP", 20000, recent()).encode();
    for (int i = 0; i < 5; i++) {
      terminal.publish(TOPIC, pass);
    }
    Await.equal("duplicates counted", before + 4, WAIT, () -> passes("duplicate"));
    assertEquals(1, count("SELECT count(*) FROM pass WHERE key = 'mq-dup'"));
  }

  @Test
  @DisplayName("every message of the bad-input corpus ends in quarantine with its reason; no ticket; still connected")
  void corpusQuarantined() {
    List<BadPassesTest.Bad> corpus = BadPassesTest.corpus()
        .filter(b -> b.status() == 400 || b.status() == 422)
        .toList();
    long before = count("SELECT count(*) FROM quarantine");
    long passesBefore = count("SELECT count(*) FROM pass");
    for (BadPassesTest.Bad bad : corpus) {
      terminal.publish(TOPIC, bad.body());
    }
    Await.equal("quarantined messages", before + corpus.size(), WAIT, () -> count("SELECT count(*) FROM quarantine"));
    assertEquals(passesBefore, count("SELECT count(*) FROM pass"));

    JsonArray items = http.get("/api/v1/quarantine?limit=500").bodyAsJsonObject().getJsonArray("items");
    for (BadPassesTest.Bad bad : corpus) {
      String expectedReason = bad.status() == 400 ? "malformed" : "invalid";
      String base64 = java.util.Base64.getEncoder().encodeToString(bad.body());
      JsonObject entry = items.stream().map(o -> (JsonObject) o).filter(o -> o.getString("payloadBase64").equals(base64))
          .findFirst().orElseThrow(() -> new AssertionError("not in quarantine: " + bad.name()));
      assertEquals(expectedReason, entry.getString("reason"), bad.name());
      assertEquals(TOPIC, entry.getString("topic"));
      // listed under the topic's site even when the payload is unreadable: that site's operators see it
      assertEquals("saint-priest", entry.getString("site"), bad.name());
      assertTrue(!entry.getString("detail").isBlank(), bad.name());
      if (bad.field() != null) {
        List<String> fields = entry.getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")).toList();
        assertTrue(fields.contains(bad.field()), bad.name() + ": " + fields);
      }
    }
    // counted once the quarantine row's commit has answered, a moment after the row shows in the database
    Await.equal("quarantined messages counted", (double) count("SELECT count(*) FROM quarantine"), WAIT,
        () -> tracker.registry().find(Metrics.QUARANTINE).tags("channel", "mqtt").counters()
            .stream().mapToDouble(c -> c.count()).sum());
    assertTrue(tracker.mqtt().connected());
    terminal.publish(TOPIC, firstIn("mq-after", "MQ-AFTER", 18000, recent()).encode());
    Await.equal("a valid pass after the corpus", 1L, WAIT, () -> count("SELECT count(*) FROM pass WHERE key = 'mq-after'"));
  }

  @Test
  @DisplayName("a payload whose site or bridge is not the topic's is quarantined, naming both")
  void topicMismatch() {
    terminal.publish("iloe/v1/sites/saint-priest/weighbridges/wb2/passes", firstIn("mq-topic", "MQ-T", 18000, recent()).encode());
    Await.equal("quarantined mismatch", 1L, WAIT, () -> count("SELECT count(*) FROM quarantine WHERE key = 'mq-topic'"));
    JsonObject entry = http.get("/api/v1/quarantine?site=saint-priest").bodyAsJsonObject().getJsonArray("items").stream()
        .map(o -> (JsonObject) o).filter(o -> "mq-topic".equals(o.getString("key"))).findFirst().orElseThrow();
    assertEquals("bridge", entry.getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals(0, count("SELECT count(*) FROM pass WHERE key = 'mq-topic'"));
  }

  @Test
  @DisplayName("the same key with other content over MQTT is quarantined as a conflict")
  void conflict() {
    Instant at = recent();
    terminal.publish(TOPIC, firstIn("mq-conf", "MQ-CONF", 18000, at).encode());
    Await.equal("stored", 1L, WAIT, () -> count("SELECT count(*) FROM pass WHERE key = 'mq-conf'"));
    terminal.publish(TOPIC, firstIn("mq-conf", "MQ-CONF", 18020, at).encode());
    Await.equal("conflict quarantined", 1L, WAIT,
        () -> count("SELECT count(*) FROM quarantine WHERE key = 'mq-conf' AND reason = 'conflict'"));
    assertEquals(18000L, count("SELECT weight_kg FROM pass WHERE key = 'mq-conf'"));
  }
}
