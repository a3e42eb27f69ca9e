package fr.iloe.tracker.api;

import fr.iloe.tracker.domain.FinalOperation;
import fr.iloe.tracker.domain.InvalidInputException;
import fr.iloe.tracker.domain.Mode;
import fr.iloe.tracker.domain.OperationCode;
import fr.iloe.tracker.domain.Period;
import fr.iloe.tracker.domain.WasteCode;
import fr.iloe.tracker.ingest.Fields;
import fr.iloe.tracker.ingest.StrictJson;
import fr.iloe.tracker.store.FinalOperationStore;
import fr.iloe.tracker.store.ReallocationStore;
import fr.iloe.tracker.store.ReferenceStore;
import fr.iloe.tracker.store.StockStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Changes to the ledger after the fact: final operations, reallocations, stock declarations. */
final class LedgerApi {
  private final FinalOperationStore finals;
  private final ReallocationStore reallocations;
  private final StockStore stock;
  private final ReferenceStore reference;
  private final Clock clock;

  LedgerApi(FinalOperationStore finals, ReallocationStore reallocations, StockStore stock, ReferenceStore reference,
      Clock clock) {
    this.finals = finals;
    this.reallocations = reallocations;
    this.stock = stock;
    this.reference = reference;
    this.clock = clock;
  }

  /** {@code POST /api/v1/tickets/{site}/{ticket}/final-operation}: {@code { at, final: [{ operation, kg, mode? }] }}. */
  void finalOperation(RoutingContext ctx) {
    Scope.requireSite(ctx, ctx.pathParam("site"));
    Fields f = new Fields(StrictJson.parseObject(TicketsApi.bodyBytes(ctx)));
    Instant at = f.instant("at");
    if (at == null && !f.isUnreadable("at")) {
      f.error("at", "is required");
    } else if (at != null && at.isAfter(clock.instant())) {
      f.error("at", "is in the future");
    }
    List<FinalOperation> list = new ArrayList<>();
    if (f.json().getValue("final") == null) {
      f.error("final", "is required");
    }
    for (Fields op : f.objects("final")) {
      OperationCode code = op.parsed("operation", OperationCode::parse, "an operation code such as R 3");
      if (code == null && !op.isUnreadable("operation")) {
        op.error("operation", "is required");
      }
      Long kg = op.requiredInteger("kg");
      Mode mode = op.parsed("mode", s -> Arrays.stream(Mode.values()).filter(m -> m.name().equals(s)).findFirst(),
          "one of REUSE, RECYCLING, OTHER_RECOVERY, ENERGY_RECOVERY, DISPOSAL");
      if (code != null && kg != null) {
        Mode effective = mode != null ? mode : code.defaultMode().orElse(null);
        if (effective == null) {
          op.error("operation", code + " is not a final operation");
        } else {
          list.add(new FinalOperation(code, effective, kg));
        }
      }
    }
    if (!f.errors().isEmpty()) {
      throw new InvalidInputException(f.errors());
    }
    finals.record(ctx.pathParam("site"), ctx.pathParam("ticket"), at, list, Auth.who(ctx))
        .onSuccess(view -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
            .end(TicketJson.write(view).encode()))
        .onFailure(ctx::fail);
  }

  /** {@code POST /api/v1/reallocations}: {@code { from, to, site?, reason }}. */
  void reallocate(RoutingContext ctx) {
    Fields f = new Fields(StrictJson.parseObject(TicketsApi.bodyBytes(ctx)));
    LocalDate from = date(f, "from");
    LocalDate to = date(f, "to");
    String site = f.string("site");
    String reason = f.requiredString("reason");
    if (reason != null && reason.isBlank()) {
      f.error("reason", "must say why the tickets are reallocated");
    }
    if (from != null && to != null && to.isBefore(from)) {
      f.error("to", "must not be before from");
    }
    if (site != null && reference.cached().site(site).isEmpty()) {
      f.error("site", "unknown site '" + site + "'");
    }
    if (!f.errors().isEmpty()) {
      throw new InvalidInputException(f.errors());
    }
    reallocations.reallocate(Period.between(from, to), site, reason, Auth.who(ctx), reference.cached())
        .onSuccess(r -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("id", r.id()).put("from", from.toString()).put("to", to.toString())
                .put("site", site).put("tickets", r.tickets()).put("lines", r.lines())
                .put("requestedBy", r.requestedBy()).put("reason", r.reason()).encode()))
        .onFailure(ctx::fail);
  }

  /** {@code POST /api/v1/stock}: {@code { site, wasteCode, day, kg }}, the stock at the end of that day. */
  void declareStock(RoutingContext ctx) {
    Fields f = new Fields(StrictJson.parseObject(TicketsApi.bodyBytes(ctx)));
    String site = f.requiredString("site");
    WasteCode code = f.parsed("wasteCode", WasteCode::parse, "a List of Waste code such as 19 12 07");
    if (code == null && !f.isUnreadable("wasteCode")) {
      f.error("wasteCode", "is required");
    }
    LocalDate day = date(f, "day");
    Long kg = f.requiredInteger("kg");
    if (site != null && reference.cached().site(site).isEmpty()) {
      f.error("site", "unknown site '" + site + "'");
    }
    Scope.requireSite(ctx, site);
    if (day != null && day.isAfter(LocalDate.now(clock.withZone(Period.ZONE)))) {
      f.error("day", "is in the future");
    }
    if (kg != null && kg < 0) {
      f.error("kg", "must be zero or more kilograms");
    }
    if (!f.errors().isEmpty()) {
      throw new InvalidInputException(f.errors());
    }
    stock.declare(site, code.code(), day, kg, Auth.who(ctx))
        .onSuccess(d -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
            .end(StockStore.json(d).encode()))
        .onFailure(ctx::fail);
  }

  void listStock(RoutingContext ctx) {
    QueryParams q = new QueryParams(ctx);
    String site = Scope.site(ctx, q.string("site"));
    q.done();
    stock.list(site)
        .onSuccess(list -> TicketsApi.json(ctx, new JsonObject().put("items",
            new JsonArray(list.stream().map(StockStore::json).toList()))))
        .onFailure(ctx::fail);
  }

  private static LocalDate date(Fields f, String field) {
    String s = f.requiredString(field);
    if (s == null) {
      return null;
    }
    try {
      return LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      f.error(field, "must be a date YYYY-MM-DD");
      return null;
    }
  }

}
