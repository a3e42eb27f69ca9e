package fr.iloe.tracker.api;

import static fr.iloe.tracker.Fixtures.count;
import static fr.iloe.tracker.Fixtures.firstIn;
import static fr.iloe.tracker.Fixtures.firstOut;
import static fr.iloe.tracker.Fixtures.recent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.iloe.tracker.Http;
import fr.iloe.tracker.TestEnv;
import fr.iloe.tracker.app.Tracker;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-request corpus: each request gets the right 4xx as problem+json, naming the bad field, and
 * leaves no pass and no ticket behind. The same corpus is sent over MQTT by the ingestion tests.
 */
@DisplayName("Bad passes over HTTP are refused with a clear problem and store nothing")
public class BadPassesTest {
  private static Tracker tracker;
  private static Http http;

  /** One bad request: what is sent, with which token, and what must come back. */
  public record Bad(String name, byte[] body, String token, int status, String field) {
    @Override
    public String toString() {
      return name;
    }
  }

  @BeforeAll
  static void start() {
    tracker = TestEnv.start(Map.of("REFERENCE_FILE", TestEnv.demoReference().toString(), "BODY_LIMIT_BYTES", "8192"));
    http = new Http(tracker.httpPort(), TestEnv.TOKEN);
  }

  @AfterAll
  static void stop() {
    http.close();
    TestEnv.stop(tracker);
  }

  @AfterEach
  void nothingStored() {
    assertEquals(0, count(tracker.pool(), "SELECT count(*) FROM pass"));
    assertEquals(0, count(tracker.pool(), "SELECT count(*) FROM ticket_version"));
  }

  static JsonObject in() {
    return firstIn("bad-1", "BAD-1", 18000, recent());
  }

  static JsonObject out() {
    return firstOut("bad-2", "BAD-2", 12000, recent());
  }

  private static Bad json(String name, JsonObject body, int status, String field) {
    return new Bad(name, body.encode().getBytes(StandardCharsets.UTF_8), TestEnv.TOKEN, status, field);
  }

  private static Bad raw(String name, String body, int status) {
    return new Bad(name, body.getBytes(StandardCharsets.UTF_8), TestEnv.TOKEN, status, null);
  }

  /** The corpus, shared with the MQTT ingestion tests (which expect every entry in quarantine). */
  public static Stream<Bad> corpus() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    return Stream.of(
        raw("truncated JSON", "{\"key\": \"k\", \"weightKg\": ", 400),
        raw("not JSON at all", "weight=18000", 400),
        raw("a JSON array", "[{\"key\": \"k\"}]", 400),
        raw("an empty body", "", 400),
        new Bad("invalid UTF-8", new byte[] {'{', '"', 'k', 'e', 'y', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
            TestEnv.TOKEN, 400, null),
        raw("a key given twice", "{\"key\": \"a\", \"key\": \"b\"}", 400),
        json("missing key", remove(in(), "key"), 422, "key"),
        json("missing ticket", remove(in(), "ticket"), 422, "ticket"),
        json("missing site", remove(in(), "site"), 422, "site"),
        json("unknown site", in().put("site", "lyon-nord"), 422, "site"),
        json("unknown bridge", in().put("bridge", "wb9"), 422, "bridge"),
        json("missing weight", remove(in(), "weightKg"), 422, "weightKg"),
        json("weight as a string", in().put("weightKg", "18000"), 422, "weightKg"),
        json("decimal weight", new JsonObject(in().encode().replace("18000", "18000.5")), 422, "weightKg"),
        json("zero weight", in().put("weightKg", 0), 422, "weightKg"),
        json("negative weight", in().put("weightKg", -18000), 422, "weightKg"),
        json("weight not a multiple of the division", in().put("weightKg", 18010), 422, "weightKg"),
        json("weight above the bridge maximum", in().put("weightKg", 60020), 422, "weightKg"),
        json("weight below 20 divisions", in().put("weightKg", 380), 422, "weightKg"),
        json("weight beyond 64 bits", new JsonObject(in().encode().replace("18000", "99999999999999999999999")), 422, "weightKg"),
        json("unknown seq", in().put("seq", "third"), 422, "seq"),
        json("first pass without direction", remove(in(), "direction"), 422, "direction"),
        json("unknown direction", in().put("direction", "SIDEWAYS"), 422, "direction"),
        json("first pass without plate", remove(in(), "plate"), 422, "plate"),
        json("malformed waste code", in().put("wasteCode", "20 03"), 422, "wasteCode"),
        json("waste code of chapter 21", in().put("wasteCode", "21 01 01"), 422, "wasteCode"),
        json("unknown operation code", out().put("operation", "R 14"), 422, "operation"),
        json("OUT without destination", remove(out(), "destination"), 422, "destination"),
        json("OUT without operation", remove(out(), "operation"), 422, "operation"),
        json("IN with an operation", in().put("operation", "R 3"), 422, "operation"),
        json("mode not possible under the code", out().put("operation", "R 4").put("mode", "OTHER_RECOVERY"), 422, "mode"),
        json("unknown carrier", in().put("carrier", "p99"), 422, "carrier"),
        json("carrier that does not collect", in().put("carrier", "p08"), 422, "carrier"),
        json("unknown destination", out().put("destination", "p99"), 422, "destination"),
        json("destination that does not treat waste", out().put("destination", "p01"), 422, "destination"),
        json("unknown origin point", in().put("origin", new JsonObject().put("point", "cp-999")), 422, "origin.point"),
        json("bad INSEE code", in().put("origin", new JsonObject().put("insee", "6925")), 422, "origin.insee"),
        json("single pass without a stored tare", in().put("seq", "single").put("plate", "ZZ-999-ZZ"), 422, "plate"),
        json("single pass with an expired stored tare", in().put("seq", "single").put("plate", "MN-012-OP"), 422, "plate"),
        json("single pass not heavier than the stored tare", in().put("seq", "single").put("weightKg", 11200), 422, "weightKg"),
        json("timestamp far in the future", in().put("at", now.plus(2, ChronoUnit.DAYS).toString()), 422, "at"),
        json("timestamp in year 0", in().put("at", "0000-01-01T00:00:00Z"), 422, "at"),
        json("timestamp before the 20th century ends", in().put("at", "1999-12-31T23:59:59Z"), 422, "at"),
        json("timestamp without offset", in().put("at", "2026-11-28T09:14:03"), 422, "at"),
        json("manual weight without reason", in().put("manual", true), 422, "manualReason"),
        json("reason without manual weight", in().put("manualReason", "terminal down"), 422, "manualReason"),
        json("manual as a string", in().put("manual", "yes"), 422, "manual"),
        json("key with spaces", in().put("key", "a key"), 422, "key"),
        json("origin as a string", in().put("origin", "cp-001"), 422, "origin"),
        json("a NUL character in the manual reason", in().put("manual", true).put("manualReason", "terminal\u0000down"), 422,
            "manualReason"),
        new Bad("a lone surrogate in the plate", in().encode().replace("\"AB-123-CD\"", "\"\\ud800AB\"")
            .getBytes(StandardCharsets.UTF_8), TestEnv.TOKEN, 422, "plate"),
        raw("a body over the size limit", "{\"key\":\"" + "x".repeat(9000) + "\"}", 413),
        new Bad("no token", in().encode().getBytes(StandardCharsets.UTF_8), null, 401, null),
        new Bad("a wrong token", in().encode().getBytes(StandardCharsets.UTF_8), "not-the-token-at-all", 401, null));
  }

