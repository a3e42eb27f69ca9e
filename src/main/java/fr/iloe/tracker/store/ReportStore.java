package fr.iloe.tracker.store;

import fr.iloe.tracker.domain.Activity;
import fr.iloe.tracker.domain.Compensation;
import fr.iloe.tracker.domain.Direction;
import fr.iloe.tracker.domain.Mode;
import fr.iloe.tracker.domain.Period;
import fr.iloe.tracker.domain.ReferenceData;
import fr.iloe.tracker.domain.WasteCode;
import fr.iloe.tracker.ingest.ReferenceJson;
import fr.iloe.tracker.ingest.StrictJson;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the compensation reports read, as of a snapshot: the ledger up to a place in the hash chain, a version
 * of the reference bundle (parameters and payments), the insertion records and stock declarations up to an id.
 * Reading the same snapshot again gives the same figures, however the history moved on since.
 */
public final class ReportStore {
  private final Pool pool;

  public ReportStore(Pool pool) {
    this.pool = pool;
  }

  /** The inputs' state a report is made from. */
  public record Snapshot(long chainSeq, long referenceVersion, long insertionId, long stockId) {
    public JsonObject json() {
      return new JsonObject().put("chainSeq", chainSeq).put("referenceVersion", referenceVersion)
          .put("insertionId", insertionId).put("stockId", stockId);
    }
  }

  /** The state of the inputs now. */
  public Future<Snapshot> now() {
    return pool.query("SELECT (SELECT seq FROM chain_head),"
            + " (SELECT coalesce(max(version), 0) FROM reference_bundle),"
            + " (SELECT coalesce(max(id), 0) FROM insertion_record),"
            + " (SELECT coalesce(max(id), 0) FROM stock_declaration)").execute()
        .map(rows -> {
          Row r = rows.iterator().next();
          return new Snapshot(r.getLong(0), r.getLong(1), r.getLong(2), r.getLong(3));
        });
  }

  /** The reference bundle of a version (parameters, payments, partners as they were). */
  public Future<ReferenceData> reference(long version) {
    return pool.preparedQuery("SELECT bundle::text FROM reference_bundle WHERE version = $1")
        .execute(TicketStore.args(version))
        .map(rows -> rows.size() == 0 ? ReferenceData.EMPTY
            : ReferenceJson.read(StrictJson.parseObject(rows.iterator().next().getString(0).getBytes(StandardCharsets.UTF_8))));
  }

