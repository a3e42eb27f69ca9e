package fr.iloe.tracker.store;

import fr.iloe.tracker.domain.Period;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of the regulatory registers: every version of a period's closed tickets that a register shows (the
 * closing, then each correction or void), in chronological order, with what traces an outgoing lot back to the
 * incoming tickets sorted before it.
 */
public final class RegisterStore {
  private final Pool pool;

  public RegisterStore(Pool pool) {
    this.pool = pool;
  }

  /** A register line: a ticket as one of its versions left it, and why the line is written. */
  public record Line(String site, String ticket, int version, String cause, Instant at, Instant recordedAt, String status,
      String plate, String carrier, String wasteCode, long netKg, String originPoint, String originInsee,
      String destination, String operation, String mode, boolean manual, String finals, String incomingTickets) {}

  /** IN or OUT lines of the period, of one site or (null) all, in the order of their date, then of their version. */
  public Future<List<Line>> lines(Period period, String direction, String site) {
    String traced = "OUT".equals(direction)
        ? ", (SELECT string_agg(i.ticket, ' ' ORDER BY i.at, i.ticket) FROM ticket_current i WHERE i.site = v.site"
            + " AND i.direction = 'IN' AND i.status = 'CLOSED' AND i.at <= v.at AND i.at > coalesce((SELECT max(o.at)"
            + " FROM ticket_current o WHERE o.site = v.site AND o.direction = 'OUT' AND o.status = 'CLOSED'"
            + " AND o.waste_code = v.waste_code AND o.at < v.at), '-infinity')) AS incoming"
        : ", NULL AS incoming";
    return pool.preparedQuery("SELECT v.*, (SELECT string_agg(f.operation || ' ' || f.kg, ', ' ORDER BY f.seq)"
            + " FROM final_operation f WHERE f.site = v.site AND f.ticket = v.ticket) AS finals" + traced
            + " FROM ticket_version v WHERE v.direction = $1 AND v.at >= $2 AND v.at < $3 AND v.status <> 'OPEN'"
            + " AND ($4::text IS NULL OR v.site = $4) ORDER BY v.at, v.site, v.ticket, v.version")
        .execute(TicketStore.args(direction, TicketStore.utc(period.start()), TicketStore.utc(period.end()), site))
        .map(rows -> {
          List<Line> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(new Line(r.getString("site"), r.getString("ticket"), r.getInteger("version"), r.getString("cause"),
                r.getOffsetDateTime("at").toInstant(), r.getOffsetDateTime("recorded_at").toInstant(), r.getString("status"),
                r.getString("plate"), r.getString("carrier"), r.getString("waste_code"),
                r.getLong("net_kg") == null ? 0 : r.getLong("net_kg"), r.getString("origin_point"), r.getString("origin_insee"),
                r.getString("destination"), r.getString("operation"), r.getString("mode"), r.getBoolean("manual"),
                r.getString("finals"), r.getString("incoming")));
          }
          return out;
        });
  }
}
