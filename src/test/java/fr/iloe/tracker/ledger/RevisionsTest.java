package fr.iloe.tracker.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.iloe.tracker.Await;
import fr.iloe.tracker.Fixtures;
import fr.iloe.tracker.Http;
import fr.iloe.tracker.TestEnv;
import fr.iloe.tracker.app.Tracker;
import fr.iloe.tracker.live.LiveFigures;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Corrections and voids: appended with author and reason, shown in the history, moving the figures")
class RevisionsTest {
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

  private static void closeIn(String ticket, Instant at) {
    http.post("/api/v1/passes", Fixtures.firstIn(ticket + "-a", ticket, 18460, at));
    assertEquals(201, http.post("/api/v1/passes", Fixtures.second(ticket + "-b", ticket, 11220, at.plusSeconds(60))).statusCode());
  }

  private static long credited(String partner, String activity, String day) {
    JsonArray rows = http.get("/api/v1/tonnages?period=" + day + "&groupBy=partner,activity").bodyAsJsonObject().getJsonArray("rows");
    return rows.stream().map(o -> (JsonObject) o)
        .filter(r -> r.getString("partner").equals(partner) && r.getString("activity").equals(activity))
        .mapToLong(r -> r.getLong("kg")).sum();
  }

  private static long revisions() {
    return Fixtures.count(tracker.pool(), "SELECT count(*) FROM ticket_revision");
  }

  @Test
  @DisplayName("a carrier corrected moves the COLLECTION credit, and the history names the author and the reason")
  void correctCarrier() {
    Instant at = Instant.now().minusSeconds(600);
    String day = at.atZone(fr.iloe.tracker.domain.Period.ZONE).toLocalDate().toString();
    closeIn("REV-1", at);
    long p01 = credited("p01", "COLLECTION", day);
    long p02 = credited("p02", "COLLECTION", day);
    HttpResponse<Buffer> r = http.post("/api/v1/tickets/saint-priest/REV-1/revisions", new JsonObject()
        .put("reason", "carrier typed wrong at the terminal").put("changes", new JsonObject().put("carrier", "p02")));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    JsonObject t = r.bodyAsJsonObject();
    assertEquals(1, t.getInteger("revision"));
    assertEquals("p02", t.getString("carrier"));
    assertEquals(7240L, t.getLong("netKg"));
    assertEquals(p01 - 7240, credited("p01", "COLLECTION", day));
    assertEquals(p02 + 7240, credited("p02", "COLLECTION", day));
    assertEquals(t, http.get("/api/v1/tickets/saint-priest/REV-1").bodyAsJsonObject());

    JsonObject history = http.get("/api/v1/tickets/saint-priest/REV-1/history").bodyAsJsonObject();
    assertEquals(List.of("pass:REV-1-a", "pass:REV-1-b", "revision:1"), history.getJsonArray("versions").stream()
        .map(o -> ((JsonObject) o).getString("cause")).toList());
    JsonObject revision = history.getJsonArray("revisions").getJsonObject(0);
    assertEquals("admin", revision.getString("author"));
    assertEquals("carrier typed wrong at the terminal", revision.getString("reason"));
    assertEquals("p02", revision.getJsonObject("changes").getString("carrier"));
    Await.equal("live credit of p02", (double) (p02 + 7240), Duration.ofSeconds(2), () -> tracker.registry()
        .find(LiveFigures.ALLOCATED).tags("period", "month", "partner", "p02", "activity", "COLLECTION").gauges().stream()
        .mapToDouble(g -> g.value()).sum());
  }

  @Test
  @DisplayName("a waste code corrected moves the ticket's kilograms to the new code")
  void correctWasteCode() {
    Instant at = Instant.parse("2026-04-02T09:00:00Z");
    closeIn("REV-2", at);
    assertEquals(201, http.post("/api/v1/tickets/saint-priest/REV-2/revisions", new JsonObject()
        .put("reason", "mattresses, not mixed bulky").put("changes", new JsonObject().put("wasteCode", "20 03 99")))
        .statusCode());
    JsonArray rows = http.get("/api/v1/tonnages?period=2026-04-02&groupBy=wasteCode").bodyAsJsonObject().getJsonArray("rows");
    assertEquals(new JsonArray().add(new JsonObject().put("wasteCode", "20 03 99").put("kg", 7240)), rows);
  }

  @Test
  @DisplayName("a void takes the ticket out of every figure; a void ticket takes no more revisions")
  void voidTicket() {
    Instant at = Instant.parse("2026-04-03T09:00:00Z");
    closeIn("REV-3", at);
    assertEquals(7240L, credited("p01", "COLLECTION", "2026-04-03"));
    HttpResponse<Buffer> r = http.post("/api/v1/tickets/saint-priest/REV-3/revisions", new JsonObject()
        .put("reason", "test weighing, not a delivery").put("void", true));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    assertEquals("VOID", r.bodyAsJsonObject().getString("status"));
    assertEquals(0, r.bodyAsJsonObject().getJsonArray("allocations").size());
    assertEquals(0L, credited("p01", "COLLECTION", "2026-04-03"));
    assertEquals(0, http.get("/api/v1/tonnages?period=2026-04-03&groupBy=direction").bodyAsJsonObject()
        .getJsonArray("rows").size());
    HttpResponse<Buffer> again = http.post("/api/v1/tickets/saint-priest/REV-3/revisions", new JsonObject()
        .put("reason", "undo").put("changes", new JsonObject().put("carrier", "p02")));
    assertEquals(409, again.statusCode());
  }

  @Test
  @DisplayName("bad revisions change nothing and name the field")
  void refused() {
    Instant at = Instant.parse("2026-04-04T09:00:00Z");
    closeIn("REV-4", at);
    http.post("/api/v1/passes", Fixtures.firstIn("REV-5-a", "REV-5", 18460, at));
    long before = revisions();
    long lines = Fixtures.count(tracker.pool(), "SELECT count(*) FROM allocation_line");
    assertEquals("reason", http.post("/api/v1/tickets/saint-priest/REV-4/revisions", new JsonObject()
        .put("changes", new JsonObject().put("carrier", "p02"))).bodyAsJsonObject().getJsonArray("errors")
        .getJsonObject(0).getString("field"));
    assertEquals("changes.carrier", http.post("/api/v1/tickets/saint-priest/REV-4/revisions", new JsonObject()
        .put("reason", "x").put("changes", new JsonObject().put("carrier", "p99"))).bodyAsJsonObject()
        .getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals("changes.destination", http.post("/api/v1/tickets/saint-priest/REV-4/revisions", new JsonObject()
        .put("reason", "x").put("changes", new JsonObject().put("destination", "p05"))).bodyAsJsonObject()
        .getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals(422, http.post("/api/v1/tickets/saint-priest/REV-4/revisions", new JsonObject().put("reason", "x"))
        .statusCode());
    assertEquals(409, http.post("/api/v1/tickets/saint-priest/REV-5/revisions", new JsonObject()
        .put("reason", "x").put("changes", new JsonObject().put("carrier", "p02"))).statusCode());
    assertEquals(404, http.post("/api/v1/tickets/saint-priest/NOPE/revisions", new JsonObject()
        .put("reason", "x").put("changes", new JsonObject().put("carrier", "p02"))).statusCode());
    assertEquals(before, revisions());
    assertEquals(lines, Fixtures.count(tracker.pool(), "SELECT count(*) FROM allocation_line"));
    assertTrue(http.get("/api/v1/tickets/saint-priest/REV-4/history").bodyAsJsonObject().getJsonArray("revisions").isEmpty());
  }
}
