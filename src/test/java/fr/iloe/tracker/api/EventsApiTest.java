package fr.iloe.tracker.api;

import static fr.iloe.tracker.Fixtures.firstIn;
import static fr.iloe.tracker.Fixtures.recent;
import static fr.iloe.tracker.Fixtures.second;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.iloe.tracker.EventStream;
import fr.iloe.tracker.Http;
import fr.iloe.tracker.TestEnv;
import fr.iloe.tracker.app.Tracker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
@DisplayName("Live events (GET /api/v1/events): committed changes, in each caller's scope, from every instance")
class EventsApiTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static String schema;
  private static Tracker tracker;
  private static Http admin;

  @BeforeAll
  static void start() {
    schema = TestEnv.freshSchema();
    tracker = TestEnv.start(Map.of("DATABASE_SCHEMA", schema, "REFERENCE_FILE", TestEnv.demoReference().toString()));
    admin = new Http(tracker.httpPort(), TestEnv.TOKEN);
    assertEquals(200, admin.put("/api/v1/reference", new JsonObject("""
        {"sites": [{"id": "lyon-sud", "name": "Lyon Sud (test)", "weighbridges": [{"id": "wb1", "divisionKg": 20, "maxKg": 60000}]}]}
        """)).statusCode());
  }

  @AfterAll
  static void stop() {
    admin.close();
    TestEnv.stop(tracker);
  }

  private static String token(JsonObject body) {
    var r = admin.post("/api/v1/tokens", body);
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject().getString("token");
  }

  /** The pass at another site, which has no collection points. */
  private static JsonObject at(String site, JsonObject pass) {
    pass.remove("origin");
    return pass.put("site", site);
  }

  @Test
  @DisplayName("without a token the stream is refused: 401 problem+json, nothing streamed")
  void anonymous() {
    try (EventStream s = EventStream.open(tracker.httpPort(), null)) {
      assertEquals(401, s.status());
      assertEquals("application/problem+json", s.header("Content-Type"));
      assertEquals(401, new JsonObject(s.body()).getInteger("status"));
    }
    try (EventStream s = EventStream.open(tracker.httpPort(), "not-a-token-at-all")) {
      assertEquals(401, s.status());
    }
  }

  @Test
  @DisplayName("a ticket's passes show as ticket events once committed, its closing as a figures event; a refused pass as nothing")
  void ticketsAndFigures() {
    try (EventStream s = EventStream.open(tracker.httpPort(), TestEnv.TOKEN)) {
      assertEquals(200, s.status());
      assertTrue(s.header("Content-Type").startsWith("text/event-stream"));
      assertEquals("no-store", s.header("Cache-Control"));
      EventStream.Event ready = s.next(WAIT);
      assertEquals("ready", ready.type());
      assertEquals("admin", ready.data().getString("role"));

      Instant t = recent();
      assertEquals(422, admin.post("/api/v1/passes", firstIn("ev-bad", "EV-BAD", 18_465, t)).statusCode());
      assertEquals(201, admin.post("/api/v1/passes", firstIn("ev-1a", "EV-1", 18_460, t)).statusCode());
      EventStream.Event opened = s.next(WAIT);
      assertEquals("ticket", opened.type(), "the refused pass sent nothing: " + opened);
      assertEquals(new JsonObject().put("site", "saint-priest").put("ticket", "EV-1").put("status", "OPEN"), opened.data());

      assertEquals(201, admin.post("/api/v1/passes", second("ev-1b", "EV-1", 11_220, t.plusSeconds(600))).statusCode());
      EventStream.Event closed = s.await(e -> e.type().equals("ticket"), WAIT);
      assertEquals("CLOSED", closed.data().getString("status"));
      EventStream.Event figures = s.await(e -> e.type().equals("figures"), WAIT);
      assertEquals(new JsonArray().add("saint-priest"), figures.data().getJsonArray("sites"));
      assertEquals(1, figures.data().getJsonArray("days").size());
    }
  }

  @Test
  @DisplayName("scopes: an operator hears its own sites only, a member its partner's kilograms and tickets only")
  void scopes() {
    String sp = token(new JsonObject().put("name", "terminal SP").put("role", "operator")
        .put("sites", new JsonArray().add("saint-priest")));
    String ls = token(new JsonObject().put("name", "terminal LS").put("role", "operator")
        .put("sites", new JsonArray().add("lyon-sud")));
    String p03 = token(new JsonObject().put("name", "p03").put("role", "member").put("partner", "p03"));
    String p07 = token(new JsonObject().put("name", "p07").put("role", "member").put("partner", "p07"));
    try (EventStream spStream = EventStream.open(tracker.httpPort(), sp);
         EventStream lsStream = EventStream.open(tracker.httpPort(), ls);
         EventStream p03Stream = EventStream.open(tracker.httpPort(), p03);
         EventStream p07Stream = EventStream.open(tracker.httpPort(), p07)) {
      assertEquals(new JsonArray().add("lyon-sud"), lsStream.next(WAIT).data().getJsonArray("sites"));
      assertEquals("p03", p03Stream.next(WAIT).data().getString("partner"));
      p07Stream.next(WAIT);
      spStream.next(WAIT);

      Instant t = recent();
      assertEquals(201, admin.post("/api/v1/passes", firstIn("sc-1a", "SC-1", 18_460, t)).statusCode());
      assertEquals(201, admin.post("/api/v1/passes", second("sc-1b", "SC-1", 11_220, t.plusSeconds(600))).statusCode());
      var r = admin.post("/api/v1/passes", at("lyon-sud", firstIn("sc-2a", "SC-2", 18_460, t)));
      assertEquals(201, r.statusCode(), r.bodyAsString());

      // saint-priest's operator: its two ticket events and its figures, never lyon-sud's
      assertEquals("SC-1", spStream.await(e -> e.type().equals("ticket"), WAIT).data().getString("ticket"));
      assertEquals("SC-1", spStream.await(e -> e.type().equals("ticket"), WAIT).data().getString("ticket"));
      // lyon-sud's operator: the first thing it hears is its own ticket
      EventStream.Event first = lsStream.next(WAIT);
      assertEquals("ticket", first.type());
      assertEquals("SC-2", first.data().getString("ticket"));

      // p03 sorts 45 % of saint-priest's IN tickets: 3,258 of the 7,240 kg; it sees no other partner's figures
      EventStream.Event f03 = p03Stream.await(e -> e.type().equals("figures"), WAIT);
      assertEquals(3_258L, f03.data().getLong("partnerKg"));
      assertNull(f03.data().getValue("sites"));
      // p07 hears that the cooperative's figures moved, with none of its own, and of no ticket
      EventStream.Event f07 = p07Stream.next(WAIT);
      assertEquals("figures", f07.type());
      assertEquals(0L, f07.data().getLong("partnerKg"));
      assertFalse(f07.data().containsKey("sites"));
    }
  }

  @Test
  @DisplayName("a pass committed on another instance reaches a stream open on this one (PostgreSQL NOTIFY)")
  void otherInstance() {
    Tracker other = TestEnv.start(Map.of("DATABASE_SCHEMA", schema));
    try (EventStream s = EventStream.open(tracker.httpPort(), TestEnv.TOKEN);
         Http there = new Http(other.httpPort(), TestEnv.TOKEN)) {
      s.next(WAIT);
      assertEquals(201, there.post("/api/v1/passes", firstIn("oi-1a", "OI-1", 18_460, recent())).statusCode());
      EventStream.Event e = s.await(x -> x.type().equals("ticket"), WAIT);
      assertEquals("OI-1", e.data().getString("ticket"));
    } finally {
      other.close().await();
    }
  }

  @Test
  @DisplayName("a closed stream is forgotten: the open-streams gauge comes back down")
  void cleanUp() throws InterruptedException {
    double before = gauge();
    EventStream s = EventStream.open(tracker.httpPort(), TestEnv.TOKEN);
    s.next(WAIT);
    assertEquals(before + 1, gauge());
    s.close();
    fr.iloe.tracker.Await.equal("open streams", before, java.time.Duration.ofSeconds(10), EventsApiTest::gauge);
  }

  private static double gauge() {
    return tracker.registry().get(Api.EVENT_STREAMS).gauge().value();
  }
}
