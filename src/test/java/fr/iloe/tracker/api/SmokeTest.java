package fr.iloe.tracker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import fr.iloe.tracker.Http;
import fr.iloe.tracker.TestEnv;
import fr.iloe.tracker.app.Tracker;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void startsAndAnswers() {
    Tracker t = TestEnv.start(Map.of("REFERENCE_FILE", TestEnv.demoReference().toString()));
    try (Http http = new Http(t.httpPort(), TestEnv.TOKEN)) {
      var r = http.post("/api/v1/passes", new JsonObject("""
          {"key":"k1","ticket":"T1","site":"saint-priest","bridge":"wb1","at":"2026-11-28T09:14:03+01:00","seq":"first",
           "weightKg":18460,"direction":"IN","plate":"AB-123-CD","carrier":"p01","wasteCode":"20 03 07"}"""));
      System.out.println(r.statusCode() + " " + r.bodyAsString());
      var r2 = http.post("/api/v1/passes", new JsonObject("""
          {"key":"k2","ticket":"T1","site":"saint-priest","bridge":"wb1","at":"2026-11-28T09:34:03+01:00","seq":"second",
           "weightKg":11220}"""));
      System.out.println(r2.statusCode() + " " + r2.bodyAsString());
      System.out.println(http.get("/api/v1/tickets/saint-priest/T1").bodyAsString());
      System.out.println(http.get("/api/v1/tickets?site=saint-priest").bodyAsString());
      System.out.println(http.get("/health/ready").bodyAsString());
      assertEquals(201, r2.statusCode());
      System.out.println(http.get("/metrics").bodyAsString().lines().filter(l -> l.startsWith("iloe")).toList());
    } finally {
      t.close().await();
    }
  }
}
