package fr.iloe.tracker.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.iloe.tracker.Fixtures;
import fr.iloe.tracker.Http;
import fr.iloe.tracker.TestEnv;
import fr.iloe.tracker.app.Tracker;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * March 2026 with known money: an IN ticket of 7,240 kg, 9,580 kg of wood recycled, 5,000 kg burnt with energy
 * recovery, 1,000 kg reused, 252.17 insertion hours and a 50,000 € advance. Every amount is worked out in the
 * comments.
 */
@DisplayName("Compensation reports: figures to the cent, CSV, evidence, PDF, publication, registers")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class ReportsTest {
  private static Tracker tracker;
  private static Http http;
  private static byte[] published;

  public static final JsonObject PARAMETERS = new JsonObject("""
      {"conventionParameters": [{"effectiveFrom": "2026-01-01", "siegStart": "2026-01-01", "targetDate": "2026-12-31",
        "baselineRate": 0.20, "targetRate": 0.80, "annualTargetKg": 3000000, "headline": "global", "basis": "outbound",
        "money": {
          "unitRates": [{"activity": "COLLECTION", "centsPerTonne": 4500}, {"activity": "SORTING", "centsPerTonne": 8000},
            {"activity": "TRANSPORT", "centsPerTonne": 1500},
            {"activity": "TREATMENT", "mode": "RECYCLING", "centsPerTonne": 2000},
            {"activity": "TREATMENT", "mode": "RECYCLING", "wasteCode": "19 12 07", "centsPerTonne": 2500},
            {"activity": "TREATMENT", "mode": "ENERGY_RECOVERY", "centsPerTonne": 9000}],
          "fixedAnnualCents": 36500000, "insertionHourlyCents": 1500, "insertionTargetHours": 11249, "fteHours": 1607,
          "materialSales": [{"wasteCode": "19 12 07", "centsPerTonne": 1000}],
          "repSupports": [{"wasteCode": "20 03 07", "ecoOrganism": "Ecomaison", "centsPerTonne": 3000}],
          "reasonableProfitBp": 500, "bonusCentsPerPoint": 100000, "bonusCapCents": 2000000,
          "carryForwardBp": 1000, "massBalanceToleranceBp": 500}}],
       "payments": [{"id": "advance-2026-03", "date": "2026-03-15", "cents": 5000000, "note": "March advance"}]}
      """);

  @BeforeAll
  static void start() {
    tracker = TestEnv.start(Map.of("REFERENCE_FILE", TestEnv.demoReference().toString()));
    http = new Http(tracker.httpPort(), TestEnv.TOKEN);
    assertEquals(200, http.put("/api/v1/reference", PARAMETERS).statusCode());
    close("T1", in(18460), 11220, "2026-03-05T09:00:00Z");
    close("O1", out("p06", "p06", "19 12 07", "R3", 12400), 21980, "2026-03-10T09:00:00Z");
    close("O2", out("p07", "p09", "19 12 12", "R1", 10000), 15000, "2026-03-12T09:00:00Z");
    close("O3", out("p02", "p05", "20 03 07", "R0", 10000), 11000, "2026-03-28T09:00:00Z");
    for (JsonObject r : List.of(
        insertion("p03", "P-0001", "151.67"), insertion("p04", "P-0002", "100.50"))) {
      assertEquals(201, http.post("/api/v1/insertion", r).statusCode());
    }
  }

  @AfterAll
  static void stop() {
    http.close();
    TestEnv.stop(tracker);
  }

  static JsonObject insertion(String partner, String participant, String hours) {
    return new JsonObject().put("partner", partner).put("month", "2026-03").put("participant", participant)
        .put("employerType", "ACI").put("contract", "CDDI").put("hoursWorked", new java.math.BigDecimal(hours))
        .put("trainingHours", 12);
  }

  static JsonObject in(long firstKg) {
    return new JsonObject().put("direction", "IN").put("plate", "AB-123-CD").put("carrier", "p01")
        .put("wasteCode", "20 03 07").put("weightKg", firstKg);
  }

  static JsonObject out(String carrier, String destination, String code, String operation, long tareKg) {
    return new JsonObject().put("direction", "OUT").put("plate", "EF-456-GH").put("carrier", carrier)
        .put("destination", destination).put("wasteCode", code).put("operation", operation).put("weightKg", tareKg);
  }

  static void close(String ticket, JsonObject first, long secondKg, String closeAt) {
    Instant at = Instant.parse(closeAt);
    http.post("/api/v1/passes", first.copy().put("key", ticket + "-1").put("ticket", ticket).put("site", "saint-priest")
        .put("bridge", "wb1").put("seq", "first").put("at", at.minusSeconds(1800).toString()));
    assertEquals(201, http.post("/api/v1/passes", Fixtures.second(ticket + "-2", ticket, secondKg, at)).statusCode());
  }

  static JsonObject report(String query) {
    HttpResponse<Buffer> r = http.get("/api/v1/reports/compensation?" + query);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  static List<List<String>> csv(String text) {
    return Arrays.stream(text.split("\r\n")).filter(l -> !l.isEmpty()).map(l -> Arrays.asList(l.split(";", -1))).toList();
  }

  @Test
  @Order(1)
  @DisplayName("every money line of March, to the cent")
  void money() {
    JsonObject r = report("period=2026-03");
    JsonObject costs = r.getJsonObject("costs");
    List<Long> lines = costs.getJsonArray("lines").stream().map(o -> ((JsonObject) o).getLong("cents")).toList();
    // COLLECTION 7,240 kg x 45 = 32,580; TRANSPORT 1,000 x 15 (reuse) = 1,500, 9,580 x 15 = 14,370, 5,000 x 15 = 7,500;
    // SORTING 7,240 x 80 = 57,920; TREATMENT reuse: no rate, 0; wood 9,580 x 25 = 23,950; energy 5,000 x 90 = 45,000
    assertEquals(List.of(32_580L, 1_500L, 14_370L, 7_500L, 57_920L, 0L, 23_950L, 45_000L), lines);
    JsonObject noRate = costs.getJsonArray("lines").getJsonObject(5);
    assertEquals("REUSE", noRate.getString("mode"));
    assertEquals(null, noRate.getValue("centsPerTonne"));
    assertEquals(182_820L, costs.getLong("tonnageCents"));
    assertEquals(3_100_000L, costs.getLong("fixedCents")); // 31 days of 365,000 €
    assertEquals("252.17", costs.getValue("insertionHours").toString());
    assertEquals(378_255L, costs.getLong("insertionCents")); // 252.17 h x 15 €
    assertEquals(3_661_075L, costs.getLong("eligibleCents"));
    // wood sold 9,580 kg x 10 = 9,580; REP support on the reused 20 03 07: 1,000 kg x 30 = 3,000
    assertEquals(12_580L, r.getJsonObject("revenues").getLong("totalCents"));
    assertEquals(3_648_495L, r.getLong("netCostCents"));
    assertEquals(182_425L, r.getLong("reasonableProfitCents")); // 5 % = 182,424.75 -> 182,425
    // global rate 15,580 / 15,580 = 1 against 0.346703: +65.3297 points -> 6,532,970 -> capped at 2,000,000
    assertEquals(2_000_000L, r.getJsonObject("performance").getLong("cents"));
    JsonObject c = r.getJsonObject("compensation");
    assertEquals(3_830_920L, c.getLong("capCents"));
    assertEquals(3_830_920L, c.getLong("dueCents"));
    assertEquals(5_000_000L, c.getLong("paidCents"));
    assertEquals(1_169_080L, c.getLong("overCents"));
    // SIEG to date (1 January - 31 March, 90 days): due 10,025,920 -> 40,660,676 a year; 10 % carried: all of it
    assertEquals(40_660_676L, c.getLong("averageAnnualCents"));
    assertEquals(1_169_080L, c.getLong("carryForwardCents"));
    assertEquals(0L, c.getLong("toRepayCents"));
    assertEquals(List.of("2026-01-01"), r.getJsonArray("parameterVersions").getList());
    JsonObject rates = r.getJsonObject("rates");
    assertEquals(10_580L, rates.getJsonObject("material").getLong("numeratorKg"));
    assertEquals(15_580L, rates.getJsonObject("material").getLong("denominatorKg"));
    assertEquals(6, r.getJsonArray("obligations").size());
  }

  @Test
  @Order(2)
  @DisplayName("the partner CSV adds up to the ledger, and the evidence lists every ledger line counted")
  void csvAndEvidence() {
    HttpResponse<Buffer> r = http.get("/api/v1/reports/compensation?period=2026-03&format=csv");
    assertEquals("text/csv; charset=utf-8", r.getHeader("Content-Type"));
    List<List<String>> rows = csv(r.bodyAsString());
    assertEquals(List.of("partner", "activity", "mode", "wasteCode", "kg", "centsPerTonne", "cents"), rows.get(0));
    Map<String, Long> kgByPartnerActivity = new HashMap<>();
    rows.subList(1, rows.size()).forEach(row -> kgByPartnerActivity.merge(row.get(0) + "/" + row.get(1),
        Long.parseLong(row.get(4)), Long::sum));
    JsonArray ledger = http.get("/api/v1/tonnages?period=2026-03&groupBy=partner,activity").bodyAsJsonObject().getJsonArray("rows");
    Map<String, Long> expected = new HashMap<>();
    ledger.forEach(o -> expected.put(((JsonObject) o).getString("partner") + "/" + ((JsonObject) o).getString("activity"),
        ((JsonObject) o).getLong("kg")));
    assertEquals(expected, kgByPartnerActivity);

    HttpResponse<Buffer> evidence = http.get("/api/v1/reports/compensation/evidence?period=2026-03");
    assertEquals(200, evidence.statusCode());
    List<List<String>> lines = csv(evidence.bodyAsString());
    assertEquals("ticket", lines.get(0).get(1));
    long ledgerLines = Fixtures.count(tracker.pool(), "SELECT count(*) FROM allocation_line WHERE at >= '2026-03-01'"
        + " AND at < '2026-04-01'");
    assertEquals(ledgerLines, lines.size() - 1);
    long collected = lines.subList(1, lines.size()).stream().filter(l -> l.get(5).equals("COLLECTION"))
        .mapToLong(l -> Long.parseLong(l.get(8))).sum();
    assertEquals(7240, collected);
  }

  @Test
  @Order(3)
  @DisplayName("the PDF renders, and its text carries the period, the compensation due and the obligations")
  void pdf() throws Exception {
    HttpResponse<Buffer> r = http.get("/api/v1/reports/compensation?period=2026-03&format=pdf");
    assertEquals("application/pdf", r.getHeader("Content-Type"));
    try (PDDocument doc = Loader.loadPDF(r.body().getBytes())) {
      String text = new PDFTextStripper().getText(doc);
      assertTrue(text.contains("Rapport de compensation du SIEG encombrants"), text);
      assertTrue(text.contains("Période 2026-03"), text);
      assertTrue(text.contains("Compensation due 38 309,20 €"), text);
      assertTrue(text.contains("Coût net (coûts - recettes) 36 484,95 €"), text);
      assertTrue(text.contains("Taux de valorisation matière 67,91 %"), text); // 10,580 / 15,580
      assertTrue(text.contains("NON RESPECTÉE"), text);
      assertTrue(text.contains("RESPECTÉE"), text);
    }
    HttpResponse<Buffer> accept = http.send(io.vertx.core.http.HttpMethod.GET, "/api/v1/reports/compensation?period=2026-03",
        null, TestEnv.TOKEN);
    assertEquals("application/json", accept.getHeader("Content-Type"));
  }

  @Test
  @Order(4)
  @DisplayName("a published report is regenerated byte for byte after corrections; the current one shows what changed")
  void publish() throws Exception {
    HttpResponse<Buffer> p = http.post("/api/v1/reports/compensation/2026-03/publish", new JsonObject());
    assertEquals(201, p.statusCode(), p.bodyAsString());
    String sha = p.bodyAsJsonObject().getString("sha256");
    assertEquals(1, p.bodyAsJsonObject().getInteger("version"));
    HttpResponse<Buffer> first = http.get("/api/v1/reports/compensation/2026-03/published");
    published = first.body().getBytes();
    assertEquals(sha, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(published)));
    byte[] pdfBefore = http.get("/api/v1/reports/compensation/2026-03/published?format=pdf").body().getBytes();

    // a correction after publication: the R 1 lot was in fact recycled under R 3
    assertEquals(201, http.post("/api/v1/tickets/saint-priest/O2/revisions", new JsonObject().put("reason", "R 3, not R 1")
        .put("changes", new JsonObject().put("operation", "R 3"))).statusCode());
    HttpResponse<Buffer> again = http.get("/api/v1/reports/compensation/2026-03/published");
    assertArrayEquals(published, again.body().getBytes());
    assertArrayEquals(pdfBefore, http.get("/api/v1/reports/compensation/2026-03/published?format=pdf").body().getBytes());

    JsonObject current = report("period=2026-03");
    assertNotEquals(sha, current.getString("sha256"));
    assertEquals(sha, current.getJsonObject("published").getString("sha256"));
    JsonObject changed = current.getJsonObject("changedSincePublished");
    assertEquals("O2", changed.getJsonArray("tickets").getJsonObject(0).getString("ticket"));
    assertTrue(changed.getJsonArray("tickets").getJsonObject(0).getString("causes").contains("revision:1"));
    assertTrue(changed.getJsonObject("figures").containsKey("costs.eligibleCents"), changed.encode());
    assertEquals(404, http.get("/api/v1/reports/compensation/2026-02/published").statusCode());
  }

  @Test
  @Order(5)
  @DisplayName("the incoming and outgoing registers, in the national platform's columns, with the correction as MODIFIER")
  void registers() {
    List<List<String>> incoming = csv(http.get("/api/v1/registers/incoming?period=2026-03").bodyAsString());
    assertEquals("Identifiant unique", incoming.get(0).get(0));
    assertEquals(List.of("saint-priest/T1", "2026-03-05", "20 03 07", "Déchets encombrants", "NON", "7.240", "REEL"),
        incoming.get(1).subList(0, 7));
    assertEquals("99900000000001", incoming.get(1).get(9)); // the carrier's SIRET
    List<List<String>> outgoing = csv(http.get("/api/v1/registers/outgoing?period=2026-03").bodyAsString());
    List<String> o2 = outgoing.stream().filter(l -> l.get(0).equals("saint-priest/O2")).map(l -> String.join("|", l))
        .toList().stream().map(l -> Arrays.asList(l.split("\\|", -1))).toList().get(0);
    int done = Registers.OUTGOING.indexOf("Code de traitement réalisé");
    int motif = Registers.OUTGOING.indexOf("Motif");
    assertEquals("R 1", o2.get(done));
    List<String> modified = outgoing.stream().filter(l -> l.get(0).equals("saint-priest/O2") && l.get(motif).equals("MODIFIER"))
        .findFirst().orElseThrow();
    assertEquals("R 3", modified.get(done));
    assertEquals("5.000", modified.get(Registers.OUTGOING.indexOf("Poids en tonnes")));
    List<String> o1 = outgoing.stream().filter(l -> l.get(0).equals("saint-priest/O1")).findFirst().orElseThrow();
    assertEquals("T1", o1.get(Registers.OUTGOING.indexOf("Tickets entrants (traçabilité)")));
    long tonnes = outgoing.subList(1, outgoing.size()).stream().filter(l -> l.get(motif).isEmpty())
        .mapToLong(l -> new java.math.BigDecimal(l.get(5)).movePointRight(3).longValueExact()).sum();
    assertEquals(15_580, tonnes);
  }

  @Test
  @Order(6)
  @DisplayName("bad parameters, periods and reports are refused with problem+json, and nothing is published")
  void refused() {
    long before = Fixtures.count(tracker.pool(), "SELECT count(*) FROM published_report");
    JsonObject negative = PARAMETERS.copy();
    negative.getJsonArray("conventionParameters").getJsonObject(0).getJsonObject("money").put("fixedAnnualCents", -1);
    HttpResponse<Buffer> r = http.put("/api/v1/reference", negative);
    assertEquals(422, r.statusCode());
    assertEquals("conventionParameters[2026-01-01].money.fixedAnnualCents",
        r.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals(400, http.get("/api/v1/reports/compensation?period=2026-13").statusCode());
    assertEquals(400, http.post("/api/v1/reports/compensation/2026-13/publish", new JsonObject()).statusCode());
    HttpResponse<Buffer> noTerms = http.get("/api/v1/reports/compensation?period=2018");
    assertEquals(422, noTerms.statusCode());
    assertEquals("period", noTerms.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals(422, http.post("/api/v1/reports/compensation/2018/publish", new JsonObject()).statusCode());
    assertEquals(before, Fixtures.count(tracker.pool(), "SELECT count(*) FROM published_report"));
    HttpResponse<Buffer> badHours = http.post("/api/v1/insertion", insertion("p03", "Jean Dupont", "12.345"));
    assertEquals(422, badHours.statusCode());
    assertEquals(List.of("participant", "hoursWorked"), badHours.bodyAsJsonObject().getJsonArray("errors").stream()
        .map(e -> ((JsonObject) e).getString("field")).toList());
  }
}
