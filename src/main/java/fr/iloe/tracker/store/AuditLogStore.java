package fr.iloe.tracker.store;

import fr.iloe.tracker.domain.Text;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The audit log of writes through the API (append-only), written in batches. */
public final class AuditLogStore {
  private final Pool pool;

  public AuditLogStore(Pool pool) {
    this.pool = pool;
  }

  /** One write: who (name, role, token), what (method, path, detail), when, from where, and its answer. */
  public record Entry(Instant at, String principal, String role, String tokenId, String method, String path, int status,
      String remote, String detail) {}

  public Future<List<Void>> append(List<Entry> entries) {
    return pool.preparedQuery("INSERT INTO audit_log (at, principal, role, token_id, method, path, status, remote, detail)"
            + " SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],"
            + " $7::int[], $8::text[], $9::text[])")
        .execute(TicketStore.args(
            entries.stream().map(e -> TicketStore.utc(e.at())).toArray(OffsetDateTime[]::new),
            entries.stream().map(e -> Text.storable(e.principal())).toArray(String[]::new),
            entries.stream().map(Entry::role).toArray(String[]::new),
            entries.stream().map(Entry::tokenId).toArray(String[]::new),
            entries.stream().map(Entry::method).toArray(String[]::new),
            entries.stream().map(e -> Text.storable(e.path())).toArray(String[]::new),
            entries.stream().map(Entry::status).toArray(Integer[]::new),
            entries.stream().map(Entry::remote).toArray(String[]::new),
            entries.stream().map(e -> Text.storable(e.detail())).toArray(String[]::new)))
        .map(r -> Collections.nCopies(entries.size(), (Void) null));
  }

  /** Newest first, {@code beforeId} pages back, optionally from and to instants. */
  public Future<List<JsonObject>> list(Instant from, Instant to, Long beforeId, int limit) {
    return pool.preparedQuery("SELECT * FROM audit_log WHERE ($1::timestamptz IS NULL OR at >= $1)"
            + " AND ($2::timestamptz IS NULL OR at < $2) AND ($3::bigint IS NULL OR id < $3) ORDER BY id DESC LIMIT $4")
        .execute(TicketStore.args(TicketStore.utc(from), TicketStore.utc(to), beforeId, limit))
        .map(rows -> {
          List<JsonObject> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(new JsonObject().put("id", r.getLong("id")).put("at", r.getOffsetDateTime("at").toInstant().toString())
                .put("principal", r.getString("principal")).put("role", r.getString("role"))
                .put("tokenId", r.getString("token_id")).put("method", r.getString("method"))
                .put("path", r.getString("path")).put("status", r.getInteger("status"))
                .put("remote", r.getString("remote")).put("detail", r.getString("detail")));
          }
          return out;
        });
  }
}
