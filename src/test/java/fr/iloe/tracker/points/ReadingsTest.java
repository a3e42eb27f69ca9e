package fr.iloe.tracker.points;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.iloe.tracker.Await;
import fr.iloe.tracker.Fixtures;
import fr.iloe.tracker.Http;
import fr.iloe.tracker.MqttClient;
import fr.iloe.tracker.MutableClock;
import fr.iloe.tracker.TestEnv;
import fr.iloe.tracker.app.Tracker;
import fr.iloe.tracker.live.LivePoints;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Collection-point readings: stored once, points flagged silent or to collect, pickups weighed")
class ReadingsTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static MutableClock clock;
  private static Tracker tracker;
  private static Http http;

  @BeforeAll
  static void start() {
    clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    tracker = TestEnv.start(TestEnv.mqtt(Map.of("REFERENCE_FILE", TestEnv.demoReference().toString())), clock);
    http = new Http(tracker.httpPort(), TestEnv.TOKEN);
    Await.until("subscribed", WAIT, () -> tracker.mqtt().connected());
  }

  @AfterAll
  static void stop() {
    http.close();
    TestEnv.stop(tracker);
  }

  private static JsonObject fill(String key, String point, Object percent, Instant at) {
    return new JsonObject().put("key", key).put("site", "saint-priest").put("point", point).put("at", at.toString())
        .put("kind", "fill").put("fillPercent", percent).put("temperatureC", 11.5);
  }

  private static JsonObject pickup(String key, String point, String plate, long kg, Instant at) {
    return new JsonObject().put("key", key).put("site", "saint-priest").put("point", point).put("at", at.toString())
        .put("kind", "pickup").put("plate", plate).put("estimatedKg", kg).put("items", 12);
  }

  private static long readings(String where) {
    return Fixtures.count(tracker.pool(), "SELECT count(*) FROM reading WHERE " + where);
  }

  private static JsonObject point(String id) {
    return http.get("/api/v1/points?site=saint-priest").bodyAsJsonObject().getJsonArray("items").stream()
        .map(o -> (JsonObject) o).filter(p -> p.getString("id").equals(id)).findFirst().orElseThrow();
  }

  @Test
  @DisplayName("a reading posted twice is stored once; the same key with another level is a 409")
  void idempotent() {
    JsonObject r = fill("cp8-f1", "cp-008", 40, clock.instant().minusSeconds(60));
    HttpResponse<Buffer> first = http.post("/api/v1/readings", r);
    assertEquals(201, first.statusCode());
    HttpResponse<Buffer> again = http.post("/api/v1/readings", r);
    assertEquals(200, again.statusCode());
    assertEquals(first.bodyAsJsonObject(), again.bodyAsJsonObject());
    assertEquals(40.0, again.bodyAsJsonObject().getDouble("fillPercent"));
    HttpResponse<Buffer> other = http.post("/api/v1/readings", r.copy().put("fillPercent", 45));
    assertEquals(409, other.statusCode());
    assertEquals("fillPercent", other.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals(1, readings("key = 'cp8-f1'"));
  }

  @Test
  @DisplayName("a reading published three times over MQTT is stored once; one whose point is not the topic's is quarantined")
  void overMqtt() {
    try (MqttClient sensor = new MqttClient(tracker.mqttUrl())) {
      String body = fill("cp7-mq", "cp-007", 55, clock.instant().minusSeconds(30)).encode();
      for (int i = 0; i < 3; i++) {
        sensor.publish("iloe/v1/sites/saint-priest/points/cp-007/readings", body);
      }
      sensor.publish("iloe/v1/sites/saint-priest/points/cp-006/readings",
          fill("cp7-wrong", "cp-007", 10, clock.instant().minusSeconds(30)).encode());
      Await.equal("quarantined", 1L, WAIT,
          () -> Fixtures.count(tracker.pool(), "SELECT count(*) FROM quarantine WHERE key = 'cp7-wrong'"));
      Await.equal("stored once", 1L, WAIT, () -> readings("key = 'cp7-mq'"));
      Await.equal("duplicates counted", 2.0, WAIT, () -> tracker.registry().find(fr.iloe.tracker.live.Metrics.READINGS)
          .tags("channel", "mqtt", "outcome", "duplicate").counter().count());
    }
  }

  static Stream<Arguments> bad() {
    Instant at = Instant.now().minusSeconds(60);
    return Stream.of(
        Arguments.of("unknown point", fill("b1", "cp-999", 50, at), "point"),
        Arguments.of("unknown site", fill("b2", "cp-001", 50, at).put("site", "lyon-nord"), "site"),
        Arguments.of("fill above 100 %", fill("b3", "cp-001", 101, at), "fillPercent"),
        Arguments.of("negative fill", fill("b4", "cp-001", -1, at), "fillPercent"),
        Arguments.of("fill with two decimals", new JsonObject(fill("b5", "cp-001", 0, at).encode().replace("\"fillPercent\":0",
            "\"fillPercent\":72.55")), "fillPercent"),
        Arguments.of("fill without a level", fill("b6", "cp-001", null, at), "fillPercent"),
        Arguments.of("fill level as a string", fill("b7", "cp-001", "72", at), "fillPercent"),
        Arguments.of("impossible temperature", fill("b8", "cp-001", 50, at).put("temperatureC", 300), "temperatureC"),
        Arguments.of("a fill with a plate", fill("b9", "cp-001", 50, at).put("plate", "AB-123-CD"), "plate"),
        Arguments.of("pickup without a plate", pickup("b10", "cp-001", null, 300, at), "plate"),
        Arguments.of("pickup of zero kilograms", pickup("b11", "cp-001", "AB-123-CD", 0, at), "estimatedKg"),
        Arguments.of("pickup of 90 tonnes", pickup("b12", "cp-001", "AB-123-CD", 90_000, at), "estimatedKg"),
        Arguments.of("unknown kind", fill("b13", "cp-001", 50, at).put("kind", "smell"), "kind"),
        Arguments.of("timestamp far in the future", fill("b14", "cp-001", 50, Instant.now().plus(3, ChronoUnit.DAYS)), "at"),
        Arguments.of("missing key", fill(null, "cp-001", 50, at), "key"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bad")
  @DisplayName("impossible readings are refused with a 422 naming the field, and nothing is stored")
  void refused(String name, JsonObject body, String field) {
    long before = readings("true");
    HttpResponse<Buffer> r = http.post("/api/v1/readings", body);
    assertEquals(422, r.statusCode(), r.bodyAsString());
    List<String> fields = r.bodyAsJsonObject().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field"))
        .toList();
    assertTrue(fields.contains(field), fields.toString());
    assertEquals(before, readings("true"));
  }

  @Test
  @DisplayName("silent and to-collect flags appear and clear as time passes and readings arrive")
  void flags() {
    JsonObject never = point("cp-004");
    assertTrue(never.getBoolean("silent"));
    assertNull(never.getValue("fillPercent"));

    http.post("/api/v1/readings", fill("cp4-f1", "cp-004", 85, clock.instant()));
    Await.until("to collect", WAIT, () -> point("cp-004").getBoolean("toCollect"));
    assertEquals(false, point("cp-004").getBoolean("silent"));
    double silentBefore = gauge(LivePoints.SILENT, "site", "saint-priest");

    clock.advance(Duration.ofHours(7)); // cp-004 expects a reading every 6 hours
    assertTrue(point("cp-004").getBoolean("silent"));
    assertTrue(point("cp-004").getBoolean("toCollect"));
    assertEquals(silentBefore + 1, gauge(LivePoints.SILENT, "site", "saint-priest"));
    assertEquals(7 * 3600.0, gauge(LivePoints.SINCE, "site", "saint-priest", "point", "cp-004"));

    http.post("/api/v1/readings", pickup("cp4-p1", "cp-004", "AB-123-CD", 400, clock.instant()));
    Await.until("emptied", WAIT, () -> !point("cp-004").getBoolean("toCollect"));
    JsonObject after = point("cp-004");
    assertEquals(false, after.getBoolean("silent"));
    assertEquals(0.0, gauge(LivePoints.FILL, "site", "saint-priest", "point", "cp-004"));
    String scrape = http.get("/metrics").bodyAsString();
    assertTrue(scrape.contains("iloe_point_fill_percent{point=\"cp-004\",site=\"saint-priest\"} 0.0"), scrape);
  }

  private static double gauge(String name, String... tags) {
    return tracker.registry().find(name).tags(tags).gauge().value();
  }

  @Test
  @DisplayName("pickups are weighed by the vehicle's next IN ticket: several pickups, none, and an ambiguous plate")
  void weighed() {
    Instant t0 = Instant.parse("2026-05-12T06:00:00Z");
    http.post("/api/v1/readings", pickup("w-1", "cp-001", "AB-123-CD", 350, t0));
    http.post("/api/v1/readings", pickup("w-2", "cp-002", "ab 123 cd", 650, t0.plusSeconds(1800)));
    http.post("/api/v1/readings", pickup("w-3", "cp-003", "ZZ-999-ZZ", 500, t0.plusSeconds(1800)));
    http.post("/api/v1/readings", pickup("w-4", "cp-005", "IJ-789-KL", 800, t0));
    // AB-123-CD's next IN ticket opens two hours later: net 7,240
    http.post("/api/v1/passes", Fixtures.firstIn("w-t1a", "W-T1", 18460, t0.plusSeconds(7200)));
    http.post("/api/v1/passes", Fixtures.second("w-t1b", "W-T1", 11220, t0.plusSeconds(8400)));
    // IJ-789-KL opens two tickets at once: its plate is ambiguous
    http.post("/api/v1/passes", Fixtures.firstIn("w-t2a", "W-T2", 20000, t0.plusSeconds(3600)).put("plate", "IJ-789-KL"));
    http.post("/api/v1/passes", Fixtures.firstIn("w-t3a", "W-T3", 21000, t0.plusSeconds(4200)).put("plate", "IJ-789-KL"));
    http.post("/api/v1/passes", Fixtures.second("w-t2b", "W-T2", 15000, t0.plusSeconds(5400)));
    http.post("/api/v1/passes", Fixtures.second("w-t3b", "W-T3", 15000, t0.plusSeconds(5500)));

    JsonObject r = http.get("/api/v1/points/weighed?period=2026-05-12&site=saint-priest").bodyAsJsonObject();
    JsonArray points = r.getJsonArray("points");
    JsonObject cp1 = points.getJsonObject(0);
    JsonObject cp2 = points.getJsonObject(1);
    assertEquals("cp-001", cp1.getString("point"));
    assertEquals(2534L, cp1.getLong("weighedKg")); // 7,240 * 350 / 1,000 = 2,534
    assertEquals(4706L, cp2.getLong("weighedKg")); // 7,240 * 650 / 1,000 = 4,706
    assertEquals(cp1.getLong("weighedKg") + cp2.getLong("weighedKg"), 7240L);
    assertEquals(2184L, cp1.getLong("errorKg"));
    JsonObject overall = r.getJsonObject("overall");
    assertEquals(2L, overall.getLong("pickups"));
    assertEquals(1000L, overall.getLong("estimatedKg"));
    assertEquals(7240L, overall.getLong("weighedKg"));
    assertEquals(List.of("69256", "69259"), r.getJsonArray("communes").stream()
        .map(o -> ((JsonObject) o).getString("insee")).toList());
    Map<String, String> unmatched = new java.util.HashMap<>();
    r.getJsonArray("unmatched").forEach(o -> unmatched.put(((JsonObject) o).getString("key"), ((JsonObject) o).getString("reason")));
    assertEquals(Map.of("w-3", "NO_TICKET", "w-4", "AMBIGUOUS_PLATE"), unmatched);
  }
}
