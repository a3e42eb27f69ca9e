package fr.iloe.tracker.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.iloe.tracker.Await;
import fr.iloe.tracker.Fixtures;
import fr.iloe.tracker.TestEnv;
import fr.iloe.tracker.app.Tracker;
import fr.iloe.tracker.domain.Period;
import fr.iloe.tracker.ingest.ReferenceJson;
import fr.iloe.tracker.ingest.StrictJson;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The simulator: a day of traffic sent over MQTT and HTTP, and the tracker showing exactly what it expects")
class SimulatorTest {
  @Test
  @DisplayName("the same seed gives the same scenario; a different run prefix gives other keys")
  void reproducible() throws Exception {
    var ref = ReferenceJson.read(StrictJson.parseObject(Files.readAllBytes(TestEnv.demoReference())));
    LocalDate day = LocalDate.now(Period.ZONE).minusDays(1);
    Scenario a = Scenario.generate(7, "r1", ref, "saint-priest", day, 50);
    Scenario b = Scenario.generate(7, "r1", ref, "saint-priest", day, 50);
    assertEquals(a.expectation(), b.expectation());
    assertEquals(a.messages().stream().map(Scenario.Message::payloadText).toList(),
        b.messages().stream().map(Scenario.Message::payloadText).toList());
    Scenario c = Scenario.generate(7, "r2", ref, "saint-priest", day, 50);
    assertTrue(c.messages().get(0).key().startsWith("r2"));
  }

  @Test
  @DisplayName("passes over MQTT, readings over HTTP: every valid message stored once, the malformed ones quarantined,"
      + " and the day's figures equal to the expectation")
  void endToEnd() throws Exception {
    Tracker t = TestEnv.start(TestEnv.mqtt(Map.of("REFERENCE_FILE", TestEnv.demoReference().toString())));
    try {
      Await.until("subscribed", Duration.ofSeconds(30), () -> t.mqtt().connected());
      var ref = ReferenceJson.read(StrictJson.parseObject(Files.readAllBytes(TestEnv.demoReference())));
      Scenario s = Scenario.generate(11, "sim", ref, "saint-priest", LocalDate.now(Period.ZONE).minusDays(1), 120);
      Simulator sim = new Simulator(new Simulator.Target(t.mqttUrl(), null, null, "http://127.0.0.1:" + t.httpPort(),
          TestEnv.TOKEN), new PrintStream(java.io.OutputStream.nullOutputStream()));
      Simulator.Sent sent = sim.send(s, "both", 0);
      assertEquals(0, sent.failed());
      Await.equal("passes stored", (long) s.expectation().passes(), Duration.ofSeconds(60),
          () -> Fixtures.count(t.pool(), "SELECT count(*) FROM pass WHERE key LIKE 'sim-%'"));
      Await.equal("readings stored", (long) s.expectation().readings(), Duration.ofSeconds(60),
          () -> Fixtures.count(t.pool(), "SELECT count(*) FROM reading WHERE key LIKE 'sim-%'"));
      Await.equal("malformed quarantined", (long) s.expectation().malformed(), Duration.ofSeconds(60),
          () -> Fixtures.count(t.pool(), "SELECT count(*) FROM quarantine"));
      Simulator.Check check = sim.check(s.expectation());
      assertTrue(check.ok(), check.differences().toString());
      assertTrue(s.expectation().tickets() > 100);
    } finally {
      TestEnv.stop(t);
    }
  }
}
