package fr.iloe.tracker.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.iloe.tracker.Fixtures;
import fr.iloe.tracker.Http;
import fr.iloe.tracker.MutableClock;
import fr.iloe.tracker.TestEnv;
import fr.iloe.tracker.api.Api;
import fr.iloe.tracker.app.Tracker;
import fr.iloe.tracker.domain.Role;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Roles and scopes: every route against every role, tokens revoked and expired, the audit log")
class PermissionsTest {
  private static MutableClock clock;
  private static Tracker tracker;
  private static Http admin;
  private static final Map<Role, String> TOKENS = new EnumMap<>(Role.class);
  private static String otherSiteOperator;
  /** The year of the seeded ticket, in Paris: the period the figures are read for. */
  private static String year;

  @BeforeAll
  static void start() {
    clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    tracker = TestEnv.start(Map.of("REFERENCE_FILE", TestEnv.demoReference().toString(), "RATE_LIMIT_PER_SECOND", "0"),
        clock);
    admin = new Http(tracker.httpPort(), TestEnv.TOKEN);
    assertEquals(200, admin.put("/api/v1/reference", new JsonObject("""
        {"sites": [{"id": "lyon-sud", "name": "Lyon Sud (test)", "weighbridges": [{"id": "wb1", "divisionKg": 20, "maxKg": 60000}]}]}
        """)).statusCode());
    TOKENS.put(Role.OPERATOR, token(new JsonObject().put("name", "terminal SP").put("role", "operator")
        .put("sites", new JsonArray().add("saint-priest"))));
    TOKENS.put(Role.MEMBER, token(new JsonObject().put("name", "p03 viewer").put("role", "member").put("partner", "p03")));
    TOKENS.put(Role.AUDITOR, token(new JsonObject().put("name", "Métropole audit").put("role", "auditor")));
    TOKENS.put(Role.ADMIN, token(new JsonObject().put("name", "second admin").put("role", "admin")));
    otherSiteOperator = token(new JsonObject().put("name", "terminal LS").put("role", "operator")
        .put("sites", new JsonArray().add("lyon-sud")));
    Instant at = clock.instant().minusSeconds(3600);
    year = String.valueOf(java.time.LocalDate.ofInstant(at.plusSeconds(600), fr.iloe.tracker.domain.Period.ZONE).getYear());
    assertEquals(201, admin.post("/api/v1/passes", Fixtures.firstIn("perm-1a", "PERM-1", 18460, at)).statusCode());
    assertEquals(201, admin.post("/api/v1/passes", Fixtures.second("perm-1b", "PERM-1", 11220, at.plusSeconds(600)))
        .statusCode());
  }

  @AfterAll
  static void stop() {
    admin.close();
    TestEnv.stop(tracker);
  }

  private static String token(JsonObject body) {
    HttpResponse<Buffer> r = admin.post("/api/v1/tokens", body);
    assertEquals(201, r.statusCode(), r.bodyAsString());
    assertEquals("no-store", r.getHeader("Cache-Control"));
    return r.bodyAsJsonObject().getString("token");
  }

  /**
   * The status of a request each route can take: path parameters filled, a small body for writes; the event
   * stream, which does not end, is read up to its status and closed.
   */
  private static int call(Api.Permission p, String token) {
    if (p.path().equals("/api/v1/events")) {
      try (fr.iloe.tracker.EventStream s = fr.iloe.tracker.EventStream.open(tracker.httpPort(), token)) {
        return s.status();
      }
    }
    String path = p.path().replace(":site", "saint-priest").replace(":ticket", "PERM-1").replace(":id", "cp-001");
    if (path.startsWith("/api/v1/tokens/")) {
      path = "/api/v1/tokens/tok_000000000000";
    }
    String query = switch (path) {
      case "/api/v1/tonnages", "/api/v1/valorisation", "/api/v1/mass-balance", "/api/v1/points/weighed" -> "?period=" + year + "&site=saint-priest";
      case "/api/v1/points/cp-001/readings" -> "?period=" + year;
      case "/api/v1/vehicles-on-site", "/api/v1/quarantine", "/api/v1/points", "/api/v1/stock" -> "?site=saint-priest";
      default -> "";
    };
    Buffer body = p.method() == HttpMethod.GET || p.method() == HttpMethod.DELETE ? null : Buffer.buffer("{}");
    try (Http http = new Http(tracker.httpPort(), token)) {
      return http.send(p.method(), path + query, body, token).statusCode();
    }
  }

