package fr.iloe.tracker.ledger;

import static fr.iloe.tracker.Fixtures.firstIn;
import static fr.iloe.tracker.Fixtures.firstOut;
import static fr.iloe.tracker.Fixtures.second;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.iloe.tracker.Await;
import fr.iloe.tracker.Http;
import fr.iloe.tracker.TestEnv;
import fr.iloe.tracker.app.Tracker;
import fr.iloe.tracker.live.LiveFigures;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Live figures move on every instance within a second, and are rebuilt from the ledger at start-up")
class LiveFiguresTest {
  private static final Duration SECOND = Duration.ofMillis(1500);

  private static double gauge(Tracker t, String name, String... tags) {
    return t.registry().find(name).tags(tags).gauge().value();
  }

  private static double allocated(Tracker t, String partner, String activity) {
    return t.registry().find(LiveFigures.ALLOCATED).tags("period", "month", "partner", partner, "activity", activity)
        .gauges().stream().mapToDouble(g -> g.value()).sum();
  }

  @Test
  @DisplayName("a ticket posted to one instance shows in the other's figures within a second")
  void twoInstances() {
    String schema = TestEnv.freshSchema();
    Tracker a = TestEnv.start(Map.of("DATABASE_SCHEMA", schema, "REFERENCE_FILE", TestEnv.demoReference().toString()));
    Instant at = Instant.now().minusSeconds(120);
    try (Http ha = new Http(a.httpPort(), TestEnv.TOKEN)) {
      ha.post("/api/v1/passes", firstIn("live-1a", "LIVE-1", 18460, at));
      ha.post("/api/v1/passes", second("live-1b", "LIVE-1", 11220, at.plusSeconds(30)));
      Await.equal("inbound on A", 7240.0, SECOND, () -> gauge(a, LiveFigures.INBOUND, "period", "month"));

      // B starts after the first ticket: its start-up read finds it
      Tracker b = TestEnv.start(Map.of("DATABASE_SCHEMA", schema));
      try {
        assertEquals(7240.0, gauge(b, LiveFigures.INBOUND, "period", "year"));
        assertEquals(7240.0, allocated(b, "p01", "COLLECTION"));

        ha.post("/api/v1/passes", firstIn("live-2a", "LIVE-2", 20000, at));
        ha.post("/api/v1/passes", second("live-2b", "LIVE-2", 11220, at.plusSeconds(30)));
        Await.equal("inbound on B", 7240.0 + 8780, SECOND, () -> gauge(b, LiveFigures.INBOUND, "period", "month"));
        Await.equal("sorting credited on B", 7240.0 + 8780, SECOND, () -> allocated(b, "p03", "SORTING")
            + allocated(b, "p04", "SORTING") + allocated(b, "p15", "SORTING"));

        // an OUT lot under R 13: pending on both, then resolved by a final operation posted to A
        ha.post("/api/v1/passes", firstOut("live-3a", "LIVE-3", 12000, at).put("operation", "R13").put("destination", "p05"));
        ha.post("/api/v1/passes", second("live-3b", "LIVE-3", 22000, at.plusSeconds(30)));
        Await.equal("pending on B", 10000.0, SECOND, () -> gauge(b, LiveFigures.PENDING, "period", "month"));
        assertTrue(Double.isNaN(gauge(b, LiveFigures.RATE, "period", "month", "rate", "global")));
        ha.post("/api/v1/tickets/saint-priest/LIVE-3/final-operation", new JsonObject()
            .put("at", Instant.now().minusSeconds(10).toString())
            .put("final", new io.vertx.core.json.JsonArray().add(new JsonObject().put("operation", "R 3").put("kg", 6000))
                .add(new JsonObject().put("operation", "D 10").put("kg", 4000))));
        Await.equal("resolved on B", 0.0, SECOND, () -> gauge(b, LiveFigures.PENDING, "period", "month"));
        Await.equal("global rate on B", 0.6, SECOND, () -> gauge(b, LiveFigures.RATE, "period", "month", "rate", "global"));
        assertEquals(4000.0, gauge(b, LiveFigures.OUTBOUND, "period", "year", "mode", "DISPOSAL"));
        assertEquals(0.0, gauge(b, LiveFigures.UNALLOCATED, "period", "sieg"));
      } finally {
        TestEnv.stop(b);
      }
    } finally {
      TestEnv.stop(a);
    }
  }

