package fr.iloe.tracker.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.iloe.tracker.Fixtures;
import fr.iloe.tracker.Http;
import fr.iloe.tracker.TestEnv;
import fr.iloe.tracker.app.Tracker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Random mutations of valid passes and readings posted to a running tracker, eight at a time: no answer is a
 * 5xx, every refusal is problem+json with its status, title and detail (and field errors that name a field),
 * an unmutated body is stored (201), and the database holds exactly the passes and readings answered 201:
 * nothing from invalid input. The hash chain still verifies at the end.
 */
@DisplayName("Fuzzing the HTTP API: no 5xx, clear problems, nothing stored from invalid input")
class HttpFuzzTest {
  private static final String[] CONTENT_TYPES = {"text/plain", "application/json; charset=iso-8859-1", null,
      "application/x-www-form-urlencoded", "application/json; charset=utf-8", "application/problem+json"};
  private static Tracker tracker;
  private static Vertx vertx;
  private static WebClient client;

  @BeforeAll
  static void start() {
    tracker = TestEnv.start(Map.of("REFERENCE_FILE", TestEnv.demoReference().toString(), "RATE_LIMIT_PER_SECOND", "0"));
    vertx = Vertx.vertx();
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(tracker.httpPort()));
  }

  @AfterAll
  static void stop() {
    client.close();
    vertx.close().await();
    TestEnv.stop(tracker);
  }

  private record Sent(int index, String path, boolean valid, byte[] body) {}

  @Test
  @DisplayName("mutated passes and readings: no 5xx, problem+json refusals, stored rows = 201 answers")
  void mutatedBodies() {
    Budget budget = Budget.of(45, 1_500);
    long deadline = System.nanoTime() + budget.time().toNanos();
    Instant base = Fixtures.recent();
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger storedPasses = new AtomicInteger();
    AtomicInteger storedReadings = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    int i = 0;
    while (i < budget.cases() && System.nanoTime() < deadline && failures.size() < 10) {
      List<Future<?>> window = new ArrayList<>();
      for (int w = 0; w < 8 && i < budget.cases(); w++, i++) {
        Sent sent = generate(budget, i, base.minusSeconds(i));
        Mutator m = new Mutator(budget.caseSeed(i) ^ 0x5DEECE66DL);
        String type = sent.valid() || m.random().nextInt(10) != 0 ? "application/json"
            : CONTENT_TYPES[m.random().nextInt(CONTENT_TYPES.length)];
        HttpRequest<Buffer> req = client.post(sent.path()).putHeader("Authorization", "Bearer " + TestEnv.TOKEN);
        if (type != null) {
          req.putHeader("Content-Type", type);
        }
        String replay = "seed " + budget.seed() + " case " + sent.index() + " " + sent.path() + " (" + type + "): "
            + ParserFuzzTest.excerpt(sent.body());
        window.add(judged(req.sendBuffer(Buffer.buffer(sent.body())), replay, failures).onSuccess(r -> {
          if (r.statusCode() == 201) {
            (sent.path().endsWith("passes") ? storedPasses : storedReadings).incrementAndGet();
          } else if (sent.valid() && "application/json".equals(type)) {
            failures.add(replay + " -> a valid body answered " + r.statusCode() + " " + r.bodyAsString());
          }
          if (r.statusCode() >= 400) {
            refused.incrementAndGet();
          }
        }));
      }
      Future.join(window).otherwiseEmpty().await();
    }
    assertEquals(List.of(), failures);
    System.out.printf("fuzz http: %d requests, %d passes and %d readings stored, %d refused%n", i, storedPasses.get(),
        storedReadings.get(), refused.get());
    assertEquals(storedPasses.get(), count("pass"), "passes stored = passes answered 201");
    assertEquals(storedReadings.get(), count("reading"), "readings stored = readings answered 201");
    assertEquals(0, count("quarantine"), "HTTP refusals are answered, not quarantined");
    assertTrue(storedPasses.get() > 0 && storedReadings.get() > 0 && refused.get() > 0);
    try (Http http = new Http(tracker.httpPort(), TestEnv.TOKEN)) {
      JsonObject verified = http.get("/api/v1/audit/verify").bodyAsJsonObject();
      assertEquals(true, verified.getBoolean("ok"), verified.encode());
    }
  }

  private static final String[] GETS = {"/api/v1/tickets?site={}&from={}&to={}&status={}&cursor={}",
      "/api/v1/tickets/{}/{}", "/api/v1/tickets/saint-priest/{}/history", "/api/v1/vehicles-on-site?site={}",
      "/api/v1/tonnages?period={}&groupBy={}", "/api/v1/valorisation?period={}&basis={}&site={}&wasteCode={}",
      "/api/v1/mass-balance?period={}", "/api/v1/quarantine?site={}&before={}&limit={}", "/api/v1/points?site={}",
      "/api/v1/points/{}/readings?from={}", "/api/v1/stock?site={}", "/api/v1/registers/{}?period={}&format={}",
      "/api/v1/reports/compensation?period={}&format={}&partner={}", "/api/v1/audit/log?from={}&before={}",
      "/api/v1/audit/verify?period={}", "/api/v1/reports/compensation/{}/published", "/api/v1/insertion?period={}",
      "/api/v1/{}", "/api/v1/tickets?{}={}"};

  @Test
  @DisplayName("mutated ids and query values: no 5xx, problem+json refusals, nothing stored")
  void mutatedQueries() {
    Budget budget = Budget.of(30, 800);
    long deadline = System.nanoTime() + budget.time().toNanos();
    long passesBefore = count("pass");
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger ok = new AtomicInteger();
    int i = 0;
    while (i < budget.cases() && System.nanoTime() < deadline && failures.size() < 10) {
      List<Future<?>> window = new ArrayList<>();
      for (int w = 0; w < 8 && i < budget.cases(); w++, i++) {
        Mutator m = new Mutator(budget.caseSeed(i) ^ 0x9E3779B97F4A7C15L);
        String template = GETS[m.random().nextInt(GETS.length)];
        StringBuilder uri = new StringBuilder();
        String[] parts = template.split("\\{\\}", -1);
        for (int k = 0; k < parts.length; k++) {
          uri.append(parts[k]);
          if (k < parts.length - 1) {
            uri.append(urlValue(m));
          }
        }
        String replay = "seed " + budget.seed() + " case " + i + ": GET " + uri;
        window.add(judged(client.request(io.vertx.core.http.HttpMethod.GET, uri.toString())
            .putHeader("Authorization", "Bearer " + TestEnv.TOKEN).send(), replay, failures).onSuccess(r -> {
              if (r.statusCode() < 400) {
                ok.incrementAndGet();
              }
            }));
      }
      Future.join(window).otherwiseEmpty().await();
    }
    assertEquals(List.of(), failures);
    System.out.printf("fuzz http queries: %d requests, %d answered 2xx%n", i, ok.get());
    assertEquals(passesBefore, count("pass"));
  }

  /** A path segment or query value: mostly an encoded value of any type, sometimes a raw hostile escape. */
  private static String urlValue(Mutator m) {
    if (m.random().nextInt(5) == 0) {
      return new String[] {"%00", "%", "%ZZ", "%ED%A0%80", "..%2F..", "%2F", "a%0Ab", "%FF%FE", "2026-13", "2026-Q5",
          "2026-11-28T09:14:03Z", "saint-priest", "p01", "partner,activity,wasteCode", "pdf", "csv", "-1",
          "99999999999999999999"}[m.random().nextInt(18)];
    }
    Object v = m.value();
    String text = v == null ? "" : String.valueOf(v);
    if (text.length() > 2_000) {
      text = text.substring(0, 2_000);
    }
    return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Case {@code i}: a valid pass or reading of its own (keys and tickets unique), mutated five times in six. */
  private static Sent generate(Budget budget, int i, Instant at) {
    Mutator m = new Mutator(budget.caseSeed(i));
    JsonObject valid;
    String path;
    String ticket = "FZ-" + i;
    switch (m.random().nextInt(6)) {
      case 0 -> valid = Fixtures.firstIn("fz-" + i, ticket, 18_000 + 20L * m.random().nextInt(500), at);
      case 1 -> valid = Fixtures.firstOut("fz-" + i, ticket, 12_000, at);
      case 2 -> valid = Fixtures.second("fz-" + i, ticket, 11_220, at).put("manual", true).put("manualReason", "terminal down");
      case 3 -> valid = Fixtures.firstIn("fz-" + i, ticket, 15_000, at).put("seq", "single");
      case 4 -> valid = new JsonObject().put("key", "fz-r" + i).put("site", "saint-priest")
          .put("point", "cp-00" + (1 + m.random().nextInt(8))).put("at", at.toString()).put("kind", "fill")
          .put("fillPercent", java.math.BigDecimal.valueOf(m.random().nextInt(1001), 1));
      default -> valid = new JsonObject().put("key", "fz-r" + i).put("site", "saint-priest").put("point", "cp-002")
          .put("at", at.toString()).put("kind", "pickup").put("plate", "AB-123-CD").put("estimatedKg", 900).put("items", 7);
    }
    path = valid.containsKey("point") ? "/api/v1/readings" : "/api/v1/passes";
    boolean keep = m.random().nextInt(6) == 0;
    byte[] body = keep ? valid.encode().getBytes(java.nio.charset.StandardCharsets.UTF_8) : m.mutate(valid);
    return new Sent(i, path, keep, body);
  }

  /** Notes an answer that never came, a 5xx, or a refusal without its problem; the answer goes on. */
  private static Future<HttpResponse<Buffer>> judged(Future<HttpResponse<Buffer>> answer, String replay,
      List<String> failures) {
    return answer.andThen(ar -> {
      if (ar.failed()) {
        failures.add(replay + " -> no answer: " + ar.cause());
        return;
      }
      HttpResponse<Buffer> r = ar.result();
      if (r.statusCode() >= 500) {
        failures.add(replay + " -> " + r.statusCode() + " " + r.bodyAsString());
      } else if (r.statusCode() >= 400) {
        checkProblem(r).forEach(p -> failures.add(replay + " -> " + r.statusCode() + " " + p));
      }
    });
  }

  /** What a refusal must carry (RFC 9457 and interface.md). */
  private static List<String> checkProblem(HttpResponse<Buffer> r) {
    List<String> problems = new ArrayList<>();
    String type = r.getHeader("Content-Type");
    if (type == null || !type.startsWith("application/problem+json")) {
      problems.add("content type " + type);
      return problems;
    }
    JsonObject p;
    try {
      p = r.bodyAsJsonObject();
    } catch (RuntimeException e) {
      problems.add("body not JSON: " + r.bodyAsString());
      return problems;
    }
    if (p.getInteger("status", -1) != r.statusCode()) {
      problems.add("status field " + p.getValue("status"));
    }
    if (p.getString("title", "").isBlank() || p.getString("detail", "").isBlank()) {
      problems.add("title or detail missing: " + p.encode());
    }
    if (p.containsKey("errors")) {
      p.getJsonArray("errors").forEach(o -> {
        JsonObject e = (JsonObject) o;
        if (e.getString("field") == null || e.getString("message", "").isBlank()) {
          problems.add("field error without field or message: " + e.encode());
        }
      });
    }
    return problems;
  }

  private static long count(String table) {
    return Fixtures.count(tracker.pool(), "SELECT count(*) FROM " + table);
  }
}
