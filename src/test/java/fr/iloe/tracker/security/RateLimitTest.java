package fr.iloe.tracker.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.iloe.tracker.Http;
import fr.iloe.tracker.MutableClock;
import fr.iloe.tracker.TestEnv;
import fr.iloe.tracker.app.Tracker;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Each token has a rate limit, answered with 429 and Retry-After")
class RateLimitTest {
  @Test
  @DisplayName("at 2 requests a second, the fifth request of a burst is refused; a second later one more passes")
  void limited() {
    MutableClock clock = new MutableClock(Instant.now());
    Tracker t = TestEnv.start(Map.of("RATE_LIMIT_PER_SECOND", "2"), clock);
    try (Http http = new Http(t.httpPort(), TestEnv.TOKEN)) {
      for (int i = 0; i < 4; i++) {
        assertEquals(200, http.get("/api/v1/reference").statusCode());
      }
      HttpResponse<Buffer> refused = http.get("/api/v1/reference");
      assertEquals(429, refused.statusCode());
      assertEquals("application/problem+json", refused.getHeader("Content-Type"));
      assertTrue(Integer.parseInt(refused.getHeader("Retry-After")) >= 1);
      clock.advance(Duration.ofMillis(500));
      assertEquals(200, http.get("/api/v1/reference").statusCode());
      assertEquals(429, http.get("/api/v1/reference").statusCode());
    } finally {
      TestEnv.stop(t);
    }
  }
}
