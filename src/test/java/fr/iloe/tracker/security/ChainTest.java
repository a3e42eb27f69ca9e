package fr.iloe.tracker.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.iloe.tracker.Fixtures;
import fr.iloe.tracker.Http;
import fr.iloe.tracker.TestEnv;
import fr.iloe.tracker.app.Tracker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The hash chain over passes, readings, ledger lines, final operations and revisions")
class ChainTest {
  /** A tracker with a little of everything: two tickets, an R 13 lot resolved, a correction, readings. */
  private static Tracker populated() {
    Tracker t = TestEnv.start(Map.of("REFERENCE_FILE", TestEnv.demoReference().toString()));
    try (Http http = new Http(t.httpPort(), TestEnv.TOKEN)) {
      Instant at = Instant.now().minusSeconds(3600);
      http.post("/api/v1/passes", Fixtures.firstIn("ch-1a", "CH-1", 18460, at));
      http.post("/api/v1/passes", Fixtures.second("ch-1b", "CH-1", 11220, at.plusSeconds(60)));
      http.post("/api/v1/passes", Fixtures.firstOut("ch-2a", "CH-2", 12000, at).put("operation", "R13").put("destination", "p05"));
      http.post("/api/v1/passes", Fixtures.second("ch-2b", "CH-2", 22000, at.plusSeconds(60)));
      assertEquals(201, http.post("/api/v1/tickets/saint-priest/CH-2/final-operation", new JsonObject()
          .put("at", at.plusSeconds(120).toString()).put("final", new JsonArray()
              .add(new JsonObject().put("operation", "R 3").put("kg", 6000))
              .add(new JsonObject().put("operation", "R 1").put("kg", 4000)))).statusCode());
      assertEquals(201, http.post("/api/v1/tickets/saint-priest/CH-1/revisions", new JsonObject().put("reason", "carrier")
          .put("changes", new JsonObject().put("carrier", "p02"))).statusCode());
      assertEquals(201, http.post("/api/v1/readings", new JsonObject().put("key", "ch-r1").put("site", "saint-priest")
          .put("point", "cp-001").put("at", at.toString()).put("kind", "fill").put("fillPercent", 72.5)
          .put("temperatureC", 11.5)).statusCode());
      assertEquals(201, http.post("/api/v1/readings", new JsonObject().put("key", "ch-r2").put("site", "saint-priest")
          .put("point", "cp-001").put("at", at.toString()).put("kind", "pickup").put("plate", "ab-123-cd")
          .put("estimatedKg", 350).put("items", 12)).statusCode());
    }
    return t;
  }

  private static long chained(Tracker t) {
    long n = 0;
    for (String table : List.of("pass", "reading", "allocation_line", "final_operation", "ticket_revision")) {
      n += Fixtures.count(t.pool(), "SELECT count(*) FROM " + table + " WHERE chain_seq IS NOT NULL");
    }
    return n;
  }

  private static JsonObject verify(Tracker t) {
    try (Http http = new Http(t.httpPort(), TestEnv.TOKEN)) {
      return http.get("/api/v1/audit/verify").bodyAsJsonObject();
    }
  }

  private static void tamper(Tracker t, String table, String statement) {
    String schema = t.config().databaseSchema();
    TestEnv.sql(TestEnv.databaseUrl(), "ALTER TABLE " + schema + "." + table + " DISABLE TRIGGER USER");
    TestEnv.sql(TestEnv.databaseUrl(), statement.replace("{t}", schema + "." + table));
    TestEnv.sql(TestEnv.databaseUrl(), "ALTER TABLE " + schema + "." + table + " ENABLE TRIGGER USER");
  }

  @Test
  @DisplayName("an untouched history verifies: every record, in one unbroken chain ending at the head")
  void verifies() {
    Tracker t = populated();
    try {
      JsonObject r = verify(t);
      assertEquals(true, r.getBoolean("ok"), r.encodePrettily());
      assertEquals(chained(t), r.getLong("records"));
      assertTrue(r.getLong("records") >= 15, r.encode());
      assertEquals(Fixtures.count(t.pool(), "SELECT seq FROM chain_head"), r.getLong("lastSeq"));
      try (Http http = new Http(t.httpPort(), TestEnv.TOKEN)) {
        JsonArray days = http.get("/api/v1/audit/digests").bodyAsJsonObject().getJsonArray("days");
        JsonObject last = days.getJsonObject(days.size() - 1);
        assertEquals(r.getString("lastHash"), last.getString("hash"));
        assertEquals(r.getLong("lastSeq"), last.getLong("lastSeq"));
      }
    } finally {
      TestEnv.stop(t);
    }
  }

  @Test
  @DisplayName("a pass altered directly in the database breaks the chain at that pass, which the answer names")
  void alteredPass() {
    Tracker t = populated();
    try {
      tamper(t, "pass", "UPDATE {t} SET weight_kg = 19460 WHERE key = 'ch-1a'");
      JsonObject r = verify(t);
      assertEquals(false, r.getBoolean("ok"));
      JsonObject broken = r.getJsonObject("broken");
      assertEquals("pass saint-priest/ch-1a (ticket CH-1)", broken.getString("record"));
      assertEquals(Fixtures.count(t.pool(), "SELECT chain_seq FROM pass WHERE key = 'ch-1a'"), broken.getLong("seq"));
      assertTrue(broken.getString("reason").contains("altered"));
    } finally {
      TestEnv.stop(t);
    }
  }

  @Test
  @DisplayName("a ledger line deleted, or a revision's reason rewritten, is found too")
  void deletedLineAndRewrittenRevision() {
    Tracker t = populated();
    try {
      long seq = Fixtures.count(t.pool(), "SELECT max(chain_seq) FROM allocation_line WHERE ticket = 'CH-2'");
      tamper(t, "allocation_line", "DELETE FROM {t} WHERE chain_seq = " + seq);
      JsonObject r = verify(t);
      assertEquals(false, r.getBoolean("ok"));
      assertEquals(seq, r.getJsonObject("broken").getLong("seq"));
      assertTrue(r.getJsonObject("broken").getString("reason").contains("deleted"));
    } finally {
      TestEnv.stop(t);
    }
    Tracker u = populated();
    try {
      tamper(u, "ticket_revision", "UPDATE {t} SET reason = 'nothing to see'");
      JsonObject r = verify(u);
      assertEquals(false, r.getBoolean("ok"));
      assertEquals("revision 1 of ticket saint-priest/CH-1", r.getJsonObject("broken").getString("record"));
    } finally {
      TestEnv.stop(u);
    }
  }

  @Test
  @DisplayName("the verify command exits 0 on an intact chain and 1 on a broken one, naming the record")
  void command() throws Exception {
    Tracker t = populated();
    try {
      assertEquals(0, runVerify(t, new StringBuilder()));
      tamper(t, "reading", "UPDATE {t} SET fill_percent = 12.5 WHERE key = 'ch-r1'");
      StringBuilder out = new StringBuilder();
      assertEquals(1, runVerify(t, out));
      assertTrue(out.toString().contains("reading saint-priest/ch-r1"), out.toString());
    } finally {
      TestEnv.stop(t);
    }
  }

  private static int runVerify(Tracker t, StringBuilder out) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "fr.iloe.tracker.Main", "verify"));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("DATABASE_URL", TestEnv.databaseUrl());
    pb.environment().put("DATABASE_SCHEMA", t.config().databaseSchema());
    Process p = pb.start();
    out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return p.exitValue();
  }
}
