package fr.iloe.tracker.store;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The tamper-evident chain over stored records (passes, readings, ledger lines, final operations, revisions).
 * Each record's hash is SHA-256(previous hash || canonical form), and its sequence number is the next of one
 * global sequence; a writing transaction locks the chain's head ({@link #open}) from its first link to its
 * commit, so the chain grows in commit order, with no gap and no fork.
 *
 * <p>The canonical form is a JSON array of the record's kind and its stored fields, in a fixed order, times
 * as ISO-8601 instants to the microsecond (what PostgreSQL keeps), decimals as plain strings. The same function
 * reads a record back from its row to verify it.
 */
public final class Chain {
  private Chain() {}

  /** A record's place in the chain. */
  public record Link(long seq, byte[] hash) {}

  /** The head of the chain within a transaction: where the next record goes. */
  public static final class Cursor {
    private long seq;
    private byte[] hash;

    Cursor(long seq, byte[] hash) {
      this.seq = seq;
      this.hash = hash;
    }

    /** Chains one more record, in the order the records are inserted. */
    public Link link(String canonical) {
      seq++;
      hash = next(hash, canonical);
      return new Link(seq, hash);
    }

    /** Writes the new head; the transaction's commit makes its links final. */
    public Future<Void> save(SqlConnection conn) {
      return conn.preparedQuery("UPDATE chain_head SET seq = $1, hash = $2 WHERE id = 1")
          .execute(TicketStore.args(seq, Buffer.buffer(hash))).mapEmpty();
    }
  }

  /**
   * Takes the chain's head for this transaction, waiting for another writer to commit first. The lock is a
   * {@code LOCK TABLE}, which takes no snapshot: issued first in a REPEATABLE READ transaction, it makes the
   * transaction's snapshot start after the previous writer's commit, so writers never conflict (PostgreSQL's
   * advice for such transactions). Take any advisory lock before it, never after, to keep one lock order.
   */
  public static Future<Cursor> open(SqlConnection conn) {
    // pipelined: the read runs once the lock is granted (a connection's statements run in the order sent)
    Future<?> locked = conn.query("LOCK TABLE chain_head IN EXCLUSIVE MODE").execute();
    Future<io.vertx.sqlclient.RowSet<Row>> head = conn.query("SELECT seq, hash FROM chain_head WHERE id = 1").execute();
    return Future.all(locked, head).map(v -> head.result())
        .map(rows -> {
          Row r = rows.iterator().next();
          return new Cursor(r.getLong("seq"), r.getBuffer("hash").getBytes());
        });
  }

  /** SHA-256 of the previous hash followed by the canonical form's UTF-8 bytes. */
  public static byte[] next(byte[] previous, String canonical) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(previous);
      sha.update(canonical.getBytes(StandardCharsets.UTF_8));
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  public static String hex(byte[] hash) {
    return HexFormat.of().formatHex(hash);
  }

  /** A pass as stored. */
  public static String pass(String site, String key, String ticket, String bridge, String seq, Object at, Long weightKg,
      String direction, String plate, String carrier, String wasteCode, String originPoint, String originInsee,
      String destination, String operation, String mode, Boolean manual, String manualReason, Long storedTareKg,
      String channel, Object receivedAt) {
    return canonical("pass", site, key, ticket, bridge, seq, at, weightKg, direction, plate, carrier, wasteCode,
        originPoint, originInsee, destination, operation, mode, manual, manualReason, storedTareKg, channel, receivedAt);
  }

  /** A collection-point reading as stored. */
  public static String reading(String site, String key, String point, Object at, String kind, BigDecimal fillPercent,
      BigDecimal temperatureC, String plate, Long estimatedKg, Object items, String channel, Object receivedAt) {
    return canonical("reading", site, key, point, at, kind, fillPercent, temperatureC, plate, estimatedKg, items, channel,
        receivedAt);
  }

  /** A ledger line as stored. */
  public static String line(String site, String ticket, Object at, String direction, String wasteCode, String activity,
      String partner, String mode, Long kg, String cause) {
    return canonical("line", site, ticket, at, direction, wasteCode, activity, partner, mode, kg, cause);
  }

  /** A final operation as stored. */
  public static String finalOperation(String site, String ticket, Object seq, String operation, String mode, Long kg,
      Object at, String recordedBy) {
    return canonical("final", site, ticket, seq, operation, mode, kg, at, recordedBy);
  }

  /** The fields a revision may change, in the order of its canonical form and of its stored {@code changes}. */
  public static final java.util.List<String> REVISION_FIELDS = java.util.List.of("plate", "carrier", "wasteCode",
      "originPoint", "originInsee", "destination", "operation", "mode");

