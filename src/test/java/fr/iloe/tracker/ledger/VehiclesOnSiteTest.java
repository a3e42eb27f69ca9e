package fr.iloe.tracker.ledger;

import static fr.iloe.tracker.Fixtures.firstIn;
import static fr.iloe.tracker.Fixtures.second;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.iloe.tracker.Await;
import fr.iloe.tracker.Http;
import fr.iloe.tracker.TestEnv;
import fr.iloe.tracker.app.Tracker;
import fr.iloe.tracker.live.LiveBridges;
import io.micrometer.core.instrument.Gauge;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The vehicles-on-site gauge follows every instance's tickets through their notifications: there is no periodic
 * read of the tickets any more, so what another instance stores can only reach this one's gauge that way, or by
 * the full read after the listening connection comes back.
 */
@DisplayName("Vehicles on site: every instance's gauge follows every instance's passes, and re-reads after a cut")
class VehiclesOnSiteTest {
  private static final Duration SOON = Duration.ofSeconds(3);
  private static final String SITE = "saint-priest";

  private static double vehicles(Tracker t) {
    Gauge g = t.registry().find(LiveBridges.VEHICLES).tags("site", SITE).gauge();
    return g == null ? Double.NaN : g.value();
  }

  /** What {@code GET /vehicles-on-site} lists, the definition the gauge must agree with. */
  private static double listed(Http http) {
    return http.get("/api/v1/vehicles-on-site?site=" + SITE).bodyAsJsonObject().getJsonArray("vehicles").size();
  }

  @Test
  @DisplayName("passes stored on one instance move the other's gauge, in and out, as GET /vehicles-on-site lists")
  void twoInstances() {
    Instant at = Instant.now().minusSeconds(120);
    try (TestEnv.Instances two = TestEnv.twoInstances(); Http ha = new Http(two.a().httpPort(), TestEnv.TOKEN);
         Http hb = new Http(two.b().httpPort(), TestEnv.TOKEN)) {
      Tracker a = two.a();
      Tracker b = two.b();
      Await.equal("vehicles on B at start", 0.0, SOON, () -> vehicles(b));
      assertEquals(201, ha.post("/api/v1/passes", firstIn("v-1a", "V-1", 18000, at)).statusCode());
      assertEquals(201, ha.post("/api/v1/passes", firstIn("v-2a", "V-2", 18000, at)).statusCode());
      assertEquals(201, ha.post("/api/v1/passes", firstIn("v-3a", "V-3", 18000, at)).statusCode());
      Await.equal("vehicles on B after three first passes on A", 3.0, SOON, () -> vehicles(b));
      assertEquals(201, hb.post("/api/v1/passes", second("v-1b", "V-1", 10000, at.plusSeconds(60))).statusCode());
      Await.equal("vehicles on A after a second pass on B", 2.0, SOON, () -> vehicles(a));
      Await.equal("vehicles on B after its own second pass", 2.0, SOON, () -> vehicles(b));
      assertEquals(listed(ha), vehicles(a), "the gauge and GET /vehicles-on-site disagree");
      // a duplicate changes nothing
      assertEquals(200, hb.post("/api/v1/passes", firstIn("v-2a", "V-2", 18000, at)).statusCode());
      assertEquals(201, hb.post("/api/v1/passes", firstIn("v-4a", "V-4", 18000, at)).statusCode());
      Await.equal("vehicles on A", 3.0, SOON, () -> vehicles(a));
      Await.equal("vehicles on B after its own first pass", 3.0, SOON, () -> vehicles(b));
    }
  }

  @Test
  @DisplayName("the listening connection cut: what was stored meanwhile is read again in full, then notifications follow")
  void listenerCut() {
    Instant at = Instant.now().minusSeconds(120);
    try (TestEnv.Instances two = TestEnv.twoInstances(); Http ha = new Http(two.a().httpPort(), TestEnv.TOKEN)) {
      Tracker b = two.b();
      ha.post("/api/v1/passes", firstIn("c-1a", "C-1", 18000, at));
      Await.equal("vehicles on B", 1.0, SOON, () -> vehicles(b));
      Long cut = TestEnv.sql(TestEnv.databaseUrl(), "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
          + " WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()");
      assertTrue(cut >= 2, "listening connections cut: " + cut);
      // sent while B's listener is down: its notification is lost, B's re-read after resubscribing finds it
      ha.post("/api/v1/passes", second("c-1b", "C-1", 10000, at.plusSeconds(60)));
      ha.post("/api/v1/passes", firstIn("c-2a", "C-2", 18000, at));
      ha.post("/api/v1/passes", firstIn("c-3a", "C-3", 18000, at));
      Await.equal("vehicles on B after the cut", 2.0, Duration.ofSeconds(10), () -> vehicles(b));
      ha.post("/api/v1/passes", second("c-2b", "C-2", 10000, at.plusSeconds(60)));
      Await.equal("vehicles on B, notified again", 1.0, SOON, () -> vehicles(b));
    }
  }
}
