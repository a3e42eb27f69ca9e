package fr.iloe.tracker.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Recomputes the hash chain from the stored records: every record's canonical form is read back from its row,
 * hashed after the previous hash, and compared with the hash stored beside it; a missing sequence number is a
 * deleted record. The first difference is reported, naming the record.
 */
public final class ChainVerifier {
  private static final int PAGE = 5_000;

  /** How each table's rows are read back into their canonical form, and named in a report. */
  private record Kind(String table, Function<Row, String> canonical, Function<Row, String> name) {}

  private static final List<Kind> KINDS = List.of(
      new Kind("pass", r -> Chain.pass(r.getString("site"), r.getString("key"), r.getString("ticket"), r.getString("bridge"),
          r.getString("seq"), r.getOffsetDateTime("at"), r.getLong("weight_kg"), r.getString("direction"), r.getString("plate"),
          r.getString("carrier"), r.getString("waste_code"), r.getString("origin_point"), r.getString("origin_insee"),
          r.getString("destination"), r.getString("operation"), r.getString("mode"), r.getBoolean("manual"),
          r.getString("manual_reason"), r.getLong("stored_tare_kg"), r.getString("channel"), r.getOffsetDateTime("received_at")),
          r -> "pass " + r.getString("site") + "/" + r.getString("key") + " (ticket " + r.getString("ticket") + ")"),
      new Kind("reading", r -> Chain.reading(r.getString("site"), r.getString("key"), r.getString("point"),
          r.getOffsetDateTime("at"), r.getString("kind"), r.getBigDecimal("fill_percent"), r.getBigDecimal("temperature_c"),
          r.getString("plate"), r.getLong("estimated_kg"), r.getInteger("items"), r.getString("channel"),
          r.getOffsetDateTime("received_at")),
          r -> "reading " + r.getString("site") + "/" + r.getString("key")),
      new Kind("allocation_line", r -> Chain.line(r.getString("site"), r.getString("ticket"), r.getOffsetDateTime("at"),
          r.getString("direction"), r.getString("waste_code"), r.getString("activity"), r.getString("partner"),
          r.getString("mode"), r.getLong("kg"), r.getString("cause")),
          r -> "ledger line " + r.getLong("id") + " (ticket " + r.getString("site") + "/" + r.getString("ticket") + ")"),
      new Kind("final_operation", r -> Chain.finalOperation(r.getString("site"), r.getString("ticket"), r.getInteger("seq"),
          r.getString("operation"), r.getString("mode"), r.getLong("kg"), r.getOffsetDateTime("at"),
          r.getString("recorded_by")),
          r -> "final operation " + r.getInteger("seq") + " of ticket " + r.getString("site") + "/" + r.getString("ticket")),
      new Kind("ticket_revision", r -> Chain.revision(r.getString("site"), r.getString("ticket"), r.getInteger("revision"),
          new JsonObject(r.getString("changes_text")), r.getBoolean("voided"), r.getString("reason"), r.getString("author")),
          r -> "revision " + r.getInteger("revision") + " of ticket " + r.getString("site") + "/" + r.getString("ticket")));

  private final Pool pool;

  public ChainVerifier(Pool pool) {
    this.pool = pool;
  }

  /** What a verification found: {@code broken} names the first record that does not verify, when one does not. */
  public record Result(boolean ok, long records, long firstSeq, long lastSeq, String lastHash, JsonObject broken) {
    public JsonObject json() {
      JsonObject j = new JsonObject().put("ok", ok).put("records", records).put("firstSeq", firstSeq)
          .put("lastSeq", lastSeq).put("lastHash", lastHash);
      if (broken != null) {
        j.put("broken", broken);
      }
      return j;
    }
  }

  private record Entry(String canonical, byte[] stored, String name) {}

  /** Verifies the records stored from {@code from} to {@code to} (null: from the start, to the end). */
  public Future<Result> verify(Instant from, Instant to) {
    return range(from, to).compose(range -> {
      long first = range[0];
      long last = range[1];
      if (last < first) {
        return Future.succeededFuture(new Result(true, 0, first, last, null, null));
      }
      return anchor(first).compose(previous -> page(first, last, first, previous, 0));
    });
  }

