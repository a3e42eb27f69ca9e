package fr.iloe.tracker.app;

import static fr.iloe.tracker.Fixtures.firstIn;
import static fr.iloe.tracker.Fixtures.recent;
import static fr.iloe.tracker.Fixtures.second;
import static org.junit.jupiter.api.Assertions.assertEquals;

import fr.iloe.tracker.Http;
import fr.iloe.tracker.TestEnv;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("On embedded defaults, tickets survive a restart")
class RestartTest {
  @Test
  @DisplayName("a ticket written before a stop is read back after a start on the same data directory; "
      + "the unchanged reference file adds no new reference version")
  void survivesRestart() {
    Path data = TestEnv.tempDir("iloe-restart");
    Map<String, String> env = new HashMap<>(TestEnv.env(Map.of()));
    env.remove("DATABASE_URL");
    env.put("DATA_DIR", data.toString());
    env.put("DATABASE_SCHEMA", "public");
    env.put("REFERENCE_FILE", TestEnv.demoReference().toString());
    Instant at = recent();

    Tracker first = Tracker.start(Config.fromEnv(env), Clock.systemUTC()).await();
    try (Http http = new Http(first.httpPort(), TestEnv.TOKEN)) {
      http.post("/api/v1/passes", firstIn("r-1", "R-1", 18460, at));
      assertEquals(201, http.post("/api/v1/passes", second("r-2", "R-1", 11220, at.plusSeconds(60))).statusCode());
    } finally {
      first.close().await();
    }

    Tracker again = Tracker.start(Config.fromEnv(env), Clock.systemUTC()).await();
    try (Http http = new Http(again.httpPort(), TestEnv.TOKEN)) {
      var ticket = http.get("/api/v1/tickets/saint-priest/R-1").bodyAsJsonObject();
      assertEquals(7240L, ticket.getLong("netKg"));
      assertEquals(1L, http.get("/api/v1/reference").bodyAsJsonObject().getLong("version"));
    } finally {
      again.close().await();
    }
  }
}
