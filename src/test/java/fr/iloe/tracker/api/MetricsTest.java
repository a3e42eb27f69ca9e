package fr.iloe.tracker.api;

import static fr.iloe.tracker.Fixtures.firstIn;
import static fr.iloe.tracker.Fixtures.recent;
import static fr.iloe.tracker.Fixtures.second;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.iloe.tracker.Http;
import fr.iloe.tracker.TestEnv;
import fr.iloe.tracker.app.Tracker;
import fr.iloe.tracker.live.Metrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("/metrics and /health tell what happened")
class MetricsTest {
  private static Tracker tracker;
  private static Http http;

  @BeforeAll
  static void start() {
    tracker = TestEnv.start(Map.of("REFERENCE_FILE", TestEnv.demoReference().toString()));
    http = new Http(tracker.httpPort(), TestEnv.TOKEN);
  }

  @AfterAll
  static void stop() {
    http.close();
    TestEnv.stop(tracker);
  }

  private static double passes(String outcome) {
    return tracker.registry().find(Metrics.PASSES).tags("channel", "http", "outcome", outcome).counter().count();
  }

  @Test
  @DisplayName("pass counters by outcome, the net mass of closed tickets and the latency histogram move with the traffic")
  void countersMove() {
    Instant at = recent();
    JsonObject first = firstIn("m-1", "M-1", 18460, at);
    http.post("/api/v1/passes", first);
    http.post("/api/v1/passes", first);
    http.post("/api/v1/passes", firstIn("m-1", "M-1", 18480, at));
    http.post("/api/v1/passes", first.copy().put("weightKg", 7));
    http.post("/api/v1/passes", second("m-2", "M-1", 11220, at.plusSeconds(600)));

    assertEquals(2.0, passes("stored"));
    assertEquals(1.0, passes("duplicate"));
    assertEquals(1.0, passes("conflict"));
    assertEquals(1.0, passes("rejected"));
    assertEquals(0.0, passes("failed"));
    MeterRegistry registry = tracker.registry();
    assertEquals(7240.0, registry.find(Metrics.TICKET_NET).tags("direction", "IN", "waste_code", "20 03 07")
        .functionCounter().count());
    assertEquals(4, registry.find(Metrics.INGEST_LATENCY).tags("channel", "http").timer().count());

    String scrape = http.get("/metrics").bodyAsString();
    List<String> lines = scrape.lines().toList();
    assertTrue(lines.contains("iloe_passes_total{channel=\"http\",outcome=\"stored\"} 2.0"), scrape);
    assertTrue(lines.contains("iloe_passes_total{channel=\"http\",outcome=\"rejected\"} 1.0"));
    assertTrue(lines.contains("iloe_ticket_net_kilograms_total{direction=\"IN\",waste_code=\"20 03 07\"} 7240.0"));
    assertTrue(lines.contains("iloe_ingest_latency_seconds_count{channel=\"http\"} 4"));
    assertTrue(lines.contains("# HELP iloe_passes_total Weighing passes received, by channel and outcome"));
    assertTrue(scrape.contains("vertx_http_server_requests_total"), "vert.x http metrics");
    assertTrue(scrape.contains("vertx_pool_"), "vert.x pool metrics");
    assertTrue(scrape.contains("jvm_memory_used_bytes"), "jvm metrics");
  }

  @Test
  @DisplayName("liveness is UP; readiness checks the database")
  void health() {
    assertEquals(200, http.get("/health/live").statusCode());
    var ready = http.get("/health/ready");
    assertEquals(200, ready.statusCode());
    assertEquals("UP", ready.bodyAsJsonObject().getString("outcome"));
    assertEquals("database", ready.bodyAsJsonObject().getJsonArray("checks").getJsonObject(0).getString("id"));
  }

  @Test
  @DisplayName("an unknown route is a problem+json 404")
  void unknownRoute() {
    var r = http.get("/api/v1/nothing-here");
    assertEquals(404, r.statusCode());
    assertEquals("application/problem+json", r.getHeader("Content-Type"));
  }

  @Test
  @DisplayName("each bridge's time since its last weighing, and the vehicles on site, follow the passes")
  void bridgesAndGates() {
    Instant at = Instant.now().minusSeconds(120);
    http.post("/api/v1/passes", firstIn("g-1", "G-1", 18000, at).put("bridge", "wb2"));
    http.post("/api/v1/passes", firstIn("g-2", "G-2", 18000, at).put("bridge", "wb2"));
    fr.iloe.tracker.Await.equal("vehicles on site", 2.0, java.time.Duration.ofSeconds(15), () -> tracker.registry()
        .find(fr.iloe.tracker.live.LiveBridges.VEHICLES).tags("site", "saint-priest").gauge().value());
    double since = tracker.registry().find(fr.iloe.tracker.live.LiveBridges.SINCE_WEIGHING)
        .tags("site", "saint-priest", "bridge", "wb2").gauge().value();
    assertTrue(since >= 120 && since < 180, "seconds since wb2 weighed: " + since);
    http.post("/api/v1/passes", second("g-1b", "G-1", 10000, at.plusSeconds(60)).put("bridge", "wb2"));
    fr.iloe.tracker.Await.equal("vehicles on site", 1.0, java.time.Duration.ofSeconds(15), () -> tracker.registry()
        .find(fr.iloe.tracker.live.LiveBridges.VEHICLES).tags("site", "saint-priest").gauge().value());
  }
}
