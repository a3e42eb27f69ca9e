package fr.iloe.tracker.api;

import fr.iloe.tracker.domain.FieldError;
import fr.iloe.tracker.domain.InvalidInputException;
import fr.iloe.tracker.domain.Period;
import fr.iloe.tracker.report.CompensationReports;
import fr.iloe.tracker.report.Csv;
import fr.iloe.tracker.report.Registers;
import fr.iloe.tracker.report.ReportPdf;
import fr.iloe.tracker.store.ReferenceStore;
import fr.iloe.tracker.store.RegisterStore;
import fr.iloe.tracker.store.ReportStore;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * SIEG compensation reports (JSON, CSV, PDF), their evidence, their publication, and the regulatory registers.
 */
final class ReportsApi {
  private final CompensationReports reports;
  private final ReportStore store;
  private final RegisterStore registers;
  private final ReferenceStore reference;

  ReportsApi(CompensationReports reports, ReportStore store, RegisterStore registers, ReferenceStore reference) {
    this.reports = reports;
    this.store = store;
    this.registers = registers;
    this.reference = reference;
  }

  /**
   * {@code GET /api/v1/reports/compensation?period=&partner=&format=json|csv|pdf} (or {@code Accept}): the report
   * on today's data, with what changed since its last publication.
   */
  void current(RoutingContext ctx) {
    QueryParams q = new QueryParams(ctx);
    Period period = q.period(true);
    String partner = Scope.partner(ctx, q.string("partner"));
    String format = format(ctx, q);
    q.done();
    store.now()
        .compose(now -> reports.build(period, partner, now))
        .compose(built -> store.published(period.label(), partner, null).compose(published -> {
          if (!"json".equals(format) || published.isEmpty()) {
            return Future.succeededFuture(new Answer(built, published.orElse(null), List.of(), null));
          }
          ReportStore.Published p = published.get();
          return reports.build(period, partner, p.snapshot()).compose(then -> store.changedSince(period, partner, p.snapshot())
              .map(tickets -> new Answer(built, p, tickets, then)));
        }))
        .onSuccess(a -> send(ctx, format, a.built(), a.json()))
        .onFailure(ctx::fail);
  }

  private record Answer(CompensationReports.Built built, ReportStore.Published published, List<JsonObject> changedTickets,
      CompensationReports.Built publishedBuilt) {
    JsonObject json() {
      JsonObject j = built.json().copy();
      j.put("sha256", built.sha256());
      if (published != null) {
        j.put("published", publication(published));
        JsonObject changes = new JsonObject().put("tickets", new JsonArray(changedTickets));
        if (publishedBuilt != null) {
          JsonObject before = publishedBuilt.json();
          JsonObject figures = new JsonObject();
          for (String path : List.of("compensation.dueCents", "netCostCents", "costs.eligibleCents", "revenues.totalCents",
              "rates.inKg", "rates.outKg", "rates.pendingKg", "rates.headlineRate")) {
            Object was = at(before, path);
            Object now = at(built.json(), path);
            if (!java.util.Objects.equals(String.valueOf(was), String.valueOf(now))) {
              figures.put(path, new JsonObject().put("published", was).put("current", now));
            }
          }
          changes.put("figures", figures);
        }
        j.put("changedSincePublished", changes);
      }
      return j;
    }
  }

  private static Object at(JsonObject json, String path) {
    Object v = json;
    for (String part : path.split("\\.")) {
      v = v instanceof JsonObject o ? o.getValue(part) : null;
    }
    return v;
  }

  static JsonObject publication(ReportStore.Published p) {
    return new JsonObject().put("version", p.version()).put("sha256", p.sha256()).put("snapshot", p.snapshot().json())
        .put("publishedBy", p.publishedBy()).put("publishedAt", p.publishedAt().toString());
  }

  /** {@code POST /api/v1/reports/compensation/{period}/publish?partner=}: freezes the report as it stands now. */
  void publish(RoutingContext ctx) {
    Period period = pathPeriod(ctx);
    QueryParams q = new QueryParams(ctx);
    String partner = q.string("partner");
    q.done();
    if (partner != null && reference.cached().partner(partner).isEmpty()) {
      throw new InvalidInputException("partner", "unknown partner '" + partner + "'");
    }
    store.now()
        .compose(now -> reports.build(period, partner, now))
        .compose(built -> store.publish(period.label(), partner, built.snapshot(), built.sha256(), Auth.who(ctx)))
        .onSuccess(p -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
            .end(publication(p).put("period", period.label()).put("partner", partner).encode()))
        .onFailure(ctx::fail);
  }

