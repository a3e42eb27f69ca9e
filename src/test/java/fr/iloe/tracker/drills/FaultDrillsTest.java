package fr.iloe.tracker.drills;

import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.iloe.tracker.TcpProxy;
import fr.iloe.tracker.TestEnv;
import fr.iloe.tracker.app.EmbeddedDatabase;
import fr.iloe.tracker.sim.Scenario;
import fr.iloe.tracker.sim.Simulator;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fault drills (issue 9): traffic from the simulator over MQTT, a fault in the middle of it, then the count.
 * Each ends with lost = 0, duplicated = 0, a consistent ledger and the day's figures equal to the simulator's
 * expectation. Run with {@code make drills} (they take a few minutes); results in target/drills/results.md.
 */
@Tag("drill")
@Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
@DisplayName("Fault drills: nothing lost, nothing counted twice")
class FaultDrillsTest {
  private static final int TRUCKS = 400;
  private static final int RATE = 150;

  @BeforeEach
  void needsMosquitto() {
    fr.iloe.tracker.TestEnv.requireTool(Drill.mosquittoInstalled(), "the drills run this machine's Mosquitto");
  }

  @Test
  @DisplayName("the broker restarted mid-stream")
  void brokerRestart() throws Exception {
    try (Drill d = new Drill("broker")) {
      d.startBroker();
      Drill.Tracker t = d.startTracker("drill-broker", TestEnv.databaseUrl(), Map.of());
      Scenario s = d.scenario("brk", TRUCKS);
      Simulator sim = d.simulator(t);
      CompletableFuture<Simulator.Sent> sending = d.sendInBackground(sim, s, RATE);
      Thread.sleep(3_000);
      d.stopBroker();
      Thread.sleep(2_000);
      d.startBroker();
      sending.get();
      assertTrue(d.verdict("broker restarted mid-stream", s, sim).clean());
    }
  }

  @Test
  @DisplayName("PostgreSQL restarted mid-stream")
  void postgresRestart() throws Exception {
    try (Drill d = new Drill("postgres")) {
      d.startBroker();
      int port = TestEnv.freePort();
      java.nio.file.Path data = java.nio.file.Files.createTempDirectory("drill-pg");
      EmbeddedDatabase pg = EmbeddedDatabase.start(data, port);
      String url = pg.url();
      Drill.Tracker t = d.startTracker("drill-pg", url, Map.of("DATABASE_SCHEMA", "public"));
      Scenario s = d.scenario("pgr", TRUCKS);
      Simulator sim = d.simulator(t);
      CompletableFuture<Simulator.Sent> sending = d.sendInBackground(sim, s, RATE);
      Thread.sleep(3_000);
      pg.close();
      Thread.sleep(5_000);
      pg = EmbeddedDatabase.start(data, port);
      sending.get();
      Drill.Verdict v = d.verdict("PostgreSQL restarted mid-stream", s, sim, url, "public");
      t.kill();
      pg.close();
      assertTrue(v.clean(), v.line());
    }
  }

  @Test
  @DisplayName("the tracker killed with SIGKILL mid-stream, then started again")
  void trackerKilled() throws Exception {
    try (Drill d = new Drill("kill")) {
      d.startBroker();
      Drill.Tracker t = d.startTracker("drill-kill", TestEnv.databaseUrl(), Map.of());
      Scenario s = d.scenario("kil", TRUCKS);
      Simulator sim = d.simulator(t);
      CompletableFuture<Simulator.Sent> sending = d.sendInBackground(sim, s, RATE);
      Thread.sleep(3_000);
      t.kill();
      Thread.sleep(2_000);
      Drill.Tracker again = d.startTracker("drill-kill", TestEnv.databaseUrl(), Map.of());
      sending.get();
      assertTrue(d.verdict("tracker killed (SIGKILL) and restarted", s, d.simulator(again)).clean());
    }
  }

  @Test
  @DisplayName("two trackers sharing the load, one of them killed mid-stream")
  void twoInstancesOneKilled() throws Exception {
    try (Drill d = new Drill("pair")) {
      d.startBroker();
      Map<String, String> shared = Map.of("MQTT_SHARE_GROUP", "drill");
      Drill.Tracker a = d.startTracker("drill-a", TestEnv.databaseUrl(), shared);
      Drill.Tracker b = d.startTracker("drill-b", TestEnv.databaseUrl(), shared);
      Scenario s = d.scenario("two", TRUCKS);
      Simulator sim = d.simulator(a);
      CompletableFuture<Simulator.Sent> sending = d.sendInBackground(sim, s, RATE);
      Thread.sleep(3_000);
      b.kill();
      sending.get();
      // b's session keeps what it had not acknowledged: it is delivered when b comes back
      d.startTracker("drill-b", TestEnv.databaseUrl(), shared);
      assertTrue(d.verdict("two instances, one killed", s, sim).clean());
    }
  }

  @Test
  @DisplayName("the network to the database cut for 30 seconds")
  void networkCut() throws Exception {
    URI db = URI.create(TestEnv.databaseUrl());
    try (Drill d = new Drill("cut"); TcpProxy proxy = new TcpProxy(db.getHost(), db.getPort())) {
      d.startBroker();
      String viaProxy = TestEnv.databaseUrl().replace(":" + db.getPort() + "/", ":" + proxy.port() + "/");
      Drill.Tracker t = d.startTracker("drill-cut", viaProxy, Map.of());
      Scenario s = d.scenario("cut", TRUCKS);
      Simulator sim = d.simulator(t);
      CompletableFuture<Simulator.Sent> sending = d.sendInBackground(sim, s, RATE);
      Thread.sleep(3_000);
      proxy.cut();
      Thread.sleep(30_000);
      proxy.restore();
      sending.get();
      assertTrue(d.verdict("database network cut for 30 s", s, sim).clean());
    }
  }
}
