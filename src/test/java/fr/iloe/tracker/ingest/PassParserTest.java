package fr.iloe.tracker.ingest;

import static fr.iloe.tracker.domain.Fixtures.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.iloe.tracker.domain.Direction;
import fr.iloe.tracker.domain.FieldError;
import fr.iloe.tracker.domain.Fixtures;
import fr.iloe.tracker.domain.InvalidInputException;
import fr.iloe.tracker.domain.Mode;
import fr.iloe.tracker.domain.Origin;
import fr.iloe.tracker.domain.Pass;
import fr.iloe.tracker.domain.ReferenceData;
import fr.iloe.tracker.domain.Seq;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("PassParser and StrictJson: from bytes to an admitted pass")
class PassParserTest {
  private static final ReferenceData REF = Fixtures.reference();
  private static final PassParser PARSER = new PassParser(Fixtures.rules());

  /** The example pass of interface.md. */
  private static final String EXAMPLE = """
      {
        "key": "wb1-alibi-000123",
        "ticket": "T-2026-000123",
        "site": "saint-priest", "bridge": "wb1",
        "at": "2026-11-28T09:14:03+01:00",
        "seq": "first",
        "weightKg": 18460,
        "direction": "IN",
        "plate": "AB-123-CD",
        "carrier": "p01",
        "wasteCode": "20 03 07",
        "origin": { "point": "cp-001", "insee": "69259" },
        "destination": null,
        "operation": null,
        "manual": false, "manualReason": null
      }""";

  private static JsonObject example() {
    return StrictJson.parseObject(EXAMPLE.getBytes(StandardCharsets.UTF_8));
  }

  private static Pass read(String json) {
    return PARSER.read(json.getBytes(StandardCharsets.UTF_8), PassParser.Expected.NOTHING, REF, NOW);
  }

  private static Pass read(JsonObject json) {
    return PARSER.read(json, PassParser.Expected.NOTHING, REF, NOW);
  }

  private static List<FieldError> errorsOf(JsonObject json) {
    return assertThrows(InvalidInputException.class, () -> read(json)).errors();
  }

  private static MalformedInputException malformed(byte[] bytes) {
    return assertThrows(MalformedInputException.class, () -> PARSER.read(bytes, PassParser.Expected.NOTHING, REF, NOW));
  }