  /**
   * {@code GET /api/v1/reports/compensation/{period}/published?partner=&version=&format=}: a published report,
   * regenerated from its snapshot; its JSON bytes have the SHA-256 recorded at publication (checked).
   */
  void published(RoutingContext ctx) {
    Period period = pathPeriod(ctx);
    QueryParams q = new QueryParams(ctx);
    String partner = Scope.partner(ctx, q.string("partner"));
    int version = q.integer("version", 1, Integer.MAX_VALUE, 0);
    String format = format(ctx, q);
    q.done();
    store.published(period.label(), partner, version == 0 ? null : version)
        .map(p -> p.orElseThrow(() -> ApiException.notFound("no published report for " + period.label()
            + (partner == null ? "" : " and partner " + partner) + (version == 0 ? "" : " in version " + version))))
        .compose(p -> reports.build(period, partner, p.snapshot()).map(built -> {
          if (!built.sha256().equals(p.sha256())) {
            throw new IllegalStateException("published report " + period.label() + " v" + p.version()
                + " does not regenerate to its SHA-256 " + p.sha256() + " (got " + built.sha256() + ")");
          }
          return built;
        }))
        .onSuccess(built -> send(ctx, format, built, built.json()))
        .onFailure(ctx::fail);
  }

  /** {@code GET /api/v1/reports/compensation/evidence?period=&partner=}: every ledger line counted, streamed. */
  void evidence(RoutingContext ctx) {
    QueryParams q = new QueryParams(ctx);
    Period period = q.period(true);
    String partner = Scope.partner(ctx, q.string("partner"));
    q.done();
    ctx.response().setChunked(true).putHeader("Content-Type", "text/csv; charset=utf-8")
        .putHeader("Content-Disposition", "attachment; filename=\"evidence-" + period.label() + ".csv\"");
    store.now()
        .compose(now -> store.evidence(period, partner, now, ctx.response(), Csv::line))
        .onSuccess(n -> ctx.response().end())
        .onFailure(e -> {
          if (ctx.response().headWritten()) {
            ctx.response().reset();
          } else {
            ctx.fail(e);
          }
        });
  }

  /** {@code GET /api/v1/registers/incoming|outgoing?period=&site=}: the chronological registers, CSV. */
  void register(RoutingContext ctx) {
    String kind = ctx.pathParam("kind");
    if (!kind.equals("incoming") && !kind.equals("outgoing")) {
      throw ApiException.notFound("no register '" + kind + "' (incoming or outgoing)");
    }
    QueryParams q = new QueryParams(ctx);
    Period period = q.period(true);
    String site = Scope.site(ctx, q.string("site"));
    q.done();
    registers.lines(period, kind.equals("incoming") ? "IN" : "OUT", site).onSuccess(lines -> {
      List<List<String>> rows = kind.equals("incoming") ? Registers.incoming(period, lines, reference.cached())
          : Registers.outgoing(period, lines, reference.cached());
      ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
          .putHeader("Content-Disposition", "attachment; filename=\"registre-" + kind + "-" + period.label() + ".csv\"")
          .end(Csv.lines(rows));
    }).onFailure(ctx::fail);
  }

  private static void send(RoutingContext ctx, String format, CompensationReports.Built built, JsonObject json) {
    String name = "compensation-" + built.period().label() + (built.partner() == null ? "" : "-" + built.partner());
    switch (format) {
      // rendering a PDF takes tens of milliseconds of CPU: off the event loop
      case "pdf" -> ctx.vertx().executeBlocking(() -> ReportPdf.render(built), false)
          .onSuccess(pdf -> ctx.response().putHeader("Content-Type", "application/pdf")
              .putHeader("Content-Disposition", "attachment; filename=\"" + name + ".pdf\"").end(Buffer.buffer(pdf)))
          .onFailure(ctx::fail);
      case "csv" -> ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
          .putHeader("Content-Disposition", "attachment; filename=\"" + name + ".csv\"")
          .end(Csv.lines(CompensationReports.partnerLines(built)));
      default -> ctx.response().putHeader("Content-Type", "application/json")
          .putHeader("X-Content-SHA256", built.sha256())
          .end(Buffer.buffer(json == built.json() ? built.bytes() : json.encode().getBytes(StandardCharsets.UTF_8)));
    }
  }

  /** {@code format=} wins; else the {@code Accept} header; else JSON. */
  private static String format(RoutingContext ctx, QueryParams q) {
    String f = q.parsed("format", s -> Optional.of(s).filter(x -> x.equals("json") || x.equals("csv") || x.equals("pdf")),
        "json, csv or pdf");
    if (f != null) {
      return f;
    }
    String accept = ctx.request().getHeader("Accept");
    if (accept != null && accept.contains("application/pdf")) {
      return "pdf";
    }
    if (accept != null && accept.contains("text/csv")) {
      return "csv";
    }
    return "json";
  }

  private static Period pathPeriod(RoutingContext ctx) {
    return Period.parse(ctx.pathParam("period")).orElseThrow(() -> ApiException.badRequest(List.of(new FieldError("period",
        "must be a year (2026), quarter (2026-Q1), month (2026-03) or day (2026-03-14)"))));
  }
}
