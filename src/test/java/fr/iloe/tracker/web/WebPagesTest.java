package fr.iloe.tracker.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.iloe.tracker.Http;
import fr.iloe.tracker.TestEnv;
import fr.iloe.tracker.app.Tracker;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Web pages served by the tracker (no browser): files, headers, the JSON index, who a token is")
class WebPagesTest {
  private static Tracker tracker;
  private static io.vertx.core.Vertx vertx;
  private static WebClient client;

  @BeforeAll
  static void start() {
    tracker = TestEnv.start(Map.of("REFERENCE_FILE", TestEnv.demoReference().toString()));
    vertx = io.vertx.core.Vertx.vertx();
    client = WebClient.create(vertx, new io.vertx.ext.web.client.WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(tracker.httpPort()));
  }

  @AfterAll
  static void stop() {
    client.close();
    vertx.close().await();
    TestEnv.stop(tracker);
  }

  private static HttpResponse<Buffer> get(String path, MultiMap headers) {
    return client.get(path).putHeaders(headers).send().await();
  }

  @Test
  @DisplayName("/ is the HTML page with a strict Content-Security-Policy, nosniff and a revalidated cache")
  void index() {
    HttpResponse<Buffer> r = get("/", MultiMap.caseInsensitiveMultiMap().add("Accept", "text/html,*/*"));
    assertEquals(200, r.statusCode());
    assertTrue(r.getHeader("Content-Type").startsWith("text/html"), r.getHeader("Content-Type"));
    String csp = r.getHeader("Content-Security-Policy");
    assertTrue(csp.contains("script-src 'self'") && csp.contains("style-src 'self'") && !csp.contains("unsafe-inline"), csp);
    assertEquals("nosniff", r.getHeader("X-Content-Type-Options"));
    assertEquals("DENY", r.getHeader("X-Frame-Options"));
    assertTrue(r.getHeader("Cache-Control").contains("max-age=0"), r.getHeader("Cache-Control"));
    String html = r.bodyAsString();
    assertTrue(html.contains("<html lang=\"fr\">"));
    assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>").matcher(html).find(), "no inline script");
    assertFalse(html.contains("style=\""), "no inline style");
    assertFalse(Pattern.compile("\\son[a-z]+=\"").matcher(html).find(), "no inline event handler");
  }

  @Test
  @DisplayName("every file the page links is served with its type")
  void assets() {
    for (String[] f : new String[][] {{"/app.css", "text/css"}, {"/js/app.js", "javascript"}, {"/js/live.js", "javascript"},
        {"/favicon.svg", "image/svg+xml"}}) {
      HttpResponse<Buffer> r = get(f[0], MultiMap.caseInsensitiveMultiMap());
      assertEquals(200, r.statusCode(), f[0]);
      assertTrue(r.getHeader("Content-Type").contains(f[1]), f[0] + ": " + r.getHeader("Content-Type"));
    }
    assertEquals(404, get("/nothing-here.js", MultiMap.caseInsensitiveMultiMap()).statusCode());
  }

  @Test
  @DisplayName("every module the scripts import exists (no build step: what is in web/ is what runs)")
  void imports() throws Exception {
    Path js = Path.of("src/main/resources/web/js");
    Pattern from = Pattern.compile("from '\\./([a-z0-9]+\\.js)'");
    try (var files = Files.list(js)) {
      for (Path f : files.toList()) {
        Matcher m = from.matcher(Files.readString(f));
        while (m.find()) {
          assertTrue(Files.isRegularFile(js.resolve(m.group(1))), f + " imports " + m.group(1));
        }
      }
    }
  }

  @Test
  @DisplayName("the JSON index moved to /api, and / still answers it to a client that asks for JSON")
  void jsonIndex() {
    JsonObject atApi = get("/api", MultiMap.caseInsensitiveMultiMap()).bodyAsJsonObject();
    assertEquals("/api/v1", atApi.getString("api"));
    assertEquals("/", atApi.getString("pages"));
    HttpResponse<Buffer> root = get("/", MultiMap.caseInsensitiveMultiMap().add("Accept", "application/json"));
    assertEquals(atApi, root.bodyAsJsonObject());
    assertEquals("default-src 'none'; frame-ancestors 'none'", get("/api", MultiMap.caseInsensitiveMultiMap())
        .getHeader("Content-Security-Policy"));
  }

  @Test
  @DisplayName("GET /api/v1/me names the token's role and scope; without a token, 401")
  void me() {
    try (Http admin = new Http(tracker.httpPort(), TestEnv.TOKEN)) {
      assertEquals("admin", admin.get("/api/v1/me").bodyAsJsonObject().getString("role"));
      String token = admin.post("/api/v1/tokens", new JsonObject().put("name", "SP").put("role", "operator")
          .put("sites", new JsonArray().add("saint-priest"))).bodyAsJsonObject().getString("token");
      try (Http op = new Http(tracker.httpPort(), token)) {
        JsonObject me = op.get("/api/v1/me").bodyAsJsonObject();
        assertEquals("operator", me.getString("role"));
        assertEquals(new JsonArray().add("saint-priest"), me.getJsonArray("sites"));
        assertNotNull(me.getString("tokenId"));
      }
      assertEquals(401, admin.send(io.vertx.core.http.HttpMethod.GET, "/api/v1/me", null, null).statusCode());
    }
  }
}
