package fr.iloe.tracker.api;

import fr.iloe.tracker.domain.Channel;
import fr.iloe.tracker.domain.CollectionPoint;
import fr.iloe.tracker.domain.Period;
import fr.iloe.tracker.domain.PickupMatching;
import fr.iloe.tracker.domain.PointStatus;
import fr.iloe.tracker.domain.Reading;
import fr.iloe.tracker.domain.Site;
import fr.iloe.tracker.domain.Valorisation;
import fr.iloe.tracker.ingest.ReadingIngest;
import fr.iloe.tracker.ingest.ReadingParser;
import fr.iloe.tracker.live.LivePoints;
import fr.iloe.tracker.store.ReadingStore;
import fr.iloe.tracker.store.ReferenceStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Collection points: readings in, where each point stands, and estimated against weighed. */
final class PointsApi {
  private final ReadingIngest ingest;
  private final ReadingStore store;
  private final LivePoints points;
  private final ReferenceStore reference;
  private final Duration matchWindow;
  private final Clock clock;

  PointsApi(ReadingIngest ingest, ReadingStore store, LivePoints points, ReferenceStore reference, Duration matchWindow,
      Clock clock) {
    this.ingest = ingest;
    this.store = store;
    this.points = points;
    this.reference = reference;
    this.matchWindow = matchWindow;
    this.clock = clock;
  }

  /** {@code POST /api/v1/readings}: 201 once stored, 200 with the reading for a duplicate, 409 for a conflict. */
  void postReading(RoutingContext ctx) {
    Scope.requireBodySite(ctx);
    ingest.receive(TicketsApi.bodyBytes(ctx), Channel.HTTP, clock.instant(), ReadingParser.Expected.NOTHING)
        .onSuccess(r -> {
          if (r.refusal() != null) {
            ctx.fail(r.refusal());
            return;
          }
          ctx.response().setStatusCode(r.outcome() == ReadingStore.Outcome.STORED ? 201 : 200)
              .putHeader("Content-Type", "application/json").end(reading(r.reading()).encode());
        })
        .onFailure(ctx::fail);
  }

  /** {@code GET /api/v1/points?site=}: every point of the reference data with its fill, silence and to-collect flags. */
  void list(RoutingContext ctx) {
    QueryParams q = new QueryParams(ctx);
    String site = Scope.site(ctx, q.string("site"));
    q.done();
    Instant now = clock.instant();
    TicketsApi.json(ctx, new JsonObject().put("items", new JsonArray(points.statuses(site).stream()
        .map(s -> new JsonObject()
            .put("site", s.site()).put("id", s.point().id()).put("name", s.point().name()).put("insee", s.point().insee())
            .put("capacityL", s.point().capacityL())
            .put("expectedIntervalHours", s.point().expectedIntervalHoursOrDefault())
            .put("fillPercent", s.fillPercent())
            .put("lastReadingAt", TicketJson.time(s.lastReadingAt()))
            .put("lastPickupAt", TicketJson.time(s.lastPickupAt()))
            .put("secondsSinceLastReading", s.secondsSinceLastReading(now))
            .put("silent", s.silent()).put("toCollect", s.toCollect()))
        .toList())));
  }

  /** {@code GET /api/v1/points/{id}/readings?period=…&site=}: the point's readings, newest first. */
  void readings(RoutingContext ctx) {
    QueryParams q = new QueryParams(ctx);
    Period period = q.period(true);
    String siteParam = q.string("site");
    q.done();
    String id = ctx.pathParam("id");
    Optional<Site> site = reference.cached().sites().stream()
        .filter(s -> (siteParam == null || s.id().equals(siteParam)) && s.point(id).isPresent()).findFirst();
    if (site.isEmpty()) {
      throw ApiException.notFound("no collection point '" + id + "'" + (siteParam == null ? "" : " at site '" + siteParam + "'"));
    }
    Scope.requireSite(ctx, site.get().id());
    store.readings(site.get().id(), id, period)
        .onSuccess(list -> TicketsApi.json(ctx, FiguresApi.periodJson(period).put("site", site.get().id()).put("point", id)
            .put("items", new JsonArray(list.stream().map(PointsApi::reading).toList()))))
        .onFailure(ctx::fail);
  }

  /**
   * {@code GET /api/v1/points/weighed?period=…&site=}: the pickups of the period matched with the IN tickets
   * that weighed them; weighed against estimated kilograms per point, per commune and overall.
   */
  void weighed(RoutingContext ctx) {
    QueryParams q = new QueryParams(ctx);
    Period period = q.period(true);
    String site = Scope.site(ctx, q.string("site"));
    q.done();
    store.matched(period, site, matchWindow)
        .onSuccess(result -> TicketsApi.json(ctx, FiguresApi.periodJson(period).put("site", site)
            .put("windowHours", matchWindow.toHours()).mergeIn(weighedJson(result))))
        .onFailure(ctx::fail);
  }

  private JsonObject weighedJson(PickupMatching.Result result) {
    Map<String, long[]> byPoint = new TreeMap<>();
    Map<String, long[]> byCommune = new TreeMap<>();
    long[] overall = new long[3];
    for (PickupMatching.Match m : result.matches()) {
      for (PickupMatching.Pickup p : m.pickups()) {
        long weighed = m.weighedKg().get(p.key());
        String insee = reference.cached().site(p.site()).flatMap(s -> s.point(p.point())).map(CollectionPoint::insee)
            .orElse("unknown");
        for (long[] acc : List.of(byPoint.computeIfAbsent(p.site() + "/" + p.point(), k -> new long[3]),
            byCommune.computeIfAbsent(insee, k -> new long[3]), overall)) {
          acc[0]++;
          acc[1] += p.estimatedKg();
          acc[2] += weighed;
        }
      }
    }
    JsonArray points = new JsonArray();
    byPoint.forEach((k, v) -> points.add(error(v).put("site", k.split("/", 2)[0]).put("point", k.split("/", 2)[1])));
    JsonArray communes = new JsonArray();
    byCommune.forEach((k, v) -> communes.add(error(v).put("insee", k)));
    Map<String, Integer> unmatched = new LinkedHashMap<>();
    result.unmatched().forEach((p, why) -> unmatched.merge(why.name(), 1, Integer::sum));
    return new JsonObject().put("points", points).put("communes", communes).put("overall", error(overall))
        .put("tickets", result.matches().size())
        .put("unmatched", new JsonArray(result.unmatched().entrySet().stream().map(e -> new JsonObject()
            .put("key", e.getKey().key()).put("site", e.getKey().site()).put("point", e.getKey().point())
            .put("plate", e.getKey().plate()).put("at", TicketJson.time(e.getKey().at()))
            .put("estimatedKg", e.getKey().estimatedKg()).put("reason", e.getValue().name())).toList()));
  }

  /** Pickups, estimated and weighed kilograms, the error (weighed - estimated) and its share of the estimate. */
  private static JsonObject error(long[] v) {
    return new JsonObject().put("pickups", v[0]).put("estimatedKg", v[1]).put("weighedKg", v[2])
        .put("errorKg", v[2] - v[1]).put("errorRate", Valorisation.ratio(v[2] - v[1], v[1]));
  }

  static JsonObject reading(Reading r) {
    return new JsonObject().put("key", r.key()).put("site", r.site()).put("point", r.point())
        .put("at", TicketJson.time(r.at())).put("kind", r.kind().wire()).put("fillPercent", r.fillPercent())
        .put("temperatureC", r.temperatureC()).put("plate", r.plate()).put("estimatedKg", r.estimatedKg())
        .put("items", r.items());
  }
}