  @Test
  @DisplayName("kilograms no rule covers are counted as unallocated, and the scrape shows the live figures")
  void unallocatedAndScrape() {
    Tracker t = TestEnv.start(Map.of("REFERENCE_FILE", TestEnv.demoReference().toString()));
    try (Http http = new Http(t.httpPort(), TestEnv.TOKEN)) {
      http.put("/api/v1/reference", new JsonObject("""
          {"allocationRules": [{"id": "sorting-2026", "site": "saint-priest", "activity": "SORTING",
            "validFrom": "2026-01-01", "validTo": "2026-01-31", "shares": [{"partner": "p03", "bp": 10000}]}]}"""));
      Instant at = Instant.now().minusSeconds(120);
      http.post("/api/v1/passes", firstIn("un-1a", "UN-1", 18460, at));
      http.post("/api/v1/passes", second("un-1b", "UN-1", 11220, at.plusSeconds(30)));
      Await.equal("unallocated", 7240.0, SECOND, () -> gauge(t, LiveFigures.UNALLOCATED, "period", "month"));
      String scrape = http.get("/metrics").bodyAsString();
      assertTrue(scrape.contains("iloe_unallocated_kilograms{period=\"month\"} 7240.0"), scrape);
      assertTrue(scrape.contains("iloe_allocated_kilograms{activity=\"SORTING\",partner=\"UNALLOCATED\",period=\"year\",waste_code=\"20 03 07\"} 7240.0"));
      assertTrue(scrape.contains("iloe_trajectory_rate "));
    } finally {
      TestEnv.stop(t);
    }
  }

  @Test
  @DisplayName("the listening connection cut: the instance reconnects and re-reads, figures follow again, and the"
      + " failure is a log line, no stack trace on the standard error")
  void listenerCut() {
    String schema = TestEnv.freshSchema();
    Tracker a = TestEnv.start(Map.of("DATABASE_SCHEMA", schema, "REFERENCE_FILE", TestEnv.demoReference().toString()));
    Tracker b = TestEnv.start(Map.of("DATABASE_SCHEMA", schema));
    java.io.PrintStream stderr = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    Instant at = Instant.now().minusSeconds(120);
    try (Http ha = new Http(a.httpPort(), TestEnv.TOKEN)) {
      System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
      Long cut = TestEnv.sql(TestEnv.databaseUrl(), "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
          + " WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()");
      assertTrue(cut >= 2, "listening connections cut: " + cut);
      ha.post("/api/v1/passes", firstIn("cut-1a", "CUT-1", 18460, at));
      ha.post("/api/v1/passes", second("cut-1b", "CUT-1", 11220, at.plusSeconds(30)));
      // notifications sent while B was reconnecting are lost; its re-read after resubscribing finds the ticket
      Await.equal("inbound on B after the cut", 7240.0, Duration.ofSeconds(10),
          () -> gauge(b, LiveFigures.INBOUND, "period", "month"));
      ha.post("/api/v1/passes", firstIn("cut-2a", "CUT-2", 20000, at));
      ha.post("/api/v1/passes", second("cut-2b", "CUT-2", 11220, at.plusSeconds(30)));
      Await.equal("inbound on B, notified again", 7240.0 + 8780, SECOND,
          () -> gauge(b, LiveFigures.INBOUND, "period", "month"));
    } finally {
      System.setErr(stderr);
      TestEnv.stop(b);
      TestEnv.stop(a);
    }
    String err = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(!err.contains("PgException"), "stack trace on the standard error: " + err);
  }
}
