package fr.iloe.tracker.ingest;

import static fr.iloe.tracker.Fixtures.firstIn;
import static fr.iloe.tracker.Fixtures.recent;
import static fr.iloe.tracker.Fixtures.second;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.iloe.tracker.Await;
import fr.iloe.tracker.MqttClient;
import fr.iloe.tracker.TcpProxy;
import fr.iloe.tracker.TestEnv;
import fr.iloe.tracker.app.Tracker;
import fr.iloe.tracker.live.Metrics;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("MQTT messages are acknowledged only once stored: database outages, tracker restarts, two instances")
class MqttDurabilityTest {
  static final String TOPIC = MqttIngestTest.TOPIC;
  static final Duration WAIT = Duration.ofSeconds(60);

  private static long count(String schema, String where) {
    return TestEnv.sql(TestEnv.databaseUrl(), "SELECT count(*) FROM " + schema + ".pass WHERE " + where);
  }

  private static double mqttPasses(Tracker t, String outcome) {
    return t.registry().find(Metrics.PASSES).tags("channel", "mqtt", "outcome", outcome).counter().count();
  }

  @Test
  @DisplayName("a pass received while the database is cut is not acknowledged, is redelivered, and is stored once")
  void databaseOutage() {
    URI db = URI.create(TestEnv.databaseUrl());
    try (TcpProxy proxy = new TcpProxy(db.getHost(), db.getPort());
         MqttClient terminal = new MqttClient(TestEnv.mqttUrl())) {
      String viaProxy = TestEnv.databaseUrl().replace(":" + db.getPort() + "/", ":" + proxy.port() + "/");
      Tracker tracker = TestEnv.start(TestEnv.mqtt(Map.of("DATABASE_URL", viaProxy,
          "REFERENCE_FILE", TestEnv.demoReference().toString())));
      String schema = tracker.config().databaseSchema();
      try {
        Await.until("subscribed", WAIT, () -> tracker.mqtt().connected());
        Instant at = recent();
        terminal.publish(TOPIC, firstIn("out-a", "OUT-A", 18000, at).encode());
        Await.equal("first pass stored", 1L, WAIT, () -> count(schema, "key = 'out-a'"));

        proxy.cut();
        terminal.publish(TOPIC, second("out-b", "OUT-A", 10000, at.plusSeconds(60)).encode());
        Await.until("ingestion paused", WAIT, () -> !tracker.mqtt().connected());
        assertEquals(0L, count(schema, "key = 'out-b'"));
        terminal.publish(TOPIC, firstIn("out-c", "OUT-C", 19000, at).encode());

        proxy.restore();
        Await.equal("second pass stored after the outage", 1L, WAIT, () -> count(schema, "key = 'out-b'"));
        Await.equal("pass published during the outage stored", 1L, WAIT, () -> count(schema, "key = 'out-c'"));
        assertEquals(3L, count(schema, "true"));
        assertEquals(0L, TestEnv.sql(TestEnv.databaseUrl(), "SELECT count(*) FROM " + schema + ".quarantine"));
        assertEquals(8000L, TestEnv.sql(TestEnv.databaseUrl(),
            "SELECT net_kg FROM " + schema + ".ticket_current WHERE ticket = 'OUT-A'"));
        Await.until("subscribed again", WAIT, () -> tracker.mqtt().connected());
      } finally {
        TestEnv.stop(tracker);
      }
    }
  }

  @Test
  @DisplayName("passes published while the tracker is stopped are stored when it starts again with its session")
  void trackerDown() {
    Map<String, String> env = new HashMap<>(TestEnv.mqtt(Map.of("REFERENCE_FILE", TestEnv.demoReference().toString())));
    env.put("DATABASE_SCHEMA", TestEnv.freshSchema());
    Tracker first = TestEnv.start(env);
    Await.until("subscribed", WAIT, () -> first.mqtt().connected());
    first.close().await();
    Instant at = recent();
    try (MqttClient terminal = new MqttClient(TestEnv.mqttUrl())) {
      for (int i = 0; i < 20; i++) {
        terminal.publish(TOPIC, firstIn("down-" + i, "DOWN-" + i, 18000 + 20L * i, at).encode());
      }
    }
    Tracker again = TestEnv.start(env);
    try {
      Await.equal("passes published while down", 20L, WAIT, () -> count(env.get("DATABASE_SCHEMA"), "key LIKE 'down-%'"));
    } finally {
      TestEnv.stop(again);
    }
  }

  @Test
  @DisplayName("two trackers on one shared subscription split the messages: N published, N stored, none twice")
  void sharedSubscription() {
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("TEST_MQTT_URL") != null,
        "the embedded Moquette 0.17 delivers nothing to MQTT 3.1.1 $share subscriptions: this test runs against "
            + "Mosquitto (make test-services, CI)");
    String schema = TestEnv.freshSchema();
    String group = "g" + schema.substring(2, 10);
    Tracker a = TestEnv.start(TestEnv.mqtt(Map.of("DATABASE_SCHEMA", schema, "MQTT_SHARE_GROUP", group,
        "REFERENCE_FILE", TestEnv.demoReference().toString())));
    Tracker b = TestEnv.start(TestEnv.mqtt(Map.of("DATABASE_SCHEMA", schema, "MQTT_SHARE_GROUP", group)));
    try (MqttClient terminal = new MqttClient(TestEnv.mqttUrl())) {
      Await.until("both subscribed", WAIT, () -> a.mqtt().connected() && b.mqtt().connected());
      int tickets = 150;
      Instant at = recent();
      for (int i = 0; i < tickets; i++) {
        terminal.publish(TOPIC, firstIn("sh-" + i + "a", "SH-" + i, 18000, at).encode());
        terminal.publish(TOPIC, second("sh-" + i + "b", "SH-" + i, 10000, at.plusSeconds(60)).encode());
      }
      Await.equal("every pass stored", 2L * tickets, WAIT, () -> count(schema, "key LIKE 'sh-%'"));
      // an instance counts a pass once its commit has answered, a moment after the rows show in the database
      Await.equal("every pass counted stored by one instance", 2.0 * tickets, WAIT,
          () -> mqttPasses(a, "stored") + mqttPasses(b, "stored"));
      assertEquals(2L * tickets, count(schema, "key LIKE 'sh-%'"));
      assertEquals(0.0, mqttPasses(a, "duplicate") + mqttPasses(b, "duplicate"));
      assertTrue(mqttPasses(a, "stored") > 0 && mqttPasses(b, "stored") > 0,
          "both instances took a share: " + mqttPasses(a, "stored") + " / " + mqttPasses(b, "stored"));
      assertEquals((long) tickets, TestEnv.sql(TestEnv.databaseUrl(),
          "SELECT count(*) FROM " + schema + ".ticket_current WHERE status = 'CLOSED' AND net_kg = 8000"));
      assertFalse(mqttPasses(a, "failed") + mqttPasses(b, "failed") > 0);
    } finally {
      TestEnv.stop(b);
      TestEnv.stop(a);
    }
  }
}
