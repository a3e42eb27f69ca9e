package fr.iloe.tracker.points;

import static org.junit.jupiter.api.Assertions.assertEquals;

import fr.iloe.tracker.Fixtures;
import fr.iloe.tracker.TestEnv;
import fr.iloe.tracker.app.Tracker;
import fr.iloe.tracker.domain.Channel;
import fr.iloe.tracker.domain.Reading;
import fr.iloe.tracker.store.ReadingStore;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.time.Duration;
import fr.iloe.tracker.EventStream;
import fr.iloe.tracker.Http;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A group commit of many readings notifies them in payloads PostgreSQL accepts (under 8,000 bytes)")
class ReadingBurstTest {
  @Test
  @DisplayName("a batch of 500 readings (INGEST_BATCH_MAX) commits, and every instance hears of each point")
  void fullBatch() {
    Tracker tracker = TestEnv.start(Map.of("REFERENCE_FILE", TestEnv.demoReference().toString()));
    try {
      Instant at = Fixtures.recent();
      List<ReadingStore.Submission> batch = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        batch.add(new ReadingStore.Submission(new Reading("burst-" + i, "saint-priest", "cp-00" + (1 + i % 8),
            at.plusSeconds(i), Reading.Kind.FILL, BigDecimal.valueOf(i % 100), null, null, null, null), Channel.MQTT, at));
      }
      try (EventStream events = EventStream.open(tracker.httpPort(), TestEnv.TOKEN)) {
        events.next(Duration.ofSeconds(10));
        List<ReadingStore.Recorded> recorded = new ReadingStore(tracker.pool()).record(batch).await();
        assertEquals(500, recorded.stream().filter(r -> r.outcome() == ReadingStore.Outcome.STORED).count());
        assertEquals(500L, Fixtures.count(tracker.pool(), "SELECT count(*) FROM reading"));
        // the notifications came through (before, a payload over the limit was replaced by an empty one)
        Set<String> heard = new TreeSet<>();
        while (heard.size() < 8) {
          events.await(e -> e.type().equals("points"), Duration.ofSeconds(10)).data().getJsonArray("points")
              .forEach(p -> heard.add((String) p));
        }
        // and the live points moved to the batch's last fill of each point (cp-008: reading 495, 95 %)
        JsonObject cp8 = new Http(tracker.httpPort(), TestEnv.TOKEN).get("/api/v1/points?site=saint-priest").bodyAsJsonObject()
            .getJsonArray("items").stream().map(JsonObject.class::cast).filter(p -> p.getString("id").equals("cp-008"))
            .findFirst().orElseThrow();
        assertEquals(0, new BigDecimal("95").compareTo(new BigDecimal(cp8.getValue("fillPercent").toString())), cp8.encode());
      }
    } finally {
      TestEnv.stop(tracker);
    }
  }
}
