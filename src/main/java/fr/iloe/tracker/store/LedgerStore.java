package fr.iloe.tracker.store;

import fr.iloe.tracker.domain.Activity;
import fr.iloe.tracker.domain.AllocationLine;
import fr.iloe.tracker.domain.Mode;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Appends ledger lines and tells every instance about them: the lines of a transaction, summed by day, site,
 * direction, waste code, activity, partner and mode, are sent with {@code pg_notify} in the same transaction,
 * so that listeners hear of them exactly when they commit, with the transaction id that lets a listener
 * tell them apart from what its last full read already counted.
 */
public final class LedgerStore {
  /** The channel of ledger changes. */
  public static final String CHANNEL = "iloe_ledger";

  private static final String INSERT = "INSERT INTO allocation_line (site, ticket, at, direction, waste_code, activity,"
      + " partner, mode, kg, cause, chain_seq, chain_hash) SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[],"
      + " $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bigint[], $10::text[], $11::bigint[], $12::bytea[])";

  private static final String NOTIFY = "SELECT pg_notify('" + CHANNEL + "', json_build_object('x', pg_current_xact_id()::text,"
      + " 'd', d::json)::text) FROM unnest($1::text[]) AS d";

  private LedgerStore() {}

  /**
   * Appends the entries, chained after what the transaction chained before, and queues their notification,
   * inside the caller's transaction.
   */
  public static Future<Void> append(SqlClient conn, List<LedgerEntry> entries, Chain.Cursor chain) {
    if (entries.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Chain.Link> links = entries.stream().map(e -> chain.link(canonical(e))).toList();
    // pipelined: if the insert fails, the notification fails too (aborted transaction)
    Future<?> inserted = conn.preparedQuery(INSERT).execute(TicketStore.args(
            entries.stream().map(LedgerEntry::site).toArray(String[]::new),
            entries.stream().map(LedgerEntry::ticket).toArray(String[]::new),
            entries.stream().map(e -> TicketStore.utc(e.at())).toArray(OffsetDateTime[]::new),
            entries.stream().map(e -> e.direction().name()).toArray(String[]::new),
            entries.stream().map(LedgerEntry::wasteCode).toArray(String[]::new),
            entries.stream().map(e -> e.line().activity().name()).toArray(String[]::new),
            entries.stream().map(e -> e.line().partner()).toArray(String[]::new),
            entries.stream().map(e -> e.line().mode() == null ? null : e.line().mode().name()).toArray(String[]::new),
            entries.stream().map(e -> e.line().kg()).toArray(Long[]::new),
            entries.stream().map(LedgerEntry::cause).toArray(String[]::new),
            links.stream().map(Chain.Link::seq).toArray(Long[]::new),
            links.stream().map(l -> io.vertx.core.buffer.Buffer.buffer(l.hash())).toArray(io.vertx.core.buffer.Buffer[]::new)));
    Future<?> notified = conn.preparedQuery(NOTIFY).execute(TicketStore.args((Object) chunks(entries)));
    return Future.all(inserted, notified).mapEmpty();
  }

  /**
   * The entries summed by day, site, direction, waste code, activity, partner and mode, as JSON arrays
   * {@code [day, site, direction, wasteCode, activity, partner, mode, kg]}, in chunks that fit a notification.
   */
  static String[] chunks(List<LedgerEntry> entries) {
    Map<List<String>, Long> sums = new HashMap<>();
    for (LedgerEntry e : entries) {
      sums.merge(List.of(e.day().toString(), e.site(), e.direction().name(), e.wasteCode(), e.line().activity().name(),
          e.line().partner(), e.line().mode() == null ? "" : e.line().mode().name()), e.line().kg(), Long::sum);
    }
    // in a fixed order (by fields), each key joined once
    Map<String, String> rows = new TreeMap<>();
    for (Map.Entry<List<String>, Long> s : sums.entrySet()) {
      if (s.getValue() != 0) {
        List<String> k = s.getKey();
        rows.put(String.join("\u0000", k),
            Chain.row(k.get(0), k.get(1), k.get(2), k.get(3), k.get(4), k.get(5), k.get(6), s.getValue()));
      }
    }
    return Notices.chunks(new ArrayList<>(rows.values()));
  }

  static String canonical(LedgerEntry e) {
    return Chain.line(e.site(), e.ticket(), e.at(), e.direction().name(), e.wasteCode(), e.line().activity().name(),
        e.line().partner(), e.line().mode() == null ? null : e.line().mode().name(), e.line().kg(), e.cause());
  }

  /** A ticket's ledger lines, in the order they were written. */
  public static Future<List<AllocationLine>> linesOf(SqlClient conn, String site, String ticket) {
    return conn.preparedQuery("SELECT activity, partner, mode, kg FROM allocation_line WHERE site = $1 AND ticket = $2 ORDER BY id")
        .execute(TicketStore.args(site, ticket))
        .map(rows -> {
          List<AllocationLine> lines = new ArrayList<>();
          for (Row r : rows) {
            lines.add(line(r));
          }
          return lines;
        });
  }

  static AllocationLine line(Row r) {
    return new AllocationLine(Activity.valueOf(r.getString("activity")), r.getString("partner"),
        r.getString("mode") == null ? null : Mode.valueOf(r.getString("mode")), r.getLong("kg"));
  }
}