  @Test
  @DisplayName("each route answers each role as its table says: allowed, 403 for other roles, 401 without a token")
  void matrix() {
    List<Api.Permission> permissions = tracker.permissions();
    assertTrue(permissions.size() >= 24, permissions.toString());
    assertTrue(permissions.stream().anyMatch(p -> p.path().equals("/api/v1/events") && p.roles().size() == 4),
        "the event stream is a route of the matrix, open to every role: " + permissions);
    List<String> wrong = new ArrayList<>();
    for (Api.Permission p : permissions) {
      int anonymous = call(p, null);
      if (anonymous != 401) {
        wrong.add(p + " without a token: " + anonymous);
      }
      for (Role role : Role.values()) {
        int status = call(p, TOKENS.get(role));
        boolean allowed = p.roles().contains(role);
        if (allowed && (status == 401 || status == 403)) {
          wrong.add(p.method() + " " + p.path() + " as " + role + ": " + status + " (allowed)");
        }
        if (!allowed && status != 403) {
          wrong.add(p.method() + " " + p.path() + " as " + role + ": " + status + " (expected 403)");
        }
      }
    }
    assertEquals(List.of(), wrong);
  }

  @Test
  @DisplayName("an operator acts on its own sites only: another site's pass is a 403 and nothing is stored")
  void operatorScope() {
    long before = Fixtures.count(tracker.pool(), "SELECT count(*) FROM pass");
    try (Http other = new Http(tracker.httpPort(), otherSiteOperator)) {
      HttpResponse<Buffer> r = other.post("/api/v1/passes", Fixtures.firstIn("scope-1", "SCOPE-1", 18000,
          clock.instant().minusSeconds(60)));
      assertEquals(403, r.statusCode());
      assertEquals("application/problem+json", r.getHeader("Content-Type"));
      assertEquals(403, other.get("/api/v1/tickets/saint-priest/PERM-1").statusCode());
      assertEquals(403, other.get("/api/v1/tonnages?period=" + year + "&site=saint-priest").statusCode());
      assertEquals(200, other.get("/api/v1/tonnages?period=" + year).statusCode()); // its own site, implied
      assertEquals(0, other.get("/api/v1/tickets").bodyAsJsonObject().getJsonArray("items").size());
    }
    try (Http own = new Http(tracker.httpPort(), TOKENS.get(Role.OPERATOR))) {
      assertEquals(201, own.post("/api/v1/passes", Fixtures.firstIn("scope-2", "SCOPE-2", 18000,
          clock.instant().minusSeconds(60))).statusCode());
    }
    assertEquals(before + 1, Fixtures.count(tracker.pool(), "SELECT count(*) FROM pass"));
  }

  @Test
  @DisplayName("a member reads its partner's figures and the cooperative's totals, not another partner's")
  void memberScope() {
    try (Http member = new Http(tracker.httpPort(), TOKENS.get(Role.MEMBER))) {
      JsonArray rows = member.get("/api/v1/tonnages?period=" + year + "&groupBy=partner,activity").bodyAsJsonObject()
          .getJsonArray("rows");
      assertFalse(rows.isEmpty(), "p03 sorts PERM-1: it has figures");
      assertTrue(rows.stream().allMatch(r -> ((JsonObject) r).getString("partner").equals("p03")), rows.encode());
      assertEquals(403, member.get("/api/v1/tonnages?period=" + year + "&partner=p04").statusCode());
      assertEquals(200, member.get("/api/v1/tonnages?period=" + year + "&groupBy=direction").statusCode());
      assertEquals(200, member.get("/api/v1/tickets/saint-priest/PERM-1").statusCode()); // p03 sorts it
      assertEquals(200, admin.put("/api/v1/reference", new JsonObject().put("partners", new JsonArray())).statusCode());
      try (Http p01 = new Http(tracker.httpPort(), token(new JsonObject().put("name", "p07").put("role", "member")
          .put("partner", "p07")))) {
        assertEquals(403, p01.get("/api/v1/tickets/saint-priest/PERM-1").statusCode());
        assertEquals(0, p01.get("/api/v1/tickets").bodyAsJsonObject().getJsonArray("items").size());
      }
    }
  }

