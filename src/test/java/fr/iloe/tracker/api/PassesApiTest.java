package fr.iloe.tracker.api;

import static fr.iloe.tracker.Fixtures.count;
import static fr.iloe.tracker.Fixtures.firstIn;
import static fr.iloe.tracker.Fixtures.firstOut;
import static fr.iloe.tracker.Fixtures.recent;
import static fr.iloe.tracker.Fixtures.second;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.iloe.tracker.Http;
import fr.iloe.tracker.TestEnv;
import fr.iloe.tracker.app.Tracker;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("POST /api/v1/passes stores each weighing exactly once and answers the ticket")
class PassesApiTest {
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

  private static long passes(String ticket) {
    return count(tracker.pool(), "SELECT count(*) FROM pass WHERE ticket = '" + ticket + "'");
  }

  @Test
  @DisplayName("a two-pass IN ticket closes with gross = first, tare = second and the exact net")
  void twoPassIn() {
    Instant at = recent();
    HttpResponse<Buffer> first = http.post("/api/v1/passes", firstIn("in-1a", "IN-1", 18460, at));
    assertEquals(201, first.statusCode(), first.bodyAsString());
    JsonObject open = first.bodyAsJsonObject();
    assertEquals("OPEN", open.getString("status"));
    assertNull(open.getLong("netKg"));
    assertEquals("/api/v1/tickets/saint-priest/IN-1", first.getHeader("Location"));

    HttpResponse<Buffer> second = http.post("/api/v1/passes", second("in-1b", "IN-1", 11220, at.plusSeconds(1200)));
    assertEquals(201, second.statusCode(), second.bodyAsString());
    JsonObject closed = second.bodyAsJsonObject();
    assertEquals("CLOSED", closed.getString("status"));
    assertEquals(18460L, closed.getLong("grossKg"));
    assertEquals(11220L, closed.getLong("tareKg"));
    assertEquals(7240L, closed.getLong("netKg"));
    assertEquals("MEASURED", closed.getString("tareMode"));
    assertEquals(at.plusSeconds(1200).toString(), closed.getString("closedAt"));
    assertEquals("cp-001", closed.getJsonObject("origin").getString("point"));
    assertEquals(2, closed.getJsonArray("passes").size());

    JsonObject read = http.get("/api/v1/tickets/saint-priest/IN-1").bodyAsJsonObject();
    assertEquals(closed, read);
    assertEquals(2, passes("IN-1"));
    assertEquals(2, count(tracker.pool(), "SELECT count(*) FROM ticket_version WHERE ticket = 'IN-1'"));
  }

  @Test
  @DisplayName("a two-pass OUT ticket: tare first, gross second, operation normalised, mode and finality from the code")
  void twoPassOut() {
    Instant at = recent();
    assertEquals(201, http.post("/api/v1/passes", firstOut("out-1a", "OUT-1", 12400, at)).statusCode());
    JsonObject closed = http.post("/api/v1/passes", second("out-1b", "OUT-1", 21980, at.plusSeconds(900))).bodyAsJsonObject();
    assertEquals(21980L, closed.getLong("grossKg"));
    assertEquals(12400L, closed.getLong("tareKg"));
    assertEquals(9580L, closed.getLong("netKg"));
    assertEquals("R 3", closed.getString("operation"));
    assertEquals("RECYCLING", closed.getString("mode"));
    assertEquals(true, closed.getBoolean("final"));
    assertEquals("p06", closed.getString("destination"));
  }

  @Test
  @DisplayName("an OUT lot under D 9 is not final and has no mode until its final operation is known")
  void nonFinalOperation() {
    Instant at = recent();
    JsonObject first = firstOut("out-2a", "OUT-2", 12400, at).put("operation", "D9").put("destination", "p09");
    assertEquals(201, http.post("/api/v1/passes", first).statusCode());
    JsonObject closed = http.post("/api/v1/passes", second("out-2b", "OUT-2", 20000, at.plusSeconds(900))).bodyAsJsonObject();
    assertEquals("D 9", closed.getString("operation"));
    assertEquals(false, closed.getBoolean("final"));
    assertNull(closed.getString("mode"));
  }

