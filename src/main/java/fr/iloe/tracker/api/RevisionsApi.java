package fr.iloe.tracker.api;

import fr.iloe.tracker.domain.InvalidInputException;
import fr.iloe.tracker.domain.Mode;
import fr.iloe.tracker.domain.OperationCode;
import fr.iloe.tracker.domain.Origin;
import fr.iloe.tracker.domain.Revision;
import fr.iloe.tracker.domain.WasteCode;
import fr.iloe.tracker.ingest.Fields;
import fr.iloe.tracker.ingest.StrictJson;
import fr.iloe.tracker.store.ReferenceStore;
import fr.iloe.tracker.store.RevisionStore;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;

/**
 * {@code POST /api/v1/tickets/{site}/{ticket}/revisions}: a correction
 * ({@code { "reason", "changes": { plate?, carrier?, wasteCode?, origin?, destination?, operation?, mode? } }})
 * or a void ({@code { "reason", "void": true }}) of a closed ticket, authored by the token's owner;
 * {@code GET …/history}: every version and revision.
 */
final class RevisionsApi {
  private final RevisionStore store;
  private final ReferenceStore reference;

  RevisionsApi(RevisionStore store, ReferenceStore reference) {
    this.store = store;
    this.reference = reference;
  }

  void revise(RoutingContext ctx) {
    String site = ctx.pathParam("site");
    Scope.requireSite(ctx, site);
    JsonObject body = StrictJson.parseObject(TicketsApi.bodyBytes(ctx));
    Fields f = new Fields(body);
    String reason = f.requiredString("reason");
    Boolean voided = f.bool("void");
    Fields c = f.object("changes");
    Revision revision;
    if (c == null) {
      revision = new Revision(null, null, null, null, null, null, null, Boolean.TRUE.equals(voided), reason);
    } else {
      Fields origin = c.object("origin");
      revision = new Revision(c.string("plate"), c.string("carrier"),
          c.parsed("wasteCode", WasteCode::parse, "a List of Waste code such as 20 03 07"),
          origin == null ? null : new Origin(origin.string("point"), origin.string("insee")),
          c.string("destination"),
          c.parsed("operation", OperationCode::parse, "an operation code R 0 to R 13 or D 1 to D 15"),
          c.parsed("mode", s -> Arrays.stream(Mode.values()).filter(m -> m.name().equals(s)).findFirst(),
              "one of REUSE, RECYCLING, OTHER_RECOVERY, ENERGY_RECOVERY, DISPOSAL"),
          Boolean.TRUE.equals(voided), reason);
    }
    if (!f.errors().isEmpty()) {
      throw new InvalidInputException(f.errors());
    }
    store.revise(site, ctx.pathParam("ticket"), revision, Auth.who(ctx), reference.cached())
        .onSuccess(view -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
            .end(TicketJson.write(view).encode()))
        .onFailure(ctx::fail);
  }

  void history(RoutingContext ctx) {
    String site = ctx.pathParam("site");
    Scope.requireSite(ctx, site);
    store.history(site, ctx.pathParam("ticket"))
        .onSuccess(h -> TicketsApi.json(ctx, h))
        .onFailure(ctx::fail);
  }
}