  /** A revision as stored: its changes read in {@link #REVISION_FIELDS} order. */
  public static String revision(String site, String ticket, Object revision, io.vertx.core.json.JsonObject changes,
      Boolean voided, String reason, String author) {
    Object[] fields = new Object[REVISION_FIELDS.size() + 6];
    fields[0] = site;
    fields[1] = ticket;
    fields[2] = revision;
    for (int i = 0; i < REVISION_FIELDS.size(); i++) {
      fields[3 + i] = changes.getValue(REVISION_FIELDS.get(i));
    }
    fields[3 + REVISION_FIELDS.size()] = voided;
    fields[4 + REVISION_FIELDS.size()] = reason;
    fields[5 + REVISION_FIELDS.size()] = author;
    return canonical("revision", fields);
  }

  /**
   * The canonical form of a record: its kind, then its fields, as the JSON array Vert.x's {@code JsonArray.encode}
   * writes, computed for every stored record in the transaction's critical path, so written by hand
   * ({@link #row}); {@code CanonicalFormTest} holds it to Jackson's output.
   */
  public static String canonical(String kind, Object... fields) {
    Object[] values = new Object[fields.length + 1];
    values[0] = kind;
    for (int i = 0; i < fields.length; i++) {
      values[i + 1] = value(fields[i]);
    }
    return row(values);
  }

  /** The same through Jackson. */
  static String jackson(String kind, Object... fields) {
    JsonArray a = new JsonArray().add(kind);
    for (Object f : fields) {
      a.add(value(f));
    }
    return a.encode();
  }

  /**
   * {@code new JsonArray(values).encode()}, character for character (Jackson: no spaces; {@code "} and {@code \\}
   * escaped, control characters as {@code \\b \\t \\n \\f \\r} or {@code \\u00XX}, everything else as
   * is), written by hand for strings, longs, integers, booleans and nulls; Jackson writes a row with another type.
   */
  static String row(Object... values) {
    StringBuilder out = new StringBuilder(256).append('[');
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      Object v = values[i];
      if (v == null) {
        out.append("null");
      } else if (v instanceof String str) {
        string(out, str);
      } else if (v instanceof Long || v instanceof Integer || v instanceof Boolean) {
        out.append(v);
      } else {
        return new JsonArray(new java.util.ArrayList<>(java.util.Arrays.asList(values))).encode();
      }
    }
    return out.append(']').toString();
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') {
        out.append(c);
        continue;
      }
      out.append('\\');
      switch (c) {
        case '"' -> out.append('"');
        case '\\' -> out.append('\\');
        case '\b' -> out.append('b');
        case '\t' -> out.append('t');
        case '\n' -> out.append('n');
        case '\f' -> out.append('f');
        case '\r' -> out.append('r');
        default -> out.append("u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
      }
    }
    out.append('"');
  }

  private static final long YEAR_0 = -62_167_219_200L;
  private static final long YEAR_10000 = 253_402_300_800L;

  /**
   * {@code t.truncatedTo(MICROS).toString()}, character for character, without the formatter (years 0 to 9999;
   * others through it): {@code yyyy-MM-ddTHH:mm:ss}, then {@code .SSS} or {@code .SSSSSS} when there is a fraction,
   * then {@code Z}.
   */
  static String iso(Instant t) {
    long seconds = t.getEpochSecond();
    if (seconds < YEAR_0 || seconds >= YEAR_10000) {
      return t.truncatedTo(ChronoUnit.MICROS).toString();
    }
    java.time.LocalDateTime d = java.time.LocalDateTime.ofEpochSecond(seconds, 0, java.time.ZoneOffset.UTC);
    int micros = t.getNano() / 1000;
    StringBuilder b = new StringBuilder(27);
    digits(b, d.getYear(), 4).append('-');
    digits(b, d.getMonthValue(), 2).append('-');
    digits(b, d.getDayOfMonth(), 2).append('T');
    digits(b, d.getHour(), 2).append(':');
    digits(b, d.getMinute(), 2).append(':');
    digits(b, d.getSecond(), 2);
    if (micros > 0) {
      b.append('.');
      if (micros % 1000 == 0) {
        digits(b, micros / 1000, 3);
      } else {
        digits(b, micros, 6);
      }
    }
    return b.append('Z').toString();
  }

  private static StringBuilder digits(StringBuilder b, int value, int width) {
    String s = Integer.toString(value);
    for (int i = s.length(); i < width; i++) {
      b.append('0');
    }
    return b.append(s);
  }

  private static Object value(Object f) {
    if (f instanceof Instant t) {
      return iso(t);
    }
    if (f instanceof OffsetDateTime t) {
      return iso(t.toInstant());
    }
    if (f instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (f instanceof Integer i) {
      return i.longValue();
    }
    if (f instanceof Enum<?> e) {
      return e.name();
    }
    return f;
  }
}