  @Test
  @DisplayName("a single pass closes at once with the plate's valid stored tare")
  void singlePassStoredTare() {
    JsonObject single = firstIn("single-1", "S-1", 25000, recent()).put("seq", "single");
    HttpResponse<Buffer> r = http.post("/api/v1/passes", single);
    assertEquals(201, r.statusCode(), r.bodyAsString());
    JsonObject t = r.bodyAsJsonObject();
    assertEquals("CLOSED", t.getString("status"));
    assertEquals(25000L, t.getLong("grossKg"));
    assertEquals(11200L, t.getLong("tareKg"));
    assertEquals(13800L, t.getLong("netKg"));
    assertEquals("STORED", t.getString("tareMode"));
    assertEquals(11200L, t.getJsonArray("passes").getJsonObject(0).getLong("storedTareKg"));
  }

  @Test
  @DisplayName("the same pass sent twice is stored once and the duplicate gets 200 with the original answer")
  void duplicate() {
    JsonObject pass = firstIn("dup-1", "DUP-1", 18000, recent());
    HttpResponse<Buffer> first = http.post("/api/v1/passes", pass);
    HttpResponse<Buffer> again = http.post("/api/v1/passes", pass);
    assertEquals(201, first.statusCode());
    assertEquals(200, again.statusCode());
    assertEquals(first.bodyAsJsonObject(), again.bodyAsJsonObject());
    assertEquals(1, passes("DUP-1"));
  }

  @Test
  @DisplayName("a duplicate of a pass that was later paired answers the ticket as that pass left it")
  void duplicateAfterClose() {
    Instant at = recent();
    JsonObject first = firstIn("dup-2a", "DUP-2", 18000, at);
    JsonObject original = http.post("/api/v1/passes", first).bodyAsJsonObject();
    http.post("/api/v1/passes", second("dup-2b", "DUP-2", 10000, at.plusSeconds(60)));
    HttpResponse<Buffer> again = http.post("/api/v1/passes", first);
    assertEquals(200, again.statusCode());
    assertEquals(original, again.bodyAsJsonObject());
    assertEquals("OPEN", again.bodyAsJsonObject().getString("status"));
  }

  @Test
  @DisplayName("the same key with other content is a 409 naming the fields that differ, and nothing new is stored")
  void sameKeyOtherContent() {
    Instant at = recent();
    assertEquals(201, http.post("/api/v1/passes", firstIn("conf-1", "CONF-1", 18000, at)).statusCode());
    HttpResponse<Buffer> r = http.post("/api/v1/passes", firstIn("conf-1", "CONF-1", 18020, at));
    assertEquals(409, r.statusCode());
    assertEquals("application/problem+json", r.getHeader("Content-Type"));
    JsonObject problem = r.bodyAsJsonObject();
    assertEquals(409, problem.getInteger("status"));
    assertTrue(problem.getString("detail").contains("weightKg"), problem.getString("detail"));
    assertEquals("weightKg", problem.getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals(1, passes("CONF-1"));
  }

  @Test
  @DisplayName("twenty identical passes posted in parallel store exactly one")
  void concurrentDuplicates() {
    JsonObject pass = firstIn("par-1", "PAR-1", 30000, recent());
    List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      calls.add(http.request(HttpMethod.POST, "/api/v1/passes", Buffer.buffer(pass.encode()), TestEnv.TOKEN));
    }
    Future.all(calls).await();
    long created = calls.stream().filter(c -> c.result().statusCode() == 201).count();
    long duplicates = calls.stream().filter(c -> c.result().statusCode() == 200).count();
    assertEquals(1, created);
    assertEquals(19, duplicates);
    assertEquals(1, passes("PAR-1"));
  }

  @Test
  @DisplayName("a second pass that arrives before its first is kept, and the ticket closes when the first arrives")
  void outOfOrder() {
    Instant at = recent();
    HttpResponse<Buffer> early = http.post("/api/v1/passes", second("ooo-b", "OOO-1", 11220, at.plusSeconds(1200)));
    assertEquals(201, early.statusCode(), early.bodyAsString());
    assertEquals("OPEN", early.bodyAsJsonObject().getString("status"));
    assertNull(early.bodyAsJsonObject().getString("openedAt"));

    JsonObject closed = http.post("/api/v1/passes", firstIn("ooo-a", "OOO-1", 18460, at)).bodyAsJsonObject();
    assertEquals("CLOSED", closed.getString("status"));
    assertEquals(18460L, closed.getLong("grossKg"));
    assertEquals(11220L, closed.getLong("tareKg"));
    assertEquals(7240L, closed.getLong("netKg"));
    assertEquals(at.toString(), closed.getString("openedAt"));
    assertEquals(at.plusSeconds(1200).toString(), closed.getString("closedAt"));
    assertEquals("IN", closed.getString("direction"));
  }

