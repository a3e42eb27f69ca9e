package fr.iloe.tracker.store;

import fr.iloe.tracker.domain.Allocation;
import fr.iloe.tracker.domain.AllocationLine;
import fr.iloe.tracker.domain.FinalOperation;
import fr.iloe.tracker.domain.Mode;
import fr.iloe.tracker.domain.OperationCode;
import fr.iloe.tracker.domain.Pass;
import fr.iloe.tracker.domain.Period;
import fr.iloe.tracker.domain.ReferenceData;
import fr.iloe.tracker.domain.TicketState;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies the allocation rules in force again to the closed tickets of a range of days, after a rule was
 * changed after the fact. Lines are never rewritten: for each ticket whose credit changes, the old lines are
 * appended negated and the new ones added, under one reallocation record saying who asked and why.
 */
public final class ReallocationStore {
  /** Serialises every change of existing tickets' ledger lines (reallocations, final operations, revisions). */
  public static final long LEDGER_LOCK = 0x1102_0002L;

  private final Pool pool;

  public ReallocationStore(Pool pool) {
    this.pool = pool;
  }

  public record Result(long id, Period period, String site, int tickets, int lines, String requestedBy, String reason) {}

  public Future<Result> reallocate(Period period, String site, String reason, String by, ReferenceData reference) {
    return pool.withTransaction(conn -> lock(conn)
        .compose(v -> Chain.open(conn))
        .compose(chain -> conn.query("SELECT nextval(pg_get_serial_sequence('reallocation', 'id'))").execute()
            .map(idRows -> java.util.Map.entry(chain, idRows.iterator().next().getLong(0))))
        .compose(opened -> {
          Chain.Cursor chain = opened.getKey();
          long id = opened.getValue();
          return closedTickets(conn, period, site).compose(tickets -> ledger(conn, period, site).compose(ledger -> {
            List<LedgerEntry> entries = new ArrayList<>();
            int changed = 0;
            for (TicketState t : tickets) {
              String key = t.site() + "\u0000" + t.ticket();
              Ledger l = ledger.getOrDefault(key, new Ledger(new ArrayList<>(), new ArrayList<>()));
              List<AllocationLine> change = Allocation.compensation(l.lines(),
                  Allocation.lines(t, reference.allocationRules(), l.finals()));
              if (!change.isEmpty()) {
                changed++;
                change.forEach(c -> entries.add(LedgerEntry.of(t, c, "reallocation:" + id)));
              }
            }
            int ticketsChanged = changed;
            return LedgerStore.append(conn, entries, chain)
                .compose(v -> chain.save(conn))
                .compose(v -> conn.preparedQuery("INSERT INTO reallocation (id, first_day, last_day, site, reason,"
                        + " requested_by, tickets, lines) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
                    .execute(TicketStore.args(id, period.first(), period.last(), site, reason, by, ticketsChanged,
                        entries.size())))
                .map(v -> new Result(id, period, site, ticketsChanged, entries.size(), by, reason));
          }));
        }));
  }

  /** Takes the ledger lock; statements after it see every change committed before it was granted. */
  public static Future<Void> lock(SqlConnection conn) {
    return conn.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(TicketStore.args(LEDGER_LOCK)).mapEmpty();
  }

  private record Ledger(List<AllocationLine> lines, List<FinalOperation> finals) {}

  private static Future<List<TicketState>> closedTickets(SqlConnection conn, Period period, String site) {
    return conn.preparedQuery("SELECT * FROM ticket_current WHERE status = 'CLOSED' AND at >= $1 AND at < $2"
            + " AND ($3::text IS NULL OR site = $3) ORDER BY at, site, ticket")
        .execute(TicketStore.args(TicketStore.utc(period.start()), TicketStore.utc(period.end()), site))
        .map(rows -> {
          List<TicketState> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(TicketStore.stateFrom(r, List.<Pass>of()));
          }
          return out;
        });
  }

  /** The lines and final operations of the tickets closed in the range, by ticket. */
  private static Future<Map<String, Ledger>> ledger(SqlConnection conn, Period period, String site) {
    Map<String, Ledger> byTicket = new HashMap<>();
    return conn.preparedQuery("SELECT site, ticket, activity, partner, mode, kg FROM allocation_line"
            + " WHERE at >= $1 AND at < $2 AND ($3::text IS NULL OR site = $3) ORDER BY id")
        .execute(TicketStore.args(TicketStore.utc(period.start()), TicketStore.utc(period.end()), site))
        .compose(lines -> {
          for (Row r : lines) {
            byTicket.computeIfAbsent(r.getString("site") + "\u0000" + r.getString("ticket"),
                k -> new Ledger(new ArrayList<>(), new ArrayList<>())).lines().add(LedgerStore.line(r));
          }
          return conn.preparedQuery("SELECT f.site, f.ticket, f.operation, f.mode, f.kg FROM final_operation f"
                  + " JOIN ticket_current c ON c.site = f.site AND c.ticket = f.ticket"
                  + " WHERE c.at >= $1 AND c.at < $2 AND ($3::text IS NULL OR f.site = $3) ORDER BY f.site, f.ticket, f.seq")
              .execute(TicketStore.args(TicketStore.utc(period.start()), TicketStore.utc(period.end()), site));
        })
        .map(finals -> {
          for (Row r : finals) {
            byTicket.computeIfAbsent(r.getString("site") + "\u0000" + r.getString("ticket"),
                k -> new Ledger(new ArrayList<>(), new ArrayList<>())).finals().add(new FinalOperation(
                OperationCode.parse(r.getString("operation")).orElseThrow(), Mode.valueOf(r.getString("mode")),
                r.getLong("kg")));
          }
          return byTicket;
        });
  }
}
