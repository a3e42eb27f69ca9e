package fr.iloe.tracker.api;

import static fr.iloe.tracker.Fixtures.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.iloe.tracker.Http;
import fr.iloe.tracker.TestEnv;
import fr.iloe.tracker.app.Tracker;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;

@DisplayName("PUT and GET /api/v1/reference keep a versioned bundle that is always consistent")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReferenceApiTest {
  private static Tracker tracker;
  private static Http http;

  @BeforeAll
  static void start() {
    tracker = TestEnv.start(Map.of());
    http = new Http(tracker.httpPort(), TestEnv.TOKEN);
  }

  @AfterAll
  static void stop() {
    http.close();
    TestEnv.stop(tracker);
  }

  static JsonObject bundle() {
    return new JsonObject("""
        {"partners": [
           {"id": "c1", "name": "Carrier", "siret": "12345678901234", "roles": ["COLLECTION", "TRANSPORT"]},
           {"id": "s1", "name": "Sorter", "roles": ["SORTING"]}],
         "sites": [{"id": "site-a", "name": "A", "insee": "69290",
           "weighbridges": [{"id": "wb1", "divisionKg": 20, "maxKg": 60000}],
           "points": [{"id": "cp-1", "name": "P", "insee": "69259", "capacityL": 30000}]}],
         "storedTares": [{"plate": "AA-111-AA", "kg": 9000, "validUntil": "2027-01-01T00:00:00Z"}],
         "allocationRules": [{"id": "r1", "site": "site-a", "activity": "SORTING", "wasteCode": null,
           "validFrom": "2026-01-01", "validTo": null, "shares": [{"partner": "s1", "bp": 10000}]}]}
        """);
  }

  @Test
  @Order(1)
  @DisplayName("an empty tracker has an empty bundle at version 0")
  void emptyAtFirst() {
    JsonObject r = http.get("/api/v1/reference").bodyAsJsonObject();
    assertEquals(0L, r.getLong("version"));
    assertEquals(0, r.getJsonArray("partners").size());
  }

  @Test
  @Order(2)
  @DisplayName("a bundle is stored and read back as sent")
  void putThenGet() {
    var put = http.put("/api/v1/reference", bundle());
    assertEquals(200, put.statusCode(), put.bodyAsString());
    JsonObject read = http.get("/api/v1/reference").bodyAsJsonObject();
    assertEquals(1L, read.getLong("version"));
    assertEquals("12345678901234", read.getJsonArray("partners").getJsonObject(0).getString("siret"));
    assertEquals(60000L, read.getJsonArray("sites").getJsonObject(0).getJsonArray("weighbridges").getJsonObject(0).getLong("maxKg"));
    assertEquals("2027-01-01T00:00:00Z", read.getJsonArray("storedTares").getJsonObject(0).getString("validUntil"));
    assertEquals(10000, read.getJsonArray("allocationRules").getJsonObject(0).getJsonArray("shares").getJsonObject(0).getInteger("bp"));
  }

  @Test
  @Order(3)
  @DisplayName("a second bundle merges by id: items replaced or added, none removed")
  void merge() {
    JsonObject update = new JsonObject().put("partners", new JsonArray()
        .add(new JsonObject().put("id", "s1").put("name", "Sorter renamed").put("roles", new JsonArray().add("SORTING")))
        .add(new JsonObject().put("id", "t1").put("name", "Treater").put("roles", new JsonArray().add("TREATMENT"))));
    assertEquals(200, http.put("/api/v1/reference", update).statusCode());
    JsonObject read = http.get("/api/v1/reference").bodyAsJsonObject();
    assertEquals(2L, read.getLong("version"));
    List<String> names = read.getJsonArray("partners").stream().map(p -> ((JsonObject) p).getString("name")).toList();
    assertEquals(List.of("Carrier", "Sorter renamed", "Treater"), names);
    assertEquals(1, read.getJsonArray("sites").size());
  }

  @Test
  @Order(4)
  @DisplayName("an inconsistent bundle is a 422 naming each problem by path, and no version is stored")
  void inconsistent() {
    long before = count(tracker.pool(), "SELECT count(*) FROM reference_bundle");
    JsonObject bad = new JsonObject("""
        {"partners": [{"id": "x1", "siret": "123", "roles": ["SORTING"]}],
         "sites": [{"id": "site-b", "weighbridges": [{"id": "wb1", "divisionKg": 20, "maxKg": 60010}]}],
         "allocationRules": [{"id": "r2", "site": "site-b", "activity": "SORTING", "validFrom": "2026-01-01",
           "shares": [{"partner": "x1", "bp": 6000}, {"partner": "ghost", "bp": 3000}]}]}
        """);
    var r = http.put("/api/v1/reference", bad);
    assertEquals(422, r.statusCode(), r.bodyAsString());
    List<String> fields = r.bodyAsJsonObject().getJsonArray("errors").stream()
        .map(e -> ((JsonObject) e).getString("field")).toList();
    assertTrue(fields.containsAll(List.of("partners[x1].siret", "sites[site-b].weighbridges[wb1].maxKg",
        "allocationRules[r2].shares[1].partner", "allocationRules[r2].shares")), fields.toString());
    assertEquals(before, count(tracker.pool(), "SELECT count(*) FROM reference_bundle"));
  }

  @Test
  @Order(5)
  @DisplayName("mistyped fields are a 422 naming the field in the request")
  void mistyped() {
    var r = http.put("/api/v1/reference", new JsonObject("""
        {"sites": [{"id": "s", "weighbridges": [{"id": "wb1", "divisionKg": "20", "maxKg": 60000}]}],
         "partners": [{"id": "p", "roles": ["FLYING"]}]}"""));
    assertEquals(422, r.statusCode());
    List<String> fields = r.bodyAsJsonObject().getJsonArray("errors").stream()
        .map(e -> ((JsonObject) e).getString("field")).toList();
    assertEquals(List.of("partners[0].roles", "sites[0].weighbridges[0].divisionKg"), fields);
  }

  @Test
  @Order(6)
  @DisplayName("replace=true replaces the bundle whole")
  void replace() {
    var r = http.put("/api/v1/reference?replace=true", bundle());
    assertEquals(200, r.statusCode());
    assertEquals(2, http.get("/api/v1/reference").bodyAsJsonObject().getJsonArray("partners").size());
  }

  @Test
  @Order(7)
  @DisplayName("without a token the bundle can be neither read nor written")
  void needsToken() {
    assertEquals(401, http.send(HttpMethod.GET, "/api/v1/reference", null, null).statusCode());
    assertEquals(401, http.send(HttpMethod.PUT, "/api/v1/reference", Buffer.buffer(bundle().encode()), null).statusCode());
  }
}