  @Test
  @DisplayName("a third pass on a closed ticket is a 409 and is not stored")
  void thirdPass() {
    Instant at = recent();
    http.post("/api/v1/passes", firstIn("three-a", "THREE-1", 18000, at));
    http.post("/api/v1/passes", second("three-b", "THREE-1", 10000, at.plusSeconds(60)));
    HttpResponse<Buffer> r = http.post("/api/v1/passes", second("three-c", "THREE-1", 10020, at.plusSeconds(120)));
    assertEquals(409, r.statusCode());
    assertEquals("seq", r.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals(2, passes("THREE-1"));
  }

  @Test
  @DisplayName("a second weighing equal to the first is refused (net must be positive) and not stored")
  void equalWeights() {
    Instant at = recent();
    http.post("/api/v1/passes", firstIn("eq-a", "EQ-1", 18000, at));
    HttpResponse<Buffer> r = http.post("/api/v1/passes", second("eq-b", "EQ-1", 18000, at.plusSeconds(60)));
    assertEquals(422, r.statusCode());
    assertEquals("weightKg", r.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals(1, passes("EQ-1"));
  }

  @Test
  @DisplayName("the ticket list is newest first and paged with a cursor; vehicles on site are the open tickets")
  void listAndVehicles() {
    Instant base = Instant.parse("2026-06-10T08:00:00Z");
    for (int i = 0; i < 5; i++) {
      http.post("/api/v1/passes", firstIn("list-" + i, "LIST-" + i, 18000, base.plusSeconds(i * 60L)));
    }
    http.post("/api/v1/passes", second("list-0b", "LIST-0", 10000, base.plusSeconds(3600)));
    JsonObject page1 = http.get("/api/v1/tickets?period=2026-06-10&limit=2").bodyAsJsonObject();
    JsonArray items1 = page1.getJsonArray("items");
    assertEquals(List.of("LIST-0", "LIST-4"), List.of(items1.getJsonObject(0).getString("ticket"),
        items1.getJsonObject(1).getString("ticket")));
    JsonObject page2 = http.get("/api/v1/tickets?period=2026-06-10&limit=2&cursor=" + page1.getString("nextCursor"))
        .bodyAsJsonObject();
    JsonArray items2 = page2.getJsonArray("items");
    assertEquals(List.of("LIST-3", "LIST-2"), List.of(items2.getJsonObject(0).getString("ticket"),
        items2.getJsonObject(1).getString("ticket")));
    JsonObject page3 = http.get("/api/v1/tickets?period=2026-06-10&limit=2&cursor=" + page2.getString("nextCursor"))
        .bodyAsJsonObject();
    assertEquals(1, page3.getJsonArray("items").size());
    assertNull(page3.getString("nextCursor"));

    JsonArray closedOnly = http.get("/api/v1/tickets?period=2026-06-10&status=CLOSED").bodyAsJsonObject().getJsonArray("items");
    assertEquals(1, closedOnly.size());
    assertEquals(8000L, closedOnly.getJsonObject(0).getLong("netKg"));

    JsonArray vehicles = http.get("/api/v1/vehicles-on-site?site=saint-priest").bodyAsJsonObject().getJsonArray("vehicles");
    List<String> onSite = vehicles.stream().map(v -> ((JsonObject) v).getString("ticket")).toList();
    assertTrue(onSite.containsAll(List.of("LIST-1", "LIST-2", "LIST-3", "LIST-4")), onSite.toString());
    assertTrue(!onSite.contains("LIST-0"));
    JsonObject list1 = vehicles.stream().map(v -> (JsonObject) v).filter(v -> v.getString("ticket").equals("LIST-1"))
        .findFirst().orElseThrow();
    assertEquals(18000L, list1.getLong("firstWeightKg"));
    assertEquals("AB-123-CD", list1.getString("plate"));
  }

  @Test
  @DisplayName("bad query parameters get a 400 naming each parameter")
  void badQuery() {
    HttpResponse<Buffer> r = http.get("/api/v1/tickets?period=2026-13&status=DONE&limit=0");
    assertEquals(400, r.statusCode());
    List<String> fields = r.bodyAsJsonObject().getJsonArray("errors").stream()
        .map(e -> ((JsonObject) e).getString("field")).toList();
    assertEquals(List.of("period", "status", "limit"), fields);
    assertEquals(400, http.get("/api/v1/vehicles-on-site").statusCode());
    assertEquals(404, http.get("/api/v1/tickets/saint-priest/NOPE").statusCode());
  }
}
