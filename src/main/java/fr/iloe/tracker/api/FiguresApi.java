package fr.iloe.tracker.api;

import fr.iloe.tracker.domain.ConventionParameters;
import fr.iloe.tracker.domain.Mode;
import fr.iloe.tracker.domain.Period;
import fr.iloe.tracker.domain.Valorisation;
import fr.iloe.tracker.domain.WasteCode;
import fr.iloe.tracker.store.FiguresStore;
import fr.iloe.tracker.store.ReferenceStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** {@code GET /api/v1/tonnages}, {@code GET /api/v1/valorisation} and {@code GET /api/v1/mass-balance}. */
final class FiguresApi {
  private final FiguresStore figures;
  private final ReferenceStore reference;
  private final Clock clock;

  FiguresApi(FiguresStore figures, ReferenceStore reference, Clock clock) {
    this.figures = figures;
    this.reference = reference;
    this.clock = clock;
  }

  /** {@code ?period=…&groupBy=partner,activity} with optional {@code site}, {@code wasteCode}, {@code partner}. */
  void tonnages(RoutingContext ctx) {
    QueryParams q = new QueryParams(ctx);
    Period period = q.period(true);
    List<String> groupBy = new ArrayList<>();
    String raw = q.string("groupBy");
    if (raw != null) {
      for (String g : raw.split(",")) {
        String d = g.trim();
        if (!FiguresStore.DIMENSIONS.containsKey(d)) {
          q.error("groupBy", "'" + d + "' is not one of " + String.join(", ", FiguresStore.DIMENSIONS.keySet()));
        } else if (!groupBy.contains(d)) {
          groupBy.add(d);
        }
      }
    }
    FiguresStore.Filter filter = filter(ctx, q, groupBy.contains("partner"));
    q.done();
    figures.tonnages(period, groupBy, filter)
        .onSuccess(rows -> TicketsApi.json(ctx, periodJson(period)
            .put("groupBy", new JsonArray(groupBy))
            .put("site", filter.site()).put("wasteCode", filter.wasteCode()).put("partner", filter.partner())
            .put("rows", new JsonArray(rows))))
        .onFailure(ctx::fail);
  }

  /** {@code ?period=…&basis=outbound|inbound} with optional {@code site} and {@code wasteCode}. */
  void valorisation(RoutingContext ctx) {
    QueryParams q = new QueryParams(ctx);
    Period period = q.period(true);
    String basis = q.parsed("basis", s -> Optional.of(s).filter(b -> b.equals("outbound") || b.equals("inbound")),
        "outbound or inbound");
    FiguresStore.Filter filter = filter(ctx, q, false);
    q.done();
    ConventionParameters p = reference.cached().parametersOn(period.last());
    String chosen = basis == null ? p.basis() : basis;
    figures.masses(period, filter)
        .compose(m -> massBalance(period, filter, m).map(balance -> {
          Valorisation v = Valorisation.of(period, chosen, m.inKg(), m.outByMode(), m.pendingKg(), p, LocalDate.now(clock));
          return valorisationJson(v).put("site", filter.site()).put("wasteCode", filter.wasteCode())
              .put("massBalance", balance);
        }))
        .onSuccess(body -> TicketsApi.json(ctx, body))
        .onFailure(ctx::fail);
  }

  /** {@code ?period=…} with optional {@code site} and {@code wasteCode}: IN - OUT - stock change. */
  void massBalance(RoutingContext ctx) {
    QueryParams q = new QueryParams(ctx);
    Period period = q.period(true);
    FiguresStore.Filter filter = filter(ctx, q, false);
    q.done();
    figures.masses(period, filter)
        .compose(m -> massBalance(period, filter, m))
        .onSuccess(balance -> TicketsApi.json(ctx, periodJson(period).put("site", filter.site())
            .put("wasteCode", filter.wasteCode()).mergeIn(balance)))
        .onFailure(ctx::fail);
  }

  private Future<JsonObject> massBalance(Period period, FiguresStore.Filter filter, FiguresStore.Masses m) {
    return figures.stockAt(period.first().minusDays(1), filter).compose(start -> figures.stockAt(period.last(), filter)
        .map(end -> {
          long out = m.outByMode().values().stream().mapToLong(Long::longValue).sum() + m.pendingKg();
          long change = end - start;
          long gap = m.inKg() - out - change;
          return new JsonObject().put("inKg", m.inKg()).put("outKg", out).put("stockStartKg", start)
              .put("stockEndKg", end).put("stockChangeKg", change).put("gapKg", gap)
              .put("gapRate", Valorisation.ratio(gap, m.inKg()));
        }));
  }

  /**
   * The filters of a figures query, within the caller's scope: an operator sees its sites; a member sees the
   * cooperative's totals, and its own partner's rows when the figures are by partner.
   */
  private static FiguresStore.Filter filter(RoutingContext ctx, QueryParams q, boolean byPartner) {
    String site = Scope.site(ctx, q.string("site"));
    WasteCode code = q.parsed("wasteCode", WasteCode::parse, "a List of Waste code such as 20 03 07");
    String requested = q.string("partner");
    String partner = requested != null || byPartner ? Scope.partner(ctx, requested) : null;
    return new FiguresStore.Filter(site, code == null ? null : code.code(), partner);
  }

  static JsonObject periodJson(Period p) {
    return new JsonObject().put("period", p.label()).put("from", p.first().toString()).put("to", p.last().toString());
  }

  static JsonObject valorisationJson(Valorisation v) {
    JsonObject byMode = new JsonObject();
    Arrays.stream(Mode.values()).forEach(m -> byMode.put(m.name(), v.byMode().get(m)));
    ConventionParameters p = v.parameters();
    return periodJson(v.period())
        .put("basis", v.basis())
        .put("inKg", v.inKg())
        .put("outKg", v.outKg())
        .put("finalOutKg", v.finalOutKg())
        .put("pendingKg", v.pendingKg())
        .put("byMode", byMode)
        .put("materialRate", v.materialRate())
        .put("globalRate", v.globalRate())
        .put("disposalRate", v.disposalRate())
        .put("headline", v.headline())
        .put("headlineRate", v.headlineRate())
        .put("trajectoryRate", v.trajectoryRate())
        .put("targetKg", v.targetKg())
        .put("numerators", new JsonObject().put("materialKg", v.materialKg()).put("globalKg", v.globalKg())
            .put("disposalKg", v.disposalKg()))
        .put("denominatorKg", v.denominatorKg())
        .put("parameters", new JsonObject().put("effectiveFrom", p.effectiveFrom().toString())
            .put("siegStart", p.siegStart().toString()).put("targetDate", p.targetDate().toString())
            .put("baselineRate", p.baselineRate()).put("targetRate", p.targetRate())
            .put("annualTargetKg", p.annualTargetKg()).put("headline", p.headline()).put("basis", p.basis()));
  }

}
