package fr.iloe.tracker.store;

import fr.iloe.tracker.domain.Channel;
import fr.iloe.tracker.domain.ConflictException;
import fr.iloe.tracker.domain.FieldError;
import fr.iloe.tracker.domain.Period;
import fr.iloe.tracker.domain.PickupMatching;
import fr.iloe.tracker.domain.PointStatus;
import fr.iloe.tracker.domain.Reading;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collection-point readings in PostgreSQL, append-only, recorded in batches (one transaction per group
 * commit) with the same idempotency as passes: the same key and content is a duplicate, other content a
 * conflict. Each committing batch notifies {@code iloe_readings} so that every instance refreshes its points.
 */
public final class ReadingStore {
  public static final String CHANNEL = "iloe_readings";

  private static final String COLUMNS = "site, key, point, at, kind, fill_percent, temperature_c, plate, estimated_kg, items";

  private final Pool pool;

  public ReadingStore(Pool pool) {
    this.pool = pool;
  }

  public record Submission(Reading reading, Channel channel, Instant receivedAt) {}

  public enum Outcome {
    STORED,
    DUPLICATE,
    CONFLICT
  }

  public record Recorded(Outcome outcome, Reading reading, RuntimeException refusal) {}

  public Future<List<Recorded>> record(List<Submission> batch) {
    return pool.withTransaction(conn -> Chain.open(conn).compose(chain -> recordIn(conn, batch, chain)));
  }

  private Future<List<Recorded>> recordIn(SqlConnection conn, List<Submission> batch, Chain.Cursor chain) {
    String[] sites = batch.stream().map(s -> s.reading().site()).toArray(String[]::new);
    String[] keys = batch.stream().map(s -> s.reading().key()).toArray(String[]::new);
    return conn.preparedQuery("SELECT " + COLUMNS + " FROM reading r JOIN unnest($1::text[], $2::text[]) AS k(s, k)"
            + " ON r.site = k.s AND r.key = k.k")
        .execute(TicketStore.args(sites, keys))
        .compose(rows -> {
          Map<String, Reading> known = new HashMap<>();
          rows.forEach(r -> known.put(r.getString("site") + "\u0000" + r.getString("key"), readingFrom(r)));
          List<Recorded> results = new ArrayList<>();
          List<Submission> fresh = new ArrayList<>();
          for (Submission s : batch) {
            Reading r = s.reading();
            Reading original = known.get(r.site() + "\u0000" + r.key());
            if (original == null) {
              known.put(r.site() + "\u0000" + r.key(), r);
              fresh.add(s);
              results.add(new Recorded(Outcome.STORED, r, null));
            } else {
              List<String> fields = r.differences(original);
              if (fields.isEmpty()) {
                results.add(new Recorded(Outcome.DUPLICATE, original, null));
                continue;
              }
              results.add(new Recorded(Outcome.CONFLICT, null, ConflictException.keyTaken(r.key(), r.site(), fields,
                  "reading")));
            }
          }
          return insert(conn, fresh, chain).map(results);
        });
  }