  /** The sequence numbers of the first and last records stored in the range (the whole chain without one). */
  private Future<long[]> range(Instant from, Instant to) {
    if (from == null && to == null) {
      return pool.query("SELECT seq FROM chain_head").execute().map(r -> new long[] {1, r.iterator().next().getLong(0)});
    }
    String union = String.join(" UNION ALL ", KINDS.stream().map(k -> "SELECT chain_seq, recorded_at FROM " + k.table()
        + " WHERE chain_seq IS NOT NULL").toList());
    return pool.preparedQuery("SELECT min(chain_seq), max(chain_seq) FROM (" + union + ") c WHERE ($1::timestamptz IS NULL"
            + " OR recorded_at >= $1) AND ($2::timestamptz IS NULL OR recorded_at < $2)")
        .execute(TicketStore.args(TicketStore.utc(from), TicketStore.utc(to)))
        .map(r -> {
          Row row = r.iterator().next();
          return row.getLong(0) == null ? new long[] {1, 0} : new long[] {row.getLong(0), row.getLong(1)};
        });
  }

  /** The hash before the first record verified: zeros at the chain's start, else the stored hash of the one before. */
  private Future<byte[]> anchor(long first) {
    if (first <= 1) {
      return Future.succeededFuture(new byte[32]);
    }
    return rows(first - 1, first).map(entries -> entries.containsKey(first - 1) ? entries.get(first - 1).stored() : new byte[32]);
  }

  private Future<Result> page(long from, long last, long first, byte[] previous, long checked) {
    long to = Math.min(last + 1, from + PAGE);
    return rows(from, to).compose(entries -> {
      byte[] hash = previous;
      long count = checked;
      for (long seq = from; seq < to; seq++) {
        Entry e = entries.get(seq);
        if (e == null) {
          return Future.succeededFuture(broken(first, seq, count, new JsonObject().put("seq", seq)
              .put("record", "none").put("reason", "no record has this place in the chain: one was deleted")));
        }
        byte[] expected = Chain.next(hash, e.canonical());
        if (!Arrays.equals(expected, e.stored())) {
          return Future.succeededFuture(broken(first, seq, count, new JsonObject().put("seq", seq).put("record", e.name())
              .put("reason", "its content or its place does not match its hash: it was altered after it was stored")
              .put("storedHash", Chain.hex(e.stored())).put("computedHash", Chain.hex(expected))));
        }
        hash = expected;
        count++;
      }
      if (to > last) {
        return Future.succeededFuture(new Result(true, count, first, last, Chain.hex(hash), null));
      }
      return page(to, last, first, hash, count);
    });
  }

  private static Result broken(long first, long seq, long checked, JsonObject what) {
    return new Result(false, checked, first, seq, null, what);
  }

  /** The records with sequence numbers in [from, to), from every table. */
  private Future<Map<Long, Entry>> rows(long from, long to) {
    Map<Long, Entry> out = new TreeMap<>();
    Future<Void> all = Future.succeededFuture();
    for (Kind k : KINDS) {
      String extra = k.table().equals("ticket_revision") ? ", changes::text AS changes_text" : "";
      all = all.compose(v -> pool.preparedQuery("SELECT *" + extra + " FROM " + k.table()
              + " WHERE chain_seq >= $1 AND chain_seq < $2")
          .execute(TicketStore.args(from, to))
          .map(rows -> {
            for (Row r : rows) {
              out.put(r.getLong("chain_seq"), new Entry(k.canonical().apply(r), r.getBuffer("chain_hash").getBytes(),
                  k.name().apply(r)));
            }
            return null;
          }));
    }
    return all.map(v -> out);
  }

  /** Per calendar day (Europe/Paris): the records stored that day and the chain's hash after the last of them. */
  public Future<JsonArray> digests(Instant from, Instant to) {
    String union = String.join(" UNION ALL ", KINDS.stream().map(k -> "SELECT chain_seq, chain_hash, recorded_at FROM "
        + k.table() + " WHERE chain_seq IS NOT NULL").toList());
    return pool.preparedQuery("SELECT (recorded_at AT TIME ZONE 'Europe/Paris')::date AS day, count(*) AS records,"
            + " max(chain_seq) AS last_seq, (array_agg(chain_hash ORDER BY chain_seq DESC))[1] AS last_hash"
            + " FROM (" + union + ") c WHERE ($1::timestamptz IS NULL OR recorded_at >= $1)"
            + " AND ($2::timestamptz IS NULL OR recorded_at < $2) GROUP BY 1 ORDER BY 1")
        .execute(TicketStore.args(TicketStore.utc(from), TicketStore.utc(to)))
        .map(rows -> {
          JsonArray out = new JsonArray();
          for (Row r : rows) {
            out.add(new JsonObject().put("day", r.getLocalDate("day").toString()).put("records", r.getLong("records"))
                .put("lastSeq", r.getLong("last_seq")).put("hash", Chain.hex(r.getBuffer("last_hash").getBytes())));
          }
          return out;
        });
  }
}
