package fr.iloe.tracker.store;

import io.vertx.core.json.JsonArray;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL refuses a notification payload of 8,000 bytes or more (and the whole transaction with it): rows that
 * other instances must hear of are sent as JSON arrays of rows, in as many notifications as they need.
 */
final class Notices {
  static final int CHUNK_BYTES = 6_000;

  private Notices() {}

  /** The rows as JSON arrays of rows, each array's encoding at most {@value #CHUNK_BYTES} bytes (unless one row is larger). */
  static String[] chunks(List<JsonArray> rows) {
    List<String> chunks = new ArrayList<>();
    JsonArray chunk = new JsonArray();
    int size = 2;
    for (JsonArray row : rows) {
      int rowSize = row.encode().getBytes(StandardCharsets.UTF_8).length + 1;
      if (size + rowSize > CHUNK_BYTES && !chunk.isEmpty()) {
        chunks.add(chunk.encode());
        chunk = new JsonArray();
        size = 2;
      }
      chunk.add(row);
      size += rowSize;
    }
    if (!chunk.isEmpty()) {
      chunks.add(chunk.encode());
    }
    return chunks.toArray(String[]::new);
  }
}