  private static Future<Void> insert(SqlConnection conn, List<Submission> fresh, Chain.Cursor chain) {
    if (fresh.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Reading> rs = fresh.stream().map(Submission::reading).toList();
    List<Chain.Link> links = fresh.stream().map(s -> chain.link(canonical(s))).toList();
    // decimals travel as text: the PG client has no codec for BigDecimal arrays
    return conn.preparedQuery("INSERT INTO reading (" + COLUMNS + ", channel, received_at, chain_seq, chain_hash)"
            + " SELECT s, k, p, a, kind, f::numeric, t::numeric, pl, e, i, c, r, cs, ch FROM unnest("
            + "$1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::text[],"
            + " $9::bigint[], $10::int[], $11::text[], $12::timestamptz[], $13::bigint[], $14::bytea[])"
            + " AS u(s, k, p, a, kind, f, t, pl, e, i, c, r, cs, ch)")
        .execute(TicketStore.args(
            rs.stream().map(Reading::site).toArray(String[]::new),
            rs.stream().map(Reading::key).toArray(String[]::new),
            rs.stream().map(Reading::point).toArray(String[]::new),
            rs.stream().map(r -> TicketStore.utc(r.at())).toArray(OffsetDateTime[]::new),
            rs.stream().map(r -> r.kind().wire()).toArray(String[]::new),
            rs.stream().map(r -> plain(r.fillPercent())).toArray(String[]::new),
            rs.stream().map(r -> plain(r.temperatureC())).toArray(String[]::new),
            rs.stream().map(Reading::plate).toArray(String[]::new),
            rs.stream().map(Reading::estimatedKg).toArray(Long[]::new),
            rs.stream().map(r -> r.items() == null ? null : r.items().intValue()).toArray(Integer[]::new),
            fresh.stream().map(s -> s.channel().wire()).toArray(String[]::new),
            fresh.stream().map(s -> TicketStore.utc(s.receivedAt())).toArray(OffsetDateTime[]::new),
            links.stream().map(Chain.Link::seq).toArray(Long[]::new),
            links.stream().map(l -> io.vertx.core.buffer.Buffer.buffer(l.hash())).toArray(io.vertx.core.buffer.Buffer[]::new)))
        .compose(r -> chain.save(conn))
        .compose(r -> conn.preparedQuery("SELECT pg_notify('" + CHANNEL + "', d) FROM unnest($1::text[]) AS d")
            .execute(TicketStore.args((Object) notices(rs))))
        .mapEmpty();
  }

  static String canonical(Submission s) {
    Reading r = s.reading();
    return Chain.reading(r.site(), r.key(), r.point(), r.at(), r.kind().wire(), r.fillPercent(), r.temperatureC(),
        r.plate(), r.estimatedKg(), r.items(), s.channel().wire(), s.receivedAt());
  }

  /**
   * What other instances need to move their points: {@code [site, point, kind, at, fillPercent]} of each stored
   * reading, in as many notifications as the 8,000-byte limit of a payload needs (a full batch of 500 takes five).
   */
  private static String[] notices(List<Reading> rs) {
    return Notices.chunks(rs.stream().map(r -> Chain.row(r.site(), r.point(), r.kind().wire(), r.at().toString(),
        r.fillPercent() == null ? null : r.fillPercent().toPlainString())).toList());
  }

  /**
   * The latest fill and pickup of the given points (site, point), one index probe each, keyed by site and
   * point; points that never reported are absent.
   */
  public Future<Map<List<String>, PointStatus.Latest>> latest(List<List<String>> points) {
    return pool.preparedQuery("SELECT p.site, p.point, f.at AS fill_at, f.fill_percent, k.at AS pickup_at"
            + " FROM unnest($1::text[], $2::text[]) AS p(site, point)"
            + " LEFT JOIN LATERAL (SELECT at, fill_percent FROM reading WHERE site = p.site AND point = p.point"
            + "   AND kind = 'fill' ORDER BY at DESC, id DESC LIMIT 1) f ON true"
            + " LEFT JOIN LATERAL (SELECT at FROM reading WHERE site = p.site AND point = p.point"
            + "   AND kind = 'pickup' ORDER BY at DESC LIMIT 1) k ON true"
            + " WHERE f.at IS NOT NULL OR k.at IS NOT NULL")
        .execute(TicketStore.args(points.stream().map(p -> p.get(0)).toArray(String[]::new),
            points.stream().map(p -> p.get(1)).toArray(String[]::new)))
        .map(rows -> {
          Map<List<String>, PointStatus.Latest> out = new HashMap<>();
          for (Row r : rows) {
            out.put(List.of(r.getString("site"), r.getString("point")), new PointStatus.Latest(
                instant(r.getOffsetDateTime("fill_at")), r.getBigDecimal("fill_percent"),
                instant(r.getOffsetDateTime("pickup_at"))));
          }
          return out;
        });
  }

  /** A point's readings over a period, newest first (at most 1,000). */
  public Future<List<Reading>> readings(String site, String point, Period period) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM reading WHERE site = $1 AND point = $2 AND at >= $3 AND at < $4"
            + " ORDER BY at DESC, id DESC LIMIT 1000")
        .execute(TicketStore.args(site, point, TicketStore.utc(period.start()), TicketStore.utc(period.end())))
        .map(rows -> {
          List<Reading> out = new ArrayList<>();
          rows.forEach(r -> out.add(readingFrom(r)));
          return out;
        });
  }

  /**
   * The pickups of a period and the closed IN tickets that may weigh them (opened up to {@code window} after
   * the period), matched.
   */
  public Future<PickupMatching.Result> matched(Period period, String site, Duration window) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM reading WHERE kind = 'pickup' AND at >= $1 AND at < $2"
            + " AND ($3::text IS NULL OR site = $3)")
        .execute(TicketStore.args(TicketStore.utc(period.start()), TicketStore.utc(period.end()), site))
        .compose(pickupRows -> pool.preparedQuery("SELECT site, ticket, plate, opened_at, closed_at, net_kg FROM ticket_current"
                + " WHERE status = 'CLOSED' AND direction = 'IN' AND opened_at > $1 AND opened_at <= $2"
                + " AND ($3::text IS NULL OR site = $3)")
            .execute(TicketStore.args(TicketStore.utc(period.start()), TicketStore.utc(period.end().plus(window)), site))
            .map(ticketRows -> {
              List<PickupMatching.Pickup> pickups = new ArrayList<>();
              pickupRows.forEach(r -> pickups.add(new PickupMatching.Pickup(r.getString("key"), r.getString("site"),
                  r.getString("point"), r.getOffsetDateTime("at").toInstant(), r.getString("plate"), r.getLong("estimated_kg"))));
              List<PickupMatching.InTicket> tickets = new ArrayList<>();
              ticketRows.forEach(r -> tickets.add(new PickupMatching.InTicket(r.getString("site"), r.getString("ticket"),
                  r.getString("plate"), r.getOffsetDateTime("opened_at").toInstant(),
                  r.getOffsetDateTime("closed_at").toInstant(), r.getLong("net_kg"))));
              return PickupMatching.match(pickups, tickets, window);
            }));
  }

  static Reading readingFrom(Row r) {
    return new Reading(r.getString("key"), r.getString("site"), r.getString("point"),
        r.getOffsetDateTime("at").toInstant(), Reading.Kind.valueOf(r.getString("kind").toUpperCase(java.util.Locale.ROOT)),
        r.getBigDecimal("fill_percent"), r.getBigDecimal("temperature_c"), r.getString("plate"),
        r.getLong("estimated_kg"), r.getInteger("items") == null ? null : r.getInteger("items").longValue());
  }

  private static String plain(BigDecimal d) {
    return d == null ? null : d.toPlainString();
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}
