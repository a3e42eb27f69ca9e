package fr.iloe.tracker.api;

import static fr.iloe.tracker.Fixtures.firstIn;
import static fr.iloe.tracker.Fixtures.recent;
import static fr.iloe.tracker.Fixtures.second;
import static org.junit.jupiter.api.Assertions.assertEquals;

import fr.iloe.tracker.Http;
import fr.iloe.tracker.TestEnv;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Two instances on one database never derive a ticket from half of its passes")
class TwoInstancesTest {
  @Test
  @DisplayName("first passes on one instance and second passes on the other, all at once: every ticket closes right")
  void racingInstances() {
    try (TestEnv.Instances two = TestEnv.twoInstances(); Http ha = new Http(two.a().httpPort(), TestEnv.TOKEN);
         Http hb = new Http(two.b().httpPort(), TestEnv.TOKEN)) {
      String schema = two.schema();
      int tickets = 120;
      Instant at = recent();
      List<Future<?>> calls = new ArrayList<>();
      for (int i = 0; i < tickets; i++) {
        Buffer first = Buffer.buffer(firstIn("race-" + i + "a", "RACE-" + i, 18000, at).encode());
        Buffer second = Buffer.buffer(second("race-" + i + "b", "RACE-" + i, 10000, at.plusSeconds(60)).encode());
        calls.add(ha.request(HttpMethod.POST, "/api/v1/passes", first, TestEnv.TOKEN));
        calls.add(hb.request(HttpMethod.POST, "/api/v1/passes", second, TestEnv.TOKEN));
      }
      Future.all(calls).await();
      long created = calls.stream().filter(c -> ((io.vertx.ext.web.client.HttpResponse<?>) c.result()).statusCode() == 201)
          .count();
      assertEquals(2L * tickets, created);
      assertEquals((long) tickets, TestEnv.sql(TestEnv.databaseUrl(),
          "SELECT count(*) FROM " + schema + ".ticket_current WHERE status = 'CLOSED' AND net_kg = 8000"));
      assertEquals(0L, TestEnv.sql(TestEnv.databaseUrl(),
          "SELECT count(*) FROM " + schema + ".ticket_current WHERE status = 'OPEN'"));
    }
  }
}
