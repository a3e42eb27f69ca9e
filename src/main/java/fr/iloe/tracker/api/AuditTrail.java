package fr.iloe.tracker.api;

import fr.iloe.tracker.domain.Period;
import fr.iloe.tracker.domain.Principal;
import fr.iloe.tracker.ingest.GroupCommit;
import fr.iloe.tracker.store.AuditLogStore;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log: every write through the API (every method but GET and HEAD), allowed or refused, is recorded
 * once answered, with who called (token owner, role, token id), what (method and path), when, from where (the
 * peer address, and X-Forwarded-For when a proxy sets it) and the answer's status. Written in batches, off the
 * request's path. {@code GET /api/v1/audit/log} reads it.
 */
public final class AuditTrail implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);

  private final AuditLogStore store;
  private final GroupCommit<AuditLogStore.Entry, Void> commit;
  private final Clock clock;

  public AuditTrail(Context context, AuditLogStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.commit = new GroupCommit<>("audit", context, store::append, size -> { }, 500, 100_000);
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpMethod method = ctx.request().method();
    if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
      Instant at = clock.instant();
      ctx.addEndHandler(ar -> {
        Principal p = Auth.principal(ctx);
        String forwarded = ctx.request().getHeader("X-Forwarded-For");
        String peer = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().host();
        commit.submit(new AuditLogStore.Entry(at, p == null ? "-" : p.name(), p == null ? "-" : p.role().name(),
                p == null ? null : p.tokenId(), method.name(), ctx.request().path(), ctx.response().getStatusCode(),
                forwarded == null ? peer : forwarded + " via " + peer, ar.succeeded() ? null : "connection closed early"))
            .onFailure(e -> LOG.error("audit log entry not written [method: {}, path: {}]", method, ctx.request().path(), e));
      });
    }
    ctx.next();
  }

  /** {@code GET /api/v1/audit/log?period=&before=&limit=}: newest first. */
  void list(RoutingContext ctx) {
    QueryParams q = new QueryParams(ctx);
    Period period = q.period(false);
    int limit = q.integer("limit", 1, 1000, 100);
    Long before = q.parsed("before", s -> {
      try {
        return Optional.of(Long.parseLong(s));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }, "the id of an entry of a previous page");
    q.done();
    store.list(period == null ? null : period.start(), period == null ? null : period.end(), before, limit)
        .onSuccess(items -> TicketsApi.json(ctx, new JsonObject().put("items", new JsonArray(items))
            .put("nextBefore", items.size() == limit ? items.get(items.size() - 1).getLong("id") : null)))
        .onFailure(ctx::fail);
  }
}