  private static JsonObject remove(JsonObject o, String field) {
    o.remove(field);
    return o;
  }

  static Stream<Arguments> cases() {
    return corpus().map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void refused(Bad bad) {
    HttpResponse<Buffer> r = http.send(HttpMethod.POST, "/api/v1/passes", Buffer.buffer(bad.body()), bad.token());
    assertEquals(bad.status(), r.statusCode(), r.bodyAsString());
    assertEquals("application/problem+json", r.getHeader("Content-Type"));
    JsonObject problem = r.bodyAsJsonObject();
    assertEquals(bad.status(), problem.getInteger("status"));
    assertTrue(problem.getString("type").startsWith("urn:iloe:problem:"));
    assertFalse(problem.getString("title").isBlank());
    assertFalse(problem.getString("detail").isBlank());
    if (bad.field() != null) {
      List<String> fields = problem.getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")).toList();
      assertTrue(fields.contains(bad.field()), "expected an error on " + bad.field() + ", got " + fields);
      assertEquals(fields.size(), fields.stream().distinct().count(), "a field reported twice: " + fields);
    }
    if (bad.status() == 401) {
      assertEquals("Bearer realm=\"iloe\"", r.getHeader("WWW-Authenticate"));
    }
  }

  @org.junit.jupiter.api.Test
  @DisplayName("a body that is not JSON in UTF-8 is a 415, a URL that cannot be decoded a 400, both problem+json")
  void mediaTypesAndUrls() {
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    io.vertx.ext.web.client.WebClient client = io.vertx.ext.web.client.WebClient.create(vertx);
    try {
      for (String type : List.of("application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x",
          "application/json; charset=iso-8859-1")) {
        HttpResponse<Buffer> r = client.post(tracker.httpPort(), "127.0.0.1", "/api/v1/passes")
            .putHeader("Authorization", "Bearer " + TestEnv.TOKEN).putHeader("Content-Type", type)
            .sendBuffer(Buffer.buffer("a=" + "x".repeat(20_000))).await();
        assertEquals(415, r.statusCode(), type);
        assertEquals("application/problem+json", r.getHeader("Content-Type"));
        assertTrue(r.bodyAsJsonObject().getString("detail").contains(type), r.bodyAsString());
      }
      for (String uri : List.of("/api/v1/tickets?site=%ZZ", "/api/v1/tickets/saint-priest/%", "/api/v1/tickets?site=a%00b",
          "/api/v1/tickets/%ED%A0%80/T-1")) {
        HttpResponse<Buffer> r = client.get(tracker.httpPort(), "127.0.0.1", uri)
            .putHeader("Authorization", "Bearer " + TestEnv.TOKEN).send().await();
        assertEquals(400, r.statusCode(), uri);
        assertEquals("application/problem+json", r.getHeader("Content-Type"), uri);
        assertEquals(400, r.bodyAsJsonObject().getInteger("status"));
        assertEquals("urn:iloe:problem:malformed", r.bodyAsJsonObject().getString("type"));
      }
    } finally {
      client.close();
      vertx.close().await();
    }
  }

  @org.junit.jupiter.api.Test
  @DisplayName("the corpus holds more than thirty cases")
  void corpusSize() {
    assertTrue(corpus().count() >= 30);
  }
}
