package fr.iloe.tracker.store;

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

  /**
   * The rows (each a JSON array, encoded, see {@link Chain#row}) as JSON arrays of rows, each at most
   * {@value #CHUNK_BYTES} bytes (unless one row is larger).
   */
  static String[] chunks(List<String> rows) {
    List<String> chunks = new ArrayList<>();
    StringBuilder chunk = new StringBuilder("[");
    int size = 2;
    for (String encoded : rows) {
      int rowSize = encoded.getBytes(StandardCharsets.UTF_8).length + 1;
      if (size + rowSize > CHUNK_BYTES && chunk.length() > 1) {
        chunks.add(chunk.append(']').toString());
        chunk = new StringBuilder("[");
        size = 2;
      }
      if (chunk.length() > 1) {
        chunk.append(',');
      }
      chunk.append(encoded);
      size += rowSize;
    }
    if (chunk.length() > 1) {
      chunks.add(chunk.append(']').toString());
    }
    return chunks.toArray(String[]::new);
  }
}