  @Test
  @DisplayName("a revoked token is refused at once; an expired one once its time has passed")
  void revokedAndExpired() {
    HttpResponse<Buffer> created = admin.post("/api/v1/tokens", new JsonObject().put("name", "temp").put("role", "auditor")
        .put("expiresAt", clock.instant().plus(Duration.ofHours(1)).toString()));
    String token = created.bodyAsJsonObject().getString("token");
    String id = created.bodyAsJsonObject().getString("id");
    try (Http t = new Http(tracker.httpPort(), token)) {
      assertEquals(200, t.get("/api/v1/reference").statusCode());
      clock.advance(Duration.ofHours(2));
      assertEquals(401, t.get("/api/v1/reference").statusCode());
    }
    String kept = token(new JsonObject().put("name", "to revoke").put("role", "auditor"));
    String keptId = admin.get("/api/v1/tokens").bodyAsJsonObject().getJsonArray("items").stream().map(o -> (JsonObject) o)
        .filter(o -> o.getString("name").equals("to revoke")).findFirst().orElseThrow().getString("id");
    try (Http t = new Http(tracker.httpPort(), kept)) {
      assertEquals(200, t.get("/api/v1/reference").statusCode());
      assertEquals(204, admin.send(HttpMethod.DELETE, "/api/v1/tokens/" + keptId, null, TestEnv.TOKEN).statusCode());
      assertEquals(401, t.get("/api/v1/reference").statusCode());
      assertEquals(404, admin.send(HttpMethod.DELETE, "/api/v1/tokens/" + keptId, null, TestEnv.TOKEN).statusCode());
    }
    JsonObject listed = admin.get("/api/v1/tokens").bodyAsJsonObject().getJsonArray("items").stream().map(o -> (JsonObject) o)
        .filter(o -> o.getString("id").equals(id)).findFirst().orElseThrow();
    assertNull(listed.getValue("token"));
    assertEquals(1L, Fixtures.count(tracker.pool(), "SELECT count(*) FROM api_token WHERE id = '" + keptId
        + "' AND revoked_at IS NOT NULL"));
  }

  @Test
  @DisplayName("bad token requests name the field and create nothing")
  void badTokens() {
    long before = Fixtures.count(tracker.pool(), "SELECT count(*) FROM api_token");
    HttpResponse<Buffer> r = admin.post("/api/v1/tokens", new JsonObject().put("name", "x").put("role", "operator")
        .put("partner", "p01"));
    assertEquals(422, r.statusCode());
    List<String> fields = r.bodyAsJsonObject().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field"))
        .toList();
    assertEquals(List.of("sites", "partner"), fields);
    assertEquals(422, admin.post("/api/v1/tokens", new JsonObject().put("name", "x").put("role", "emperor")).statusCode());
    assertEquals(422, admin.post("/api/v1/tokens", new JsonObject().put("name", "x").put("role", "member")
        .put("partner", "p99")).statusCode());
    assertEquals(before, Fixtures.count(tracker.pool(), "SELECT count(*) FROM api_token"));
  }

  @Test
  @DisplayName("every write through the API is in the audit log with who, what, when, from where and how it ended")
  void auditLog() {
    try (Http operator = new Http(tracker.httpPort(), TOKENS.get(Role.OPERATOR))) {
      operator.post("/api/v1/readings", new JsonObject().put("key", "audit-r1").put("site", "saint-priest")
          .put("point", "cp-001").put("at", clock.instant().minusSeconds(30).toString()).put("kind", "fill")
          .put("fillPercent", 30));
    }
    try (Http auditor = new Http(tracker.httpPort(), TOKENS.get(Role.AUDITOR))) {
      fr.iloe.tracker.Await.until("the audit entry", Duration.ofSeconds(10), () -> auditor.get("/api/v1/audit/log")
          .bodyAsJsonObject().getJsonArray("items").stream().map(o -> (JsonObject) o)
          .anyMatch(e -> e.getString("path").equals("/api/v1/readings")));
      JsonObject entry = auditor.get("/api/v1/audit/log").bodyAsJsonObject().getJsonArray("items").stream()
          .map(o -> (JsonObject) o).filter(e -> e.getString("path").equals("/api/v1/readings")).findFirst().orElseThrow();
      assertEquals("terminal SP", entry.getString("principal"));
      assertEquals("OPERATOR", entry.getString("role"));
      assertEquals("POST", entry.getString("method"));
      assertEquals(201, entry.getInteger("status"));
      assertEquals("127.0.0.1", entry.getString("remote"));
      assertNotEquals(null, entry.getString("tokenId"));
      assertEquals(403, auditor.send(HttpMethod.PUT, "/api/v1/reference", Buffer.buffer("{}"), TOKENS.get(Role.AUDITOR))
          .statusCode());
    }
  }

  @Test
  @DisplayName("answers carry the secure headers; CORS is off unless configured")
  void headers() {
    HttpResponse<Buffer> r = admin.get("/api/v1/reference");
    assertEquals("nosniff", r.getHeader("X-Content-Type-Options"));
    assertEquals("DENY", r.getHeader("X-Frame-Options"));
    assertEquals("no-store", r.getHeader("Cache-Control"));
    assertNull(r.getHeader("Access-Control-Allow-Origin"));
  }
}
