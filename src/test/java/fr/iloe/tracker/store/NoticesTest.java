package fr.iloe.tracker.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Notification payloads: rows split in chunks under PostgreSQL's limit, none lost")
class NoticesTest {
  @Test
  @DisplayName("each chunk is the JSON array of its rows, under 6,000 bytes; read back in order they are the rows")
  void chunks() {
    List<JsonArray> rows = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      rows.add(new JsonArray().add("2026-11-29").add("LYON-Été \"" + i + "\"").add("IN").add(i * 1_000_003L));
    }
    String[] chunks = Notices.chunks(rows.stream().map(JsonArray::encode).toList());
    assertTrue(chunks.length > 1, "400 rows of ~45 bytes fit in one chunk?");
    List<Object> back = new ArrayList<>();
    for (String c : chunks) {
      assertTrue(c.getBytes(StandardCharsets.UTF_8).length <= Notices.CHUNK_BYTES, c.length() + " bytes");
      JsonArray parsed = new JsonArray(c);
      assertEquals(parsed.encode(), c, "not the JSON array encoding of its rows");
      parsed.forEach(back::add);
    }
    assertEquals(rows, back);
  }

  @Test
  @DisplayName("no rows, no notification; one row larger than a chunk goes alone")
  void edges() {
    assertArrayEquals(new String[0], Notices.chunks(List.of()));
    JsonArray big = new JsonArray().add("x".repeat(7_000));
    JsonArray small = new JsonArray().add(1);
    assertArrayEquals(new String[] {"[[1]]", new JsonArray().add(big).encode(), "[[1]]"},
        Notices.chunks(List.of(small.encode(), big.encode(), small.encode())));
  }
}
