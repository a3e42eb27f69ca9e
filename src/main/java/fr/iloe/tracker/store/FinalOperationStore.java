package fr.iloe.tracker.store;

import fr.iloe.tracker.domain.Allocation;
import fr.iloe.tracker.domain.AllocationLine;
import fr.iloe.tracker.domain.FinalOperation;
import fr.iloe.tracker.domain.FinalOperations;
import fr.iloe.tracker.domain.Mode;
import fr.iloe.tracker.domain.OperationCode;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Final operations of lots sent under a non-final code. Recording them settles the lot's mode in the ledger
 * in the same transaction (the pending lines negated, the lines by final mode added), so that its kilograms
 * leave {@code pending} and enter the rates.
 */
public final class FinalOperationStore {
  private final Pool pool;

  public FinalOperationStore(Pool pool) {
    this.pool = pool;
  }

  public static Future<List<FinalOperation>> of(SqlConnection conn, String site, String ticket) {
    return conn.preparedQuery("SELECT operation, mode, kg FROM final_operation WHERE site = $1 AND ticket = $2 ORDER BY seq")
        .execute(TicketStore.args(site, ticket))
        .map(rows -> {
          List<FinalOperation> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(new FinalOperation(OperationCode.parse(r.getString("operation")).orElseThrow(),
                Mode.valueOf(r.getString("mode")), r.getLong("kg")));
          }
          return out;
        });
  }

  /**
   * Records a lot's final operations and settles its ledger lines; answers the ticket afterwards.
   *
   * @throws fr.iloe.tracker.domain.NotFoundException for an unknown ticket; the domain's conflict or invalid-input errors otherwise
   */
  public Future<TicketView> record(String site, String ticket, Instant at, List<FinalOperation> finals, String by) {
    return pool.withTransaction(conn -> ReallocationStore.lock(conn)
        .compose(v -> Chain.open(conn))
        .compose(chain -> TicketStore.find(conn, site, ticket).map(found -> java.util.Map.entry(chain, found)))
        .compose(opened -> {
          Chain.Cursor chain = opened.getKey();
          var found = opened.getValue();
          TicketView view = found.orElseThrow(() -> new fr.iloe.tracker.domain.NotFoundException("no ticket '" + ticket + "' at site '" + site + "'"));
          FinalOperations.check(view.state(), view.finalOperations(), finals);
          return LedgerStore.linesOf(conn, site, ticket).compose(current -> {
            List<AllocationLine> change = Allocation.compensation(current, Allocation.resolve(current, finals));
            List<LedgerEntry> entries = change.stream().map(l -> LedgerEntry.of(view.state(), l, "final-operation")).toList();
            List<Chain.Link> links = new ArrayList<>();
            for (int i = 0; i < finals.size(); i++) {
              FinalOperation f = finals.get(i);
              links.add(chain.link(Chain.finalOperation(site, ticket, i, f.operation().toString(), f.mode().name(), f.kg(),
                  at, by)));
            }
            return conn.preparedQuery("INSERT INTO final_operation (site, ticket, seq, operation, mode, kg, at, recorded_by,"
                    + " chain_seq, chain_hash) SELECT $1, $2, s, o, m, k, $3, $4, c, h"
                    + " FROM unnest($5::int[], $6::text[], $7::text[], $8::bigint[], $9::bigint[], $10::bytea[]) AS f(s, o, m, k, c, h)")
                .execute(TicketStore.args(site, ticket, TicketStore.utc(at), by,
                    java.util.stream.IntStream.range(0, finals.size()).boxed().toArray(Integer[]::new),
                    finals.stream().map(f -> f.operation().toString()).toArray(String[]::new),
                    finals.stream().map(f -> f.mode().name()).toArray(String[]::new),
                    finals.stream().map(FinalOperation::kg).toArray(Long[]::new),
                    links.stream().map(Chain.Link::seq).toArray(Long[]::new),
                    links.stream().map(l -> io.vertx.core.buffer.Buffer.buffer(l.hash())).toArray(io.vertx.core.buffer.Buffer[]::new)))
                .compose(r -> LedgerStore.append(conn, entries, chain))
                .compose(r -> chain.save(conn))
                .map(r -> {
                  List<AllocationLine> after = new ArrayList<>(current);
                  after.addAll(change);
                  return new TicketView(view.state(), Allocation.byPartnerAndActivity(after), finals);
                });
          });
        }));
  }

}
