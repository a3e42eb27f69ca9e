package fr.iloe.tracker.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads untrusted bytes into a JSON object, refusing what a lenient parser would guess at: bytes that are
 * not UTF-8, a key given twice, trailing content, deep nesting. Decimal numbers are read as
 * {@link java.math.BigDecimal}, never as floating point.
 */
public final class StrictJson {
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).maxNumberLength(40)
          .maxStringLength(64 * 1024).build())
      .build();

  private StrictJson() {}

  /** @throws MalformedInputException when the bytes are not one UTF-8 JSON object */
  public static JsonObject parseObject(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
    } catch (CharacterCodingException e) {
      throw new MalformedInputException("the body is not valid UTF-8");
    }
    try (JsonParser parser = FACTORY.createParser(bytes)) {
      JsonToken first = parser.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw new MalformedInputException(first == null ? "the body is empty" : "the body must be a JSON object");
      }
      Map<String, Object> map = readObject(parser);
      if (parser.nextToken() != null) {
        throw new MalformedInputException("unexpected content after the JSON object");
      }
      return new JsonObject(map);
    } catch (JsonProcessingException e) {
      throw new MalformedInputException("the body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new MalformedInputException("the body could not be read: " + e.getMessage());
    }
  }

  private static Map<String, Object> readObject(JsonParser p) throws IOException {
    Map<String, Object> map = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      map.put(name, readValue(p));
    }
    return map;
  }

  private static Object readValue(JsonParser p) throws IOException {
    return switch (p.currentToken()) {
      case START_OBJECT -> new JsonObject(readObject(p));
      case START_ARRAY -> {
        List<Object> list = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          list.add(readValue(p));
        }
        yield new JsonArray(list);
      }
      case VALUE_STRING -> p.getText();
      case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : p.getLongValue();
      case VALUE_NUMBER_FLOAT -> p.getDecimalValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default -> throw new MalformedInputException("unexpected JSON token " + p.currentToken());
    };
  }
}
