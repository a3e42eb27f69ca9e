package fr.iloe.tracker.store;

import fr.iloe.tracker.domain.Allocation;
import fr.iloe.tracker.domain.AllocationLine;
import fr.iloe.tracker.domain.NotFoundException;
import fr.iloe.tracker.domain.ReferenceData;
import fr.iloe.tracker.domain.Revision;
import fr.iloe.tracker.domain.TicketState;
import fr.iloe.tracker.domain.TicketStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Corrections and voids of closed tickets. One transaction appends the revision, the ticket's next version and
 * the ledger lines that follow (the changed activities' lines negated and re-added; all of them negated for a
 * void), under the ledger lock shared with final operations and reallocations.
 */
public final class RevisionStore {
  private final Pool pool;

  public RevisionStore(Pool pool) {
    this.pool = pool;
  }

  public Future<TicketView> revise(String site, String ticket, Revision revision, String author, ReferenceData reference) {
    JsonObject changes = changes(revision);
    return pool.withTransaction(conn -> ReallocationStore.lock(conn)
        .compose(v -> Chain.open(conn))
        .compose(chain -> TicketStore.find(conn, site, ticket).map(found -> java.util.Map.entry(chain, found)))
        .compose(opened -> {
          Chain.Cursor chain = opened.getKey();
          var found = opened.getValue();
          TicketView view = found.orElseThrow(() -> new NotFoundException("no ticket '" + ticket + "' at site '" + site + "'"));
          TicketState before = view.state();
          TicketState after = revision.applyTo(before, reference);
          return conn.preparedQuery("SELECT max(version) FROM ticket_version WHERE site = $1 AND ticket = $2")
              .execute(TicketStore.args(site, ticket))
              .compose(rows -> {
                int version = rows.iterator().next().getInteger(0) + 1;
                String cause = "revision:" + after.revision();
                Chain.Link link = chain.link(Chain.revision(site, ticket, after.revision(), changes, revision.voided(),
                    revision.reason(), author));
                return conn.preparedQuery("INSERT INTO ticket_revision (site, ticket, revision, changes, voided, reason, author,"
                        + " chain_seq, chain_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                    .execute(TicketStore.args(site, ticket, after.revision(), changes, revision.voided(), revision.reason(),
                        author, link.seq(), io.vertx.core.buffer.Buffer.buffer(link.hash())))
                    .compose(r -> TicketStore.insertVersions(conn, List.of(after), List.of(version), List.of(cause)))
                    .compose(r -> LedgerStore.linesOf(conn, site, ticket))
                    .compose(current -> {
                      List<LedgerEntry> entries = ledgerChange(before, after, current, view, reference, cause);
                      return LedgerStore.append(conn, entries, chain).compose(x -> chain.save(conn)).map(x -> {
                        List<AllocationLine> lines = new ArrayList<>(current);
                        entries.forEach(e -> lines.add(e.line()));
                        return new TicketView(after, Allocation.byPartnerAndActivity(lines), view.finalOperations());
                      });
                    });
              });
        }));
  }

  /**
   * What the ledger must append: nothing when the credit does not change; when the waste code changes or the
   * ticket is void, every current line negated (under the old code) and the new lines added (under the new);
   * otherwise the changed activities' lines negated and re-added.
   */
  private static List<LedgerEntry> ledgerChange(TicketState before, TicketState after, List<AllocationLine> current,
      TicketView view, ReferenceData reference, String cause) {
    List<AllocationLine> desired = after.status() == TicketStatus.VOID ? List.of()
        : Allocation.lines(after, reference.allocationRules(), view.finalOperations());
    List<LedgerEntry> entries = new ArrayList<>();
    if (after.status() == TicketStatus.VOID || !Objects.equals(before.wasteCode(), after.wasteCode())) {
      Allocation.sums(current).forEach((k, kg) -> entries.add(LedgerEntry.of(before,
          new AllocationLine((fr.iloe.tracker.domain.Activity) k.get(0), (String) k.get(1),
              (fr.iloe.tracker.domain.Mode) k.get(2), -kg), cause)));
      desired.forEach(l -> entries.add(LedgerEntry.of(after, l, cause)));
    } else {
      Allocation.compensation(current, desired).forEach(l -> entries.add(LedgerEntry.of(after, l, cause)));
    }
    return entries;
  }

  /** What a revision changes, in normalised form, every field named (null when unchanged). */
  static JsonObject changes(Revision r) {
    return new JsonObject()
        .put("plate", r.plate() == null ? null : fr.iloe.tracker.domain.Plate.display(r.plate()))
        .put("carrier", r.carrier())
        .put("wasteCode", r.wasteCode() == null ? null : r.wasteCode().code())
        .put("originPoint", r.origin() == null ? null : r.origin().point())
        .put("originInsee", r.origin() == null ? null : r.origin().insee())
        .put("destination", r.destination())
        .put("operation", r.operation() == null ? null : r.operation().toString())
        .put("mode", r.mode() == null ? null : r.mode().name());
  }

  /** A ticket's history: every version with its cause, and every revision with its author and reason. */
  public Future<JsonObject> history(String site, String ticket) {
    return pool.withConnection(conn -> conn.preparedQuery("SELECT * FROM ticket_version WHERE site = $1 AND ticket = $2"
            + " ORDER BY version").execute(TicketStore.args(site, ticket))
        .compose(versions -> {
          if (versions.size() == 0) {
            return Future.failedFuture(new NotFoundException("no ticket '" + ticket + "' at site '" + site + "'"));
          }
          return revisions(conn, site, ticket).map(revisions -> {
            JsonArray vs = new JsonArray();
            for (Row r : versions) {
              vs.add(new JsonObject().put("version", r.getInteger("version")).put("status", r.getString("status"))
                  .put("cause", r.getString("cause")).put("revision", r.getInteger("revision"))
                  .put("carrier", r.getString("carrier")).put("wasteCode", r.getString("waste_code"))
                  .put("destination", r.getString("destination")).put("operation", r.getString("operation"))
                  .put("netKg", r.getLong("net_kg")).put("recordedAt", r.getOffsetDateTime("recorded_at").toInstant().toString()));
            }
            return new JsonObject().put("site", site).put("ticket", ticket).put("versions", vs).put("revisions", revisions);
          });
        }));
  }

  private static Future<JsonArray> revisions(SqlConnection conn, String site, String ticket) {
    return conn.preparedQuery("SELECT revision, changes::text AS changes, voided, reason, author, recorded_at"
            + " FROM ticket_revision WHERE site = $1 AND ticket = $2 ORDER BY revision")
        .execute(TicketStore.args(site, ticket))
        .map(rows -> {
          JsonArray out = new JsonArray();
          for (Row r : rows) {
            out.add(new JsonObject().put("revision", r.getInteger("revision"))
                .put("changes", new JsonObject(r.getString("changes"))).put("void", r.getBoolean("voided"))
                .put("reason", r.getString("reason")).put("author", r.getString("author"))
                .put("recordedAt", r.getOffsetDateTime("recorded_at").toInstant().toString()));
          }
          return out;
        });
  }
}