  /** The ledger of a period summed by day, partner, activity, mode, waste code and direction. */
  public Future<List<Compensation.MassLine>> lines(Period period, String partner, Snapshot s) {
    return pool.preparedQuery("SELECT (at AT TIME ZONE 'Europe/Paris')::date AS day, partner, activity, mode, waste_code,"
            + " direction, sum(kg)::bigint AS kg FROM allocation_line WHERE at >= $1 AND at < $2"
            + " AND (chain_seq IS NULL OR chain_seq <= $3) AND ($4::text IS NULL OR partner = $4)"
            + " GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(kg) <> 0")
        .execute(TicketStore.args(TicketStore.utc(period.start()), TicketStore.utc(period.end()), s.chainSeq(), partner))
        .map(rows -> {
          List<Compensation.MassLine> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(new Compensation.MassLine(r.getLocalDate("day"), r.getString("partner"),
                Activity.valueOf(r.getString("activity")), r.getString("mode") == null ? null : Mode.valueOf(r.getString("mode")),
                new WasteCode(r.getString("waste_code")), Direction.valueOf(r.getString("direction")), r.getLong("kg")));
          }
          return out;
        });
  }

  /** Hours worked in the period's months (the latest record per partner, month and participant). */
  public Future<BigDecimal> insertionHours(Period period, String partner, Snapshot s) {
    return pool.preparedQuery("SELECT coalesce(sum(hours_worked), 0) FROM (SELECT DISTINCT ON (partner, month, participant)"
            + " hours_worked FROM insertion_record WHERE month >= date_trunc('month', $1::date) AND month <= $2 AND id <= $3"
            + " AND ($4::text IS NULL OR partner = $4) ORDER BY partner, month, participant, id DESC) latest")
        .execute(TicketStore.args(period.first(), period.last(), s.insertionId(), partner))
        .map(rows -> rows.iterator().next().getBigDecimal(0).setScale(2));
  }

  /** Stock at the end of the period minus stock before it (the latest declaration per site and code, each side). */
  public Future<Long> stockChange(Period period, Snapshot s) {
    String at = "SELECT coalesce(sum(kg), 0)::bigint FROM (SELECT DISTINCT ON (site, waste_code) kg FROM stock_declaration"
        + " WHERE day <= $1 AND id <= $2 ORDER BY site, waste_code, day DESC, id DESC) latest";
    return pool.preparedQuery(at).execute(TicketStore.args(period.last(), s.stockId()))
        .compose(end -> pool.preparedQuery(at).execute(TicketStore.args(period.first().minusDays(1), s.stockId()))
            .map(start -> end.iterator().next().getLong(0) - start.iterator().next().getLong(0)));
  }

  /** A published version of a report, if any: the latest, or the given one. */
  public record Published(long id, String period, String partner, int version, Snapshot snapshot, String sha256,
      String publishedBy, Instant publishedAt) {}

  public Future<Optional<Published>> published(String period, String partner, Integer version) {
    return pool.preparedQuery("SELECT * FROM published_report WHERE period = $1 AND coalesce(partner, '') = coalesce($2, '')"
            + " AND ($3::int IS NULL OR version = $3) ORDER BY version DESC LIMIT 1")
        .execute(TicketStore.args(period, partner, version))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(published(rows.iterator().next())));
  }

  public Future<Published> publish(String period, String partner, Snapshot s, String sha256, String by) {
    return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_advisory_xact_lock(hashtext($1))")
        .execute(TicketStore.args("report:" + period + ":" + partner))
        .compose(v -> conn.preparedQuery("INSERT INTO published_report (period, partner, version, chain_seq, reference_version,"
                + " insertion_id, stock_id, sha256, published_by) SELECT $1, $2, coalesce(max(version), 0) + 1, $3, $4, $5, $6, $7, $8"
                + " FROM published_report WHERE period = $1 AND coalesce(partner, '') = coalesce($2, '') RETURNING *")
            .execute(TicketStore.args(period, partner, s.chainSeq(), s.referenceVersion(), s.insertionId(), s.stockId(),
                sha256, by)))
        .map(rows -> published(rows.iterator().next())));
  }

  private static Published published(Row r) {
    return new Published(r.getLong("id"), r.getString("period"), r.getString("partner"), r.getInteger("version"),
        new Snapshot(r.getLong("chain_seq"), r.getLong("reference_version"), r.getLong("insertion_id"), r.getLong("stock_id")),
        r.getString("sha256"), r.getString("published_by"), r.getOffsetDateTime("published_at").toInstant());
  }

  /** The evidence columns, in order. */
  public static final java.util.List<String> EVIDENCE = java.util.List.of("site", "ticket", "closedAt", "direction",
      "wasteCode", "activity", "partner", "mode", "kg", "cause", "chainSeq");

  /**
   * Streams every ledger line counted in a report (every ticket with its allocation) into {@code out}, as CSV
   * lines made by {@code line}, through a database cursor: memory does not grow with the period. Completes with
   * the number of lines once {@code out} has them all.
   */
  public Future<Long> evidence(Period period, String partner, Snapshot s,
      io.vertx.core.streams.WriteStream<io.vertx.core.buffer.Buffer> out, java.util.function.Function<java.util.List<String>, String> line) {
    return pool.getConnection().compose(conn -> conn.begin().compose(tx -> conn.prepare("SELECT site, ticket, at, direction,"
                + " waste_code, activity, partner, mode, kg, cause, chain_seq FROM allocation_line WHERE at >= $1 AND at < $2"
                + " AND (chain_seq IS NULL OR chain_seq <= $3) AND ($4::text IS NULL OR partner = $4)"
                + " ORDER BY at, site, ticket, id")
            .compose(ps -> {
              io.vertx.core.Promise<Long> done = io.vertx.core.Promise.promise();
              long[] count = {0};
              io.vertx.sqlclient.RowStream<Row> rows = ps.createStream(500, TicketStore.args(
                  TicketStore.utc(period.start()), TicketStore.utc(period.end()), s.chainSeq(), partner));
              out.write(io.vertx.core.buffer.Buffer.buffer(line.apply(EVIDENCE)));
              rows.exceptionHandler(done::tryFail);
              rows.endHandler(v -> done.tryComplete(count[0]));
              rows.handler(r -> {
                count[0]++;
                out.write(io.vertx.core.buffer.Buffer.buffer(line.apply(java.util.Arrays.asList(r.getString("site"),
                    r.getString("ticket"), r.getOffsetDateTime("at").toInstant().toString(), r.getString("direction"),
                    r.getString("waste_code"), r.getString("activity"), r.getString("partner"), r.getString("mode"),
                    Long.toString(r.getLong("kg")), r.getString("cause"),
                    r.getLong("chain_seq") == null ? "" : Long.toString(r.getLong("chain_seq"))))));
                if (out.writeQueueFull()) {
                  rows.pause();
                  out.drainHandler(x -> rows.resume());
                }
              });
              return done.future();
            })
            .eventually(() -> tx.commit()))
        .eventually(conn::close));
  }

  /** Tickets of the period whose ledger moved after a snapshot: each with the causes of the change. */
  public Future<List<JsonObject>> changedSince(Period period, String partner, Snapshot s) {
    return pool.preparedQuery("SELECT site, ticket, string_agg(DISTINCT cause, ', ' ORDER BY cause) AS causes,"
            + " sum(kg)::bigint AS net_change_kg FROM allocation_line WHERE at >= $1 AND at < $2 AND chain_seq > $3"
            + " AND ($4::text IS NULL OR partner = $4) GROUP BY site, ticket ORDER BY site, ticket")
        .execute(TicketStore.args(TicketStore.utc(period.start()), TicketStore.utc(period.end()), s.chainSeq(), partner))
        .map(rows -> {
          List<JsonObject> out = new ArrayList<>();
          rows.forEach(r -> out.add(new JsonObject().put("site", r.getString("site")).put("ticket", r.getString("ticket"))
              .put("causes", r.getString("causes")).put("netChangeKg", r.getLong("net_change_kg"))));
          return out;
        });
  }
}