  private static MalformedInputException malformed(String text) {
    return malformed(text.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> fields(List<FieldError> errors) {
    return errors.stream().map(FieldError::field).collect(Collectors.toList());
  }

  private static void assertContains(String message, String... fragments) {
    for (String f : fragments) {
      assertTrue(message.contains(f), () -> "'" + message + "' should contain '" + f + "'");
    }
  }

  @Nested
  @DisplayName("well-formed passes")
  class WellFormed {
    @Test
    @DisplayName("the example pass of interface.md is read into exact values")
    void interfaceExample() {
      Pass p = read(EXAMPLE);
      assertEquals("wb1-alibi-000123", p.key());
      assertEquals("T-2026-000123", p.ticket());
      assertEquals("saint-priest", p.site());
      assertEquals("wb1", p.bridge());
      assertEquals(Instant.parse("2026-11-28T08:14:03Z"), p.at());
      assertEquals(Seq.FIRST, p.seq());
      assertEquals(18_460L, p.weightKg());
      assertEquals(Direction.IN, p.direction());
      assertEquals("AB-123-CD", p.plate());
      assertEquals("p01", p.carrier());
      assertEquals("20 03 07", p.wasteCode().code());
      assertEquals(new Origin("cp-001", "69259"), p.origin());
      assertNull(p.destination());
      assertNull(p.operation());
      assertNull(p.mode());
      assertFalse(p.manual());
      assertNull(p.manualReason());
      assertNull(p.storedTareKg());
    }

    @Test
    @DisplayName("an OUT pass's operation 'R3' and waste code '191207' are normalised")
    void outNormalised() {
      JsonObject json = example().put("direction", "OUT").put("origin", null).put("wasteCode", "191207")
          .put("destination", "p02").put("operation", "r3").put("mode", "OTHER_RECOVERY");
      Pass p = read(json);
      assertEquals("R 3", p.operation().toString());
      assertEquals("19 12 07", p.wasteCode().code());
      assertEquals(Mode.OTHER_RECOVERY, p.mode());
      assertEquals("p02", p.destination());
    }

    @Test
    @DisplayName("a single pass is read with its stored tare resolved")
    void single() {
      Pass p = read(example().put("seq", "single"));
      assertEquals(Seq.SINGLE, p.seq());
      assertEquals(11_200L, p.storedTareKg());
    }

    @Test
    @DisplayName("a bare second pass, built in code with int values as Vert.x's own decoder gives them, is read")
    void bareSecond() {
      JsonObject json = new JsonObject().put("key", "k2").put("ticket", "T-2026-000123").put("site", "saint-priest")
          .put("bridge", "wb1").put("at", "2026-11-28T09:20:00+01:00").put("seq", "second").put("weightKg", 7300);
      Pass p = read(json);
      assertEquals(Seq.SECOND, p.seq());
      assertEquals(7_300L, p.weightKg());
      assertNull(p.direction());
      assertNull(p.origin());
      assertFalse(p.manual());
    }

    @Test
    @DisplayName("a time in UTC ('Z') and one with another offset give the same instant")
    void offsets() {
      assertEquals(Instant.parse("2026-11-28T08:14:03Z"), read(example().put("at", "2026-11-28T08:14:03Z")).at());
      assertEquals(Instant.parse("2026-11-28T08:14:03Z"), read(example().put("at", "2026-11-28T03:14:03-05:00")).at());
    }

    @Test
    @DisplayName("an origin with neither point nor INSEE code is no origin")
    void emptyOrigin() {
      assertNull(read(example().put("origin", new JsonObject())).origin());
    }

    @Test
    @DisplayName("a body with non-ASCII text in UTF-8 is accepted")
    void utf8Text() {
      Pass p = read(example().put("manual", true).put("manualReason", "pesée saisie à la main").encode());
      assertEquals("pesée saisie à la main", p.manualReason());
      assertTrue(p.manual());
    }
  }

  @Nested
  @DisplayName("malformed bodies (HTTP 400)")
  class Malformed {
    @Test
    @DisplayName("bytes that are not UTF-8 are refused before any JSON parsing")
    void invalidUtf8() {
      byte[] bytes = {'{', '"', 'k', 'e', 'y', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
      assertEquals("the body is not valid UTF-8", malformed(bytes).getMessage());
    }

    @Test
    @DisplayName("a lone continuation byte and an overlong encoding are not UTF-8")
    void otherInvalidUtf8() {
      malformed(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0x80, '"', '}'});
      malformed(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'});
    }

    @Test
    @DisplayName("a key given twice is refused")
    void duplicateKey() {
      MalformedInputException e = malformed("{\"weightKg\": 18460, \"weightKg\": 18480}");
      assertContains(e.getMessage(), "not valid JSON", "weightKg");
    }

    @Test
    @DisplayName("a key given twice inside a nested object is refused")
    void nestedDuplicateKey() {
      malformed("{\"origin\": {\"point\": \"cp-001\", \"point\": \"cp-002\"}}");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[]", "[{\"key\": \"k\"}]", "\"pass\"", "18460", "null", "true"})
    @DisplayName("a top-level value other than an object is refused")
    void notAnObject(String body) {
      assertEquals("the body must be a JSON object", malformed(body).getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"key\": \"k\"} x", "{\"key\": \"k\"}{}", "{\"key\": \"k\"} []", "{\"key\": \"k\"},"})
    @DisplayName("content after the object is refused")
    void trailingGarbage(String body) {
      malformed(body);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "   ", "\n"})
    @DisplayName("an empty body is refused")
    void empty(String body) {
      assertEquals("the body is empty", malformed(body).getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{", "{\"key\": }", "{key: \"k\"}", "{\"key\": 'k'}", "{\"key\": \"k\",}",
        "{\"weightKg\": NaN}", "{\"weightKg\": 018460}", "{\"a\": [1, 2}"})
    @DisplayName("text that is not strict JSON is refused")
    void notJson(String body) {
      assertContains(malformed(body).getMessage(), "not valid JSON");
    }

    @Test
    @DisplayName("nesting deeper than 32 levels is refused")
    void deepNesting() {
      String deep = "{\"a\": " + "[".repeat(40) + "]".repeat(40) + "}";
      malformed(deep);
    }

    @Test
    @DisplayName("nesting within the limit is read")
    void shallowNesting() {
      JsonObject o = StrictJson.parseObject(("{\"a\": " + "[".repeat(10) + "]".repeat(10) + "}")
          .getBytes(StandardCharsets.UTF_8));
      assertInstanceOf(JsonArray.class, o.getValue("a"));
    }

    @Test
    @DisplayName("a number of more than 40 digits is refused")
    void longNumber() {
      malformed("{\"weightKg\": " + "1".repeat(41) + "}");
    }
  }

  @Nested
  @DisplayName("StrictJson values")
  class Values {
    @Test
    @DisplayName("integers are read as Long, big integers as BigInteger and decimals as BigDecimal, never as double")
    void numberTypes() {
      JsonObject o = StrictJson.parseObject(
          "{\"i\": 18460, \"big\": 123456789012345678901234, \"d\": 0.1, \"e\": 1e3}".getBytes(StandardCharsets.UTF_8));
      assertEquals(18_460L, o.getValue("i"));
      assertEquals(new BigInteger("123456789012345678901234"), o.getValue("big"));
      assertEquals(new BigDecimal("0.1"), o.getValue("d"));
      assertInstanceOf(BigDecimal.class, o.getValue("e"));
    }

    @Test
    @DisplayName("nested objects and arrays keep their order and nulls")
    void structure() {
      JsonObject o = StrictJson.parseObject(
          "{\"b\": {\"x\": null}, \"a\": [1, \"two\", false]}".getBytes(StandardCharsets.UTF_8));
      assertEquals(List.of("b", "a"), List.copyOf(o.fieldNames()));
      assertTrue(o.getJsonObject("b").containsKey("x"));
      assertNull(o.getJsonObject("b").getValue("x"));
      assertEquals(new JsonArray().add(1L).add("two").add(false), o.getJsonArray("a"));
    }
  }

  @Nested
  @DisplayName("fields of the wrong type (HTTP 422)")
  class WrongTypes {
    @Test
    @DisplayName("a weight given as a string is one error on weightKg, not also 'is required'")
    void weightAsString() {
      List<FieldError> errors = errorsOf(example().put("weightKg", "18460"));
      assertEquals(List.of(new FieldError("weightKg", "must be a number, not a string")), errors);
    }

    @Test
    @DisplayName("a weight with decimals is refused as not whole")
    void weightWithDecimals() {
      JsonObject json = StrictJson.parseObject(EXAMPLE.replace("18460", "18460.5").getBytes(StandardCharsets.UTF_8));
      assertEquals(List.of(new FieldError("weightKg", "must be a whole number")), errorsOf(json));
    }

    @Test
    @DisplayName("a weight written 18460.0 is refused too: masses are integers on the wire")
    void weightWithZeroDecimals() {
      JsonObject json = StrictJson.parseObject(EXAMPLE.replace("18460", "18460.0").getBytes(StandardCharsets.UTF_8));
      assertEquals(List.of("weightKg"), fields(errorsOf(json)));
    }

    @Test
    @DisplayName("a weight beyond the range of a long is refused as out of range")
    void weightOutOfRange() {
      JsonObject json = StrictJson.parseObject(
          EXAMPLE.replace("18460", "99999999999999999999").getBytes(StandardCharsets.UTF_8));
      assertEquals(List.of(new FieldError("weightKg", "is out of range")), errorsOf(json));
    }

    @Test
    @DisplayName("a weight given as a boolean says so")
    void weightAsBoolean() {
      assertEquals(List.of(new FieldError("weightKg", "must be a number, not a boolean")),
          errorsOf(example().put("weightKg", true)));
    }

    @ParameterizedTest(name = "at ''{0}''")
    @ValueSource(strings = {"2026-11-28T09:14:03", "2026-11-28", "28/11/2026 09:14", "2026-11-28 09:14:03+01:00",
        "1764317643"})
    @DisplayName("a time without an offset, or not RFC 3339, is one error on at")
    void atWithoutOffset(String at) {
      List<FieldError> errors = errorsOf(example().put("at", at));
      assertEquals(List.of("at"), fields(errors));
      assertContains(errors.get(0).message(), "RFC 3339", "offset");
    }

    @Test
    @DisplayName("a time given as a number is one error on at")
    void atAsNumber() {
      assertEquals(List.of(new FieldError("at", "must be a string")), errorsOf(example().put("at", 1764317643L)));
    }

    @ParameterizedTest(name = "seq ''{0}''")
    @ValueSource(strings = {"FIRST", "third", ""})
    @DisplayName("an unknown seq is refused, listing the accepted values, and the ticket fields are not required")
    void badSeq(String seq) {
      List<FieldError> errors = errorsOf(example().put("seq", seq).put("plate", null));
      assertEquals(List.of("seq"), fields(errors));
      assertContains(errors.get(0).message(), "first, second or single", "'" + seq + "'");
    }

    @Test
    @DisplayName("an unknown direction is refused, and not also reported as missing")
    void badDirection() {
      List<FieldError> errors = errorsOf(example().put("direction", "in"));
      assertEquals(List.of(new FieldError("direction", "must be IN or OUT, not 'in'")), errors);
    }

    @ParameterizedTest(name = "wasteCode ''{0}''")
    @ValueSource(strings = {"21 01 01", "bulky", "20 03"})
    @DisplayName("an unknown waste code is refused, and not also reported as missing")
    void badWasteCode(String code) {
      List<FieldError> errors = errorsOf(example().put("wasteCode", code));
      assertEquals(List.of("wasteCode"), fields(errors));
      assertContains(errors.get(0).message(), "List of Waste code", code);
    }

    @ParameterizedTest(name = "operation ''{0}''")
    @ValueSource(strings = {"R14", "D0", "X3", "R 3 F"})
    @DisplayName("an unknown operation is refused, and not also reported as missing")
    void badOperation(String operation) {
      JsonObject json = example().put("direction", "OUT").put("origin", null).put("destination", "p02")
          .put("operation", operation);
      List<FieldError> errors = errorsOf(json);
      assertEquals(List.of("operation"), fields(errors));
      assertContains(errors.get(0).message(), "R 0 to R 13 or D 1 to D 15", operation);
    }

    @Test
    @DisplayName("an unknown mode is refused, listing the modes")
    void badMode() {
      JsonObject json = example().put("direction", "OUT").put("origin", null).put("destination", "p02")
          .put("operation", "R 3").put("mode", "recycling");
      List<FieldError> errors = errorsOf(json);
      assertEquals(List.of("mode"), fields(errors));
      assertContains(errors.get(0).message(), "REUSE, RECYCLING, OTHER_RECOVERY, ENERGY_RECOVERY, DISPOSAL");
    }

    @Test
    @DisplayName("a carrier given as a number is one error on carrier")
    void carrierAsNumber() {
      assertEquals(List.of(new FieldError("carrier", "must be a string")), errorsOf(example().put("carrier", 1)));
    }

    @Test
    @DisplayName("an origin that is not an object is refused")
    void originNotObject() {
      assertEquals(List.of(new FieldError("origin", "must be an object")), errorsOf(example().put("origin", "cp-001")));
    }

    @Test
    @DisplayName("a nested field of the wrong type is named by its path")
    void nestedWrongType() {
      assertEquals(List.of(new FieldError("origin.insee", "must be a string")),
          errorsOf(example().put("origin", new JsonObject().put("point", "cp-001").put("insee", 69259))));
    }

    @Test
    @DisplayName("manual given as a string is refused")
    void manualNotBoolean() {
      List<FieldError> errors = errorsOf(example().put("manual", "true").put("manualReason", null));
      assertEquals(List.of(new FieldError("manual", "must be true or false")), errors);
    }

    @Test
    @DisplayName("type errors and rule errors are reported together")
    void typeAndRuleErrors() {
      JsonObject json = example().put("weightKg", "18460").put("at", "2026-11-28T09:14:03").put("carrier", "p99");
      List<FieldError> errors = errorsOf(json);
      assertEquals(Set.of("weightKg", "at", "carrier"), Set.copyOf(fields(errors)));
      assertEquals(3, errors.size(), errors::toString);
      assertTrue(errors.contains(new FieldError("carrier", "unknown partner 'p99'")), errors::toString);
    }

    @Test
    @DisplayName("an empty object reports every always-required field")
    void emptyObject() {
      List<FieldError> errors = errorsOf(new JsonObject());
      assertEquals(List.of("key", "ticket", "seq", "at", "site", "bridge", "weightKg"), fields(errors));
      errors.forEach(e -> assertEquals("is required", e.message()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"weightKg | 18460", "weightKg | 18460.5", "at | 2026-11-28"})
    @DisplayName("the same errors come from bytes and from an already parsed object")
    void bytesAndObjectAgree(String field, String value) {
      JsonObject json = example().put(field, value);
      InvalidInputException fromObject = assertThrows(InvalidInputException.class, () -> read(json));
      InvalidInputException fromBytes = assertThrows(InvalidInputException.class, () -> read(json.encode()));
      assertEquals(fromObject.errors(), fromBytes.errors());
    }
  }

  @Test
  @DisplayName("a payload whose site or bridge differs from its MQTT topic's is refused on both fields")
  void topicMismatch() {
    JsonObject json = example();
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> PARSER.read(json, new PassParser.Expected("lyon-nord", "wb2"), REF, NOW));
    assertEquals(List.of("site", "bridge"), e.errors().stream().map(FieldError::field).toList());
    assertTrue(e.errors().get(1).message().contains("does not match the topic"));
  }
}
