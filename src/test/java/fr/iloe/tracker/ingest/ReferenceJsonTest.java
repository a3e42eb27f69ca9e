package fr.iloe.tracker.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.iloe.tracker.domain.FieldError;
import fr.iloe.tracker.domain.Fixtures;
import fr.iloe.tracker.domain.InvalidInputException;
import fr.iloe.tracker.domain.ReferenceData;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ReferenceJson: the reference bundle in JSON")
class ReferenceJsonTest {
  private static final String EXAMPLE = """
      {
        "partners": [{ "id": "p01", "name": "Transports Rhône", "siret": "12345678901234", "roles": ["COLLECTION", "TRANSPORT"] },
                     { "id": "p03", "name": "Tri Est", "siret": null, "roles": ["SORTING"] },
                     { "id": "p04", "name": "Tri Ouest", "roles": ["SORTING"] }],
        "sites": [{ "id": "saint-priest", "name": "Plateforme", "insee": "69290",
                    "weighbridges": [{ "id": "wb1", "divisionKg": 20, "maxKg": 60000 }],
                    "points": [{ "id": "cp-001", "name": "Tilleuls", "insee": "69259", "capacityL": 30000 }] }],
        "storedTares": [{ "plate": "AB-123-CD", "kg": 11200, "validUntil": "2026-12-31T23:00:00Z" }],
        "allocationRules": [{ "id": "r1", "site": "saint-priest", "activity": "SORTING", "wasteCode": null,
                              "validFrom": "2026-01-01", "validTo": null,
                              "shares": [{ "partner": "p03", "bp": 6000 }, { "partner": "p04", "bp": 4000 }] }]
      }""";

  private static JsonObject strict(String text) {
    return StrictJson.parseObject(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("the example bundle of interface.md is read into exact values with no problems")
  void readsExample() {
    ReferenceData ref = ReferenceJson.readValid(strict(EXAMPLE));
    assertEquals(3, ref.partners().size());
    assertEquals(60_000L, ref.site("saint-priest").orElseThrow().bridge("wb1").orElseThrow().maxKg());
    assertEquals(20L, ref.site("saint-priest").orElseThrow().bridge("wb1").orElseThrow().divisionKg());
    assertEquals(30_000L, ref.site("saint-priest").orElseThrow().point("cp-001").orElseThrow().capacityL());
    assertEquals(11_200L, ref.storedTare("AB-123-CD").orElseThrow().kg());
    assertEquals(6000, ref.allocationRules().get(0).shares().get(0).bp());
    assertEquals("Tri Ouest", ref.partners().get(2).name());
    assertEquals(null, ref.partners().get(2).siret());
  }

  @Test
  @DisplayName("a bundle written and read back through strict bytes is the same bundle")
  void roundTripThroughBytes() {
    ReferenceData ref = Fixtures.reference();
    byte[] bytes = ReferenceJson.write(ref).encode().getBytes(StandardCharsets.UTF_8);
    assertEquals(ref, ReferenceJson.read(StrictJson.parseObject(bytes)));
  }

  @Test
  @DisplayName("a bundle written and read back as a JsonObject (int basis points) is the same bundle")
  void roundTripInMemory() {
    ReferenceData ref = Fixtures.reference();
    assertEquals(ref, ReferenceJson.read(ReferenceJson.write(ref)));
  }

  @Test
  @DisplayName("a bundle decoded by Vert.x's own JSON codec (as the stored jsonb is), with Integer numbers, is read")
  void roundTripThroughVertxCodec() {
    ReferenceData ref = Fixtures.reference();
    JsonObject decoded = new JsonObject(ReferenceJson.write(ref).encode());
    assertEquals(ref, ReferenceJson.read(decoded));
  }

  @Test
  @DisplayName("fields of the wrong type or missing are reported with their path, all at once")
  void wrongTypes() {
    JsonObject json = strict(EXAMPLE);
    json.getJsonArray("partners").getJsonObject(0).put("roles", new JsonArray().add("FLYING"));
    json.getJsonArray("sites").getJsonObject(0).getJsonArray("weighbridges").getJsonObject(0).remove("divisionKg");
    json.getJsonArray("storedTares").getJsonObject(0).put("validUntil", "2026-12-31");
    json.getJsonArray("allocationRules").getJsonObject(0).put("activity", "sorting").put("validTo", "31/12/2026");
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> ReferenceJson.read(json));
    assertEquals(List.of(
            "partners[0].roles",
            "sites[0].weighbridges[0].divisionKg",
            "storedTares[0].validUntil",
            "allocationRules[0].activity",
            "allocationRules[0].validTo"),
        e.errors().stream().map(FieldError::field).toList());
    assertTrue(e.errors().get(0).message().contains("FLYING"), e.errors()::toString);
    assertEquals("is required", e.errors().get(1).message());
  }

  @Test
  @DisplayName("readValid refuses a bundle that reads but is inconsistent")
  void readValidChecksProblems() {
    JsonObject json = strict(EXAMPLE);
    json.getJsonArray("allocationRules").getJsonObject(0).getJsonArray("shares").getJsonObject(1).put("bp", 3000);
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> ReferenceJson.readValid(json));
    assertEquals(List.of(new FieldError("allocationRules[r1].shares", "basis points must sum to 10000, not 9000")),
        e.errors());
  }
}
