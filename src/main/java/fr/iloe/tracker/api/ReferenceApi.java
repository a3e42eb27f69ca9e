package fr.iloe.tracker.api;

import fr.iloe.tracker.domain.FieldError;
import fr.iloe.tracker.domain.InvalidInputException;
import fr.iloe.tracker.domain.ReferenceData;
import fr.iloe.tracker.ingest.ReferenceJson;
import fr.iloe.tracker.ingest.StrictJson;
import fr.iloe.tracker.store.ReferenceStore;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code GET /api/v1/reference} answers the bundle in force; {@code PUT} merges a bundle into it (each item
 * replaces the one with its id, nothing is removed) or, with {@code ?replace=true}, replaces it whole.
 */
final class ReferenceApi {
  private final ReferenceStore store;

  ReferenceApi(ReferenceStore store) {
    this.store = store;
  }

  void get(RoutingContext ctx) {
    store.load()
        .onSuccess(v -> TicketsApi.json(ctx, ReferenceJson.write(v.data()).put("version", v.version())))
        .onFailure(ctx::fail);
  }

  void put(RoutingContext ctx) {
    QueryParams q = new QueryParams(ctx);
    boolean replace = "true".equals(q.string("replace"));
    q.done();
    ReferenceData update = ReferenceJson.read(StrictJson.parseObject(TicketsApi.bodyBytes(ctx)));
    store.update(current -> checked(replace ? update : current.merge(update)), Auth.who(ctx), "api")
        .onSuccess(v -> TicketsApi.json(ctx, ReferenceJson.write(v.data()).put("version", v.version())))
        .onFailure(ctx::fail);
  }

  /** A bundle that can be used, or the refusal naming each inconsistency. */
  static ReferenceData checked(ReferenceData bundle) {
    List<FieldError> problems = bundle.problems();
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    return bundle;
  }
}
