package fr.iloe.tracker.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import fr.iloe.tracker.Fixtures;
import fr.iloe.tracker.Http;
import fr.iloe.tracker.TestEnv;
import fr.iloe.tracker.app.Tracker;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A month with known answers: March 2026 at saint-priest, two IN and five OUT tickets, a sorting rule that
 * changes mid-month, then is corrected after the fact and reallocated, and a lot under R 13 resolved into
 * R 3 and R 1. Every figure is worked out by hand in the comments.
 */
@DisplayName("Ledger scenario: a month of tickets, a reallocation and a resolved R 13 lot, to the kilogram")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LedgerScenarioTest {
  private static Tracker tracker;
  private static Http http;

  @BeforeAll
  static void start() {
    tracker = TestEnv.start(Map.of("REFERENCE_FILE", TestEnv.demoReference().toString()));
    http = new Http(tracker.httpPort(), TestEnv.TOKEN);
    JsonObject rules = new JsonObject("""
        {"allocationRules": [
           {"id": "sorting-2026", "site": "saint-priest", "activity": "SORTING", "validFrom": "2026-01-01",
            "validTo": "2026-02-28", "shares": [{"partner": "p03", "bp": 10000}]},
           {"id": "sort-a", "site": "saint-priest", "activity": "SORTING", "validFrom": "2026-03-01", "validTo": "2026-03-15",
            "shares": [{"partner": "p03", "bp": 6000}, {"partner": "p04", "bp": 4000}]},
           {"id": "sort-b", "site": "saint-priest", "activity": "SORTING", "validFrom": "2026-03-16", "validTo": null,
            "shares": [{"partner": "p03", "bp": 3333}, {"partner": "p04", "bp": 3333}, {"partner": "p15", "bp": 3334}]}],
         "conventionParameters": [{"effectiveFrom": "2026-01-01", "siegStart": "2026-01-01", "targetDate": "2026-12-31",
            "baselineRate": 0.20, "targetRate": 0.80, "annualTargetKg": 3000000, "headline": "global", "basis": "outbound"}]}
        """);
    assertEquals(200, http.put("/api/v1/reference", rules).statusCode());

    // IN: T1 closes 5 March, net 7,240 (sort-a 60/40); T2 closes 20 March, net 1,000 (sort-b: 333/333/334)
    close("T1", in(18460), 11220, "2026-03-05T09:00:00Z");
    close("T2", in(12220), 11220, "2026-03-20T09:00:00Z");
    // OUT: wood R3 9,580; residue R1 5,000; residue D5 2,000; bulky R13 6,000 (pending); reuse R0 1,000
    close("O1", out("p06", "p06", "19 12 07", "R3", 12400), 21980, "2026-03-10T09:00:00Z");
    close("O2", out("p07", "p09", "19 12 12", "R1", 10000), 15000, "2026-03-12T09:00:00Z");
    close("O3", out("p07", "p14", "19 12 12", "D5", 10000), 12000, "2026-03-18T09:00:00Z");
    close("O4", out("p02", "p05", "20 03 07", "R13", 10000), 16000, "2026-03-25T09:00:00Z");
    close("O5", out("p02", "p05", "20 03 07", "R0", 10000), 11000, "2026-03-28T09:00:00Z");
  }

  @AfterAll
  static void stop() {
    http.close();
    TestEnv.stop(tracker);
  }

  private static JsonObject in(long firstKg) {
    return new JsonObject().put("direction", "IN").put("plate", "AB-123-CD").put("carrier", "p01")
        .put("wasteCode", "20 03 07").put("weightKg", firstKg);
  }

  private static JsonObject out(String carrier, String destination, String code, String operation, long tareKg) {
    return new JsonObject().put("direction", "OUT").put("plate", "EF-456-GH").put("carrier", carrier)
        .put("destination", destination).put("wasteCode", code).put("operation", operation).put("weightKg", tareKg);
  }

  private static void close(String ticket, JsonObject first, long secondKg, String closeAt) {
    Instant at = Instant.parse(closeAt);
    JsonObject pass = first.copy().put("key", ticket + "-1").put("ticket", ticket).put("site", "saint-priest")
        .put("bridge", "wb1").put("seq", "first").put("at", at.minusSeconds(1800).toString());
    assertEquals(201, http.post("/api/v1/passes", pass).statusCode());
    HttpResponse<Buffer> r = http.post("/api/v1/passes", Fixtures.second(ticket + "-2", ticket, secondKg, at));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    assertEquals("CLOSED", r.bodyAsJsonObject().getString("status"));
  }

  private static Map<String, Long> tonnages(String query) {
    HttpResponse<Buffer> r = http.get("/api/v1/tonnages?" + query);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    Map<String, Long> out = new LinkedHashMap<>();
    for (Object o : r.bodyAsJsonObject().getJsonArray("rows")) {
      JsonObject row = (JsonObject) o;
      String key = String.join("/", row.fieldNames().stream().filter(f -> !f.equals("kg"))
          .map(f -> String.valueOf(row.getValue(f))).toList());
      out.put(key, row.getLong("kg"));
    }
    return out;
  }

  /** A rate as the API wrote it (6 decimals); the test client reads JSON numbers as doubles. */
  private static BigDecimal rate(JsonObject v, String field) {
    return new BigDecimal(v.getValue(field).toString()).setScale(6, java.math.RoundingMode.UNNECESSARY);
  }

  private static long lines() {
    return Fixtures.count(tracker.pool(), "SELECT count(*) FROM allocation_line");
  }

  @Test
  @Order(1)
  @DisplayName("tonnages by partner and activity: every ticket's net, split by the rule of its closing day")
  void tonnagesByPartner() {
    Map<String, Long> expected = new LinkedHashMap<>();
    expected.put("COLLECTION/p01", 8240L); // 7,240 + 1,000
    expected.put("SORTING/p03", 4344L + 333); // 60 % of 7,240 + 3,333 bp of 1,000
    expected.put("SORTING/p04", 2896L + 333);
    expected.put("SORTING/p15", 334L); // the spare kilogram: the largest remainder
    expected.put("TRANSPORT/p02", 7000L); // O4 6,000 + O5 1,000
    expected.put("TRANSPORT/p06", 9580L);
    expected.put("TRANSPORT/p07", 7000L); // O2 5,000 + O3 2,000
    expected.put("TREATMENT/p05", 7000L);
    expected.put("TREATMENT/p06", 9580L);
    expected.put("TREATMENT/p09", 5000L);
    expected.put("TREATMENT/p14", 2000L);
    assertEquals(expected, tonnages("period=2026-03&groupBy=activity,partner"));
    assertEquals(Map.of("IN", 8240L, "OUT", 23580L), tonnages("period=2026-03&groupBy=direction"));
    assertEquals(Map.of(), tonnages("period=2026-02&groupBy=direction"));
  }

  @Test
  @Order(2)
  @DisplayName("rates before the R 13 lot is resolved: 6,000 kg pending, in neither numerator nor denominator")
  void ratesWithPending() {
    JsonObject v = http.get("/api/v1/valorisation?period=2026-03").bodyAsJsonObject();
    assertEquals(8240L, v.getLong("inKg"));
    assertEquals(23580L, v.getLong("outKg"));
    assertEquals(17580L, v.getLong("finalOutKg"));
    assertEquals(6000L, v.getLong("pendingKg"));
    assertEquals(new JsonObject().put("REUSE", 1000L).put("RECYCLING", 9580L).put("OTHER_RECOVERY", 0L)
        .put("ENERGY_RECOVERY", 5000L).put("DISPOSAL", 2000L), v.getJsonObject("byMode"));
    assertEquals(new BigDecimal("0.601820"), rate(v, "materialRate")); // 10,580 / 17,580
    assertEquals(new BigDecimal("0.886234"), rate(v, "globalRate")); // 15,580 / 17,580
    assertEquals(new BigDecimal("0.113766"), rate(v, "disposalRate")); // 2,000 / 17,580
    assertEquals("global", v.getString("headline"));
    assertEquals(new BigDecimal("0.886234"), rate(v, "headlineRate"));
    assertEquals(new BigDecimal("0.346703"), rate(v, "trajectoryRate"));
    assertEquals(254795L, v.getLong("targetKg"));
    assertEquals(17580L, v.getLong("denominatorKg"));
    assertEquals(Map.of("OUT/PENDING", 6000L, "OUT/RECYCLING", 9580L, "OUT/REUSE", 1000L, "OUT/ENERGY_RECOVERY", 5000L,
        "OUT/DISPOSAL", 2000L, "IN/null", 8240L), tonnages("period=2026-03&groupBy=direction,mode"));
  }

  @Test
  @Order(3)
  @DisplayName("bad final operations change nothing and name the field")
  void badFinalOperations() {
    long before = lines();
    JsonObject sumWrong = new JsonObject("""
        {"at": "2026-04-10T08:00:00Z", "final": [{"operation": "R 3", "kg": 4200}, {"operation": "R 1", "kg": 1700}]}""");
    HttpResponse<Buffer> r = http.post("/api/v1/tickets/saint-priest/O4/final-operation", sumWrong);
    assertEquals(422, r.statusCode());
    assertEquals("final", r.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"));
    JsonObject nonFinal = new JsonObject("""
        {"at": "2026-04-10T08:00:00Z", "final": [{"operation": "R 3", "kg": 4200}, {"operation": "R 12", "kg": 1800}]}""");
    assertEquals("final[1].operation", http.post("/api/v1/tickets/saint-priest/O4/final-operation", nonFinal)
        .bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"));
    JsonObject ok = new JsonObject("""
        {"at": "2026-04-10T08:00:00Z", "final": [{"operation": "R 3", "kg": 9580}]}""");
    assertEquals(409, http.post("/api/v1/tickets/saint-priest/O1/final-operation", ok).statusCode());
    assertEquals(404, http.post("/api/v1/tickets/saint-priest/NOPE/final-operation", ok).statusCode());
    assertEquals(400, http.send(io.vertx.core.http.HttpMethod.POST, "/api/v1/tickets/saint-priest/O4/final-operation",
        Buffer.buffer("{\"final\": ["), TestEnv.TOKEN).statusCode());
    assertEquals(before, lines());
    assertEquals(0L, Fixtures.count(tracker.pool(), "SELECT count(*) FROM final_operation"));
  }

  @Test
  @Order(4)
  @DisplayName("the R 13 lot resolved into 4,200 kg R 3 and 1,800 kg R 1 leaves pending and enters the rates")
  void resolved() {
    JsonObject finals = new JsonObject("""
        {"at": "2026-04-10T08:00:00Z", "final": [{"operation": "R3", "kg": 4200}, {"operation": "R 1", "kg": 1800}]}""");
    HttpResponse<Buffer> r = http.post("/api/v1/tickets/saint-priest/O4/final-operation", finals);
    assertEquals(201, r.statusCode(), r.bodyAsString());
    JsonArray recorded = r.bodyAsJsonObject().getJsonArray("finalOperations");
    assertEquals("R 3", recorded.getJsonObject(0).getString("operation"));
    assertEquals("RECYCLING", recorded.getJsonObject(0).getString("mode"));
    assertEquals(409, http.post("/api/v1/tickets/saint-priest/O4/final-operation", finals).statusCode());

    JsonObject v = http.get("/api/v1/valorisation?period=2026-03").bodyAsJsonObject();
    assertEquals(0L, v.getLong("pendingKg"));
    assertEquals(23580L, v.getLong("finalOutKg"));
    assertEquals(13780L, v.getJsonObject("byMode").getLong("RECYCLING"));
    assertEquals(6800L, v.getJsonObject("byMode").getLong("ENERGY_RECOVERY"));
    assertEquals(new BigDecimal("0.626802"), rate(v, "materialRate")); // 14,780 / 23,580
    assertEquals(new BigDecimal("0.915182"), rate(v, "globalRate")); // 21,580 / 23,580
    assertEquals(new BigDecimal("0.084818"), rate(v, "disposalRate")); // 2,000 / 23,580
    JsonObject inbound = http.get("/api/v1/valorisation?period=2026-03&basis=inbound").bodyAsJsonObject();
    assertEquals(8240L, inbound.getLong("denominatorKg"));
    assertEquals(new BigDecimal("1.793689"), rate(inbound, "materialRate")); // 14,780 / 8,240
    // the partners keep their credit: TREATMENT p05 still 7,000 kg
    assertEquals(7000L, tonnages("period=2026-03&groupBy=activity,partner").get("TREATMENT/p05"));
  }

  @Test
  @Order(5)
  @DisplayName("a rule corrected after the fact changes nothing until a reallocation appends compensating lines")
  void reallocation() {
    JsonObject corrected = new JsonObject("""
        {"allocationRules": [{"id": "sort-a", "site": "saint-priest", "activity": "SORTING", "validFrom": "2026-03-01",
          "validTo": "2026-03-15", "shares": [{"partner": "p03", "bp": 5000}, {"partner": "p04", "bp": 5000}]}]}""");
    assertEquals(200, http.put("/api/v1/reference", corrected).statusCode());
    assertEquals(4677L, tonnages("period=2026-03&groupBy=activity,partner").get("SORTING/p03"));

    long before = lines();
    JsonObject bad = new JsonObject().put("from", "2026-03-31").put("to", "2026-03-01");
    HttpResponse<Buffer> refused = http.post("/api/v1/reallocations", bad);
    assertEquals(422, refused.statusCode());
    List<String> fields = refused.bodyAsJsonObject().getJsonArray("errors").stream()
        .map(e -> ((JsonObject) e).getString("field")).toList();
    assertEquals(List.of("reason", "to"), fields);
    assertEquals(before, lines());

    JsonObject ask = new JsonObject().put("from", "2026-03-01").put("to", "2026-03-31").put("site", "saint-priest")
        .put("reason", "convention amendment 3: sorting split 50/50 from 1 March");
    HttpResponse<Buffer> r = http.post("/api/v1/reallocations", ask);
    assertEquals(201, r.statusCode(), r.bodyAsString());
    assertEquals(1, r.bodyAsJsonObject().getInteger("tickets")); // only T1 changes
    assertEquals(4, r.bodyAsJsonObject().getInteger("lines")); // 2 negated, 2 added
    assertEquals("admin", r.bodyAsJsonObject().getString("requestedBy"));
    assertEquals(before + 4, lines());

    Map<String, Long> after = tonnages("period=2026-03&groupBy=activity,partner");
    assertEquals(3620L + 333, after.get("SORTING/p03"));
    assertEquals(3620L + 333, after.get("SORTING/p04"));
    assertEquals(334L, after.get("SORTING/p15"));
    JsonArray t1 = http.get("/api/v1/tickets/saint-priest/T1").bodyAsJsonObject().getJsonArray("allocations");
    assertEquals(new JsonArray().add(new JsonObject().put("partner", "p01").put("activity", "COLLECTION").put("kg", 7240))
        .add(new JsonObject().put("partner", "p03").put("activity", "SORTING").put("kg", 3620))
        .add(new JsonObject().put("partner", "p04").put("activity", "SORTING").put("kg", 3620)), t1);
    assertEquals(0, http.post("/api/v1/reallocations", ask).bodyAsJsonObject().getInteger("tickets"));
  }

  @Test
  @Order(6)
  @DisplayName("mass balance: IN - OUT - stock change, with stock declarations")
  void massBalance() {
    assertEquals(201, http.post("/api/v1/stock", new JsonObject().put("site", "saint-priest").put("wasteCode", "19 12 07")
        .put("day", "2026-02-28").put("kg", 30000)).statusCode());
    assertEquals(201, http.post("/api/v1/stock", new JsonObject().put("site", "saint-priest").put("wasteCode", "19 12 07")
        .put("day", "2026-03-31").put("kg", 12000)).statusCode());
    HttpResponse<Buffer> bad = http.post("/api/v1/stock", new JsonObject().put("site", "nowhere").put("wasteCode", "19 12")
        .put("day", "2026-03-31").put("kg", -5));
    assertEquals(422, bad.statusCode());
    assertEquals(3, bad.bodyAsJsonObject().getJsonArray("errors").size());
    JsonObject b = http.get("/api/v1/mass-balance?period=2026-03").bodyAsJsonObject();
    assertEquals(8240L, b.getLong("inKg"));
    assertEquals(23580L, b.getLong("outKg"));
    assertEquals(-18000L, b.getLong("stockChangeKg"));
    assertEquals(2660L, b.getLong("gapKg")); // 8,240 - 23,580 + 18,000
    assertEquals(new BigDecimal("0.322816"), rate(b, "gapRate")); // 2,660 / 8,240
  }

  @Test
  @Order(7)
  @DisplayName("figures for a period that does not parse, or an unknown grouping, are a 400 naming the parameter")
  void badQueries() {
    assertEquals("period", http.get("/api/v1/tonnages?period=2026-Q5").bodyAsJsonObject().getJsonArray("errors")
        .getJsonObject(0).getString("field"));
    assertEquals("groupBy", http.get("/api/v1/tonnages?period=2026&groupBy=colour").bodyAsJsonObject()
        .getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals(400, http.get("/api/v1/valorisation").statusCode());
    assertEquals(400, http.get("/api/v1/valorisation?period=2026&basis=sideways").statusCode());
    assertNull(http.get("/api/v1/valorisation?period=2025").bodyAsJsonObject().getValue("materialRate"));
  }
}
