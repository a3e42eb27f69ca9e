package fr.iloe.tracker.api;

import fr.iloe.tracker.domain.Period;
import fr.iloe.tracker.store.ChainVerifier;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/v1/audit/verify?from=&to=}: recomputes the hash chain over the records stored on those days
 * (all of them without dates); {@code GET /api/v1/audit/digests?period=}: the chain's hash at the end of each
 * day, to publish or mail so that a later rewrite of the history shows.
 */
final class AuditApi {
  private final ChainVerifier verifier;

  AuditApi(ChainVerifier verifier) {
    this.verifier = verifier;
  }

  void verify(RoutingContext ctx) {
    QueryParams q = new QueryParams(ctx);
    Period period = q.period(false);
    q.done();
    verifier.verify(period == null ? null : period.start(), period == null ? null : period.end())
        .onSuccess(r -> TicketsApi.json(ctx, r.json()))
        .onFailure(ctx::fail);
  }

  void digests(RoutingContext ctx) {
    QueryParams q = new QueryParams(ctx);
    Period period = q.period(false);
    q.done();
    verifier.digests(period == null ? null : period.start(), period == null ? null : period.end())
        .onSuccess(days -> TicketsApi.json(ctx, new JsonObject().put("algorithm", "SHA-256(previous || canonical record)")
            .put("days", days)))
        .onFailure(ctx::fail);
  }
}
