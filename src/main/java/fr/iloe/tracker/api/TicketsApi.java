package fr.iloe.tracker.api;

import fr.iloe.tracker.domain.Period;
import fr.iloe.tracker.domain.TicketState;
import fr.iloe.tracker.domain.TicketStatus;
import fr.iloe.tracker.ingest.PassIngest;
import fr.iloe.tracker.ingest.PassParser;
import fr.iloe.tracker.domain.Channel;
import fr.iloe.tracker.store.Recorded;
import fr.iloe.tracker.store.TicketStore;
import fr.iloe.tracker.store.TicketView;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/** Weighing passes in, tickets out: {@code /api/v1/passes}, {@code /api/v1/tickets}, {@code /api/v1/vehicles-on-site}. */
final class TicketsApi {
  private final PassIngest ingest;
  private final TicketStore tickets;
  private final Clock clock;

  TicketsApi(PassIngest ingest, TicketStore tickets, Clock clock) {
    this.ingest = ingest;
    this.tickets = tickets;
    this.clock = clock;
  }

  /** 201 with the ticket after this pass; 200 with the original answer for a duplicate. */
  void postPass(RoutingContext ctx) {
    Scope.requireBodySite(ctx);
    Instant receivedAt = clock.instant();
    ingest.receive(TicketsApi.bodyBytes(ctx), Channel.HTTP, receivedAt, PassParser.Expected.NOTHING)
        .onSuccess(recorded -> {
          switch (recorded.outcome()) {
            case STORED, DUPLICATE -> {
              TicketState t = recorded.ticket();
              JsonObject body = TicketJson.write(recorded.view());
              ctx.response()
                  .setStatusCode(recorded.outcome() == Recorded.Outcome.STORED ? 201 : 200)
                  .putHeader("Content-Type", "application/json")
                  .putHeader("Location", "/api/v1/tickets/" + encode(t.site()) + "/" + encode(t.ticket()))
                  .end(body.encode());
            }
            default -> ctx.fail(recorded.refusal());
          }
        })
        .onFailure(ctx::fail);
  }

  void getTicket(RoutingContext ctx) {
    String site = ctx.pathParam("site");
    String ticket = ctx.pathParam("ticket");
    Scope.requireSite(ctx, site);
    tickets.find(site, ticket)
        .map(found -> {
          TicketView t = found.orElseThrow(() -> ApiException.notFound("no ticket '" + ticket + "' at site '" + site + "'"));
          Scope.requirePartnerAmong(ctx, partners(t));
          return t;
        })
        .onSuccess(t -> json(ctx, TicketJson.write(t)))
        .onFailure(ctx::fail);
  }

  /** The partners a ticket concerns: its carrier, its destination, and every partner its ledger credits. */
  static java.util.Set<String> partners(TicketView t) {
    java.util.Set<String> out = new java.util.HashSet<>();
    if (t.state().carrier() != null) {
      out.add(t.state().carrier());
    }
    if (t.state().destination() != null) {
      out.add(t.state().destination());
    }
    t.allocations().forEach(a -> out.add(a.partner()));
    return out;
  }

  /** Newest first, {@code limit} per page (default 50), {@code cursor} from the previous page's {@code nextCursor}. */
  void listTickets(RoutingContext ctx) {
    QueryParams q = new QueryParams(ctx);
    String site = Scope.site(ctx, q.string("site"));
    String partner = Scope.partner(ctx, null);
    Period period = q.period(false);
    TicketStatus status = q.parsed("status", s -> Arrays.stream(TicketStatus.values()).filter(v -> v.name().equals(s))
        .findFirst(), "OPEN, CLOSED or VOID");
    TicketStore.Cursor cursor = q.parsed("cursor", TicketsApi::decodeCursor, "a cursor from a previous page");
    int limit = q.integer("limit", 1, 500, 50);
    q.done();
    tickets.list(new TicketStore.Query(site, partner, period == null ? null : period.start(),
            period == null ? null : period.end(), status, cursor, limit))
        .onSuccess(page -> json(ctx, new JsonObject()
            .put("items", new JsonArray(page.items().stream().map(t -> TicketJson.write(t, false)).toList()))
            .put("nextCursor", page.next() == null ? null : encodeCursor(page.next()))))
        .onFailure(ctx::fail);
  }

  /** The vehicles between their first and second weighing at a site. */
  void vehiclesOnSite(RoutingContext ctx) {
    QueryParams q = new QueryParams(ctx);
    String site = q.required("site");
    q.done();
    Scope.requireSite(ctx, site);
    tickets.onSite(site)
        .onSuccess(open -> json(ctx, new JsonObject().put("site", site).put("vehicles", new JsonArray(open.stream()
            .map(t -> new JsonObject()
                .put("ticket", t.ticket()).put("plate", t.plate()).put("direction", t.direction().name())
                .put("carrier", t.carrier()).put("wasteCode", t.wasteCode() == null ? null : t.wasteCode().code())
                .put("bridge", t.bridge()).put("since", TicketJson.time(t.openedAt()))
                .put("firstWeightKg", t.passes().stream().filter(p -> p.seq().opens()).map(p -> p.weightKg()).findFirst().orElse(null)))
            .toList()))))
        .onFailure(ctx::fail);
  }

  /** The request body's bytes; an empty body has none. */
  static byte[] bodyBytes(RoutingContext ctx) {
    io.vertx.core.buffer.Buffer buffer = ctx.body().buffer();
    return buffer == null ? new byte[0] : buffer.getBytes();
  }

  static void json(RoutingContext ctx, JsonObject body) {
    ctx.response().putHeader("Content-Type", "application/json").end(body.encode());
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String encodeCursor(TicketStore.Cursor c) {
    String raw = c.at() + "\n" + c.site() + "\n" + c.ticket();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  static Optional<TicketStore.Cursor> decodeCursor(String s) {
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8).split("\n", -1);
      return parts.length == 3 ? Optional.of(new TicketStore.Cursor(Instant.parse(parts[0]), parts[1], parts[2]))
          : Optional.empty();
    } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
