package fr.iloe.tracker.api;

import fr.iloe.tracker.ingest.PassIngest;
import fr.iloe.tracker.ingest.ReadingIngest;
import fr.iloe.tracker.live.LivePoints;
import fr.iloe.tracker.store.ReadingStore;
import fr.iloe.tracker.store.FiguresStore;
import fr.iloe.tracker.store.FinalOperationStore;
import fr.iloe.tracker.store.QuarantineStore;
import fr.iloe.tracker.store.ReallocationStore;
import fr.iloe.tracker.store.StockStore;
import fr.iloe.tracker.store.ReferenceStore;
import fr.iloe.tracker.store.TicketStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import java.time.Clock;

/**
 * The HTTP routes, as a plain function of the services: {@code Main} and the tests build the same router.
 * Every {@code /api/} route needs a bearer token; {@code /health/*} and {@code /metrics} are open.
 */
public final class Api {
  private Api() {}

  /** What the routes need. */
  public record Services(
      String adminToken,
      int bodyLimitBytes,
      PassIngest ingest,
      TicketStore tickets,
      ReferenceStore reference,
      QuarantineStore quarantine,
      FiguresStore figures,
      FinalOperationStore finalOperations,
      ReallocationStore reallocations,
      StockStore stock,
      ReadingIngest readingIngest,
      ReadingStore readings,
      LivePoints points,
      java.time.Duration pickupMatchWindow,
      PrometheusMeterRegistry registry,
      HealthChecks readiness,
      Clock clock) {}

  public static Router router(Vertx vertx, Services s) {
    Router router = Router.router(vertx);
    TicketsApi tickets = new TicketsApi(s.ingest(), s.tickets(), s.clock());
    ReferenceApi reference = new ReferenceApi(s.reference());

    router.get("/health/live").handler(ctx -> TicketsApi.json(ctx, new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(s.readiness()));
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(s.registry().scrape()));
    router.get("/").handler(ctx -> TicketsApi.json(ctx, new JsonObject()
        .put("service", "iloe SIEG bulky-waste tracker")
        .put("api", "/api/v1")
        .put("health", "/health/ready")
        .put("metrics", "/metrics")));

    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(s.bodyLimitBytes()));
    router.route("/api/*").handler(new Auth(s.adminToken()));
    router.post("/api/v1/passes").handler(tickets::postPass);
    router.get("/api/v1/tickets").handler(tickets::listTickets);
    router.get("/api/v1/tickets/:site/:ticket").handler(tickets::getTicket);
    router.get("/api/v1/vehicles-on-site").handler(tickets::vehiclesOnSite);
    router.get("/api/v1/reference").handler(reference::get);
    router.put("/api/v1/reference").handler(reference::put);
    router.get("/api/v1/quarantine").handler(new QuarantineApi(s.quarantine())::list);
    FiguresApi figures = new FiguresApi(s.figures(), s.reference(), s.clock());
    router.get("/api/v1/tonnages").handler(figures::tonnages);
    router.get("/api/v1/valorisation").handler(figures::valorisation);
    router.get("/api/v1/mass-balance").handler(figures::massBalance);
    LedgerApi ledger = new LedgerApi(s.finalOperations(), s.reallocations(), s.stock(), s.reference(), s.clock());
    router.post("/api/v1/tickets/:site/:ticket/final-operation").handler(ledger::finalOperation);
    router.post("/api/v1/reallocations").handler(ledger::reallocate);
    router.post("/api/v1/stock").handler(ledger::declareStock);
    router.get("/api/v1/stock").handler(ledger::listStock);
    PointsApi points = new PointsApi(s.readingIngest(), s.readings(), s.points(), s.reference(), s.pickupMatchWindow(),
        s.clock());
    router.post("/api/v1/readings").handler(points::postReading);
    router.get("/api/v1/points").handler(points::list);
    router.get("/api/v1/points/weighed").handler(points::weighed);
    router.get("/api/v1/points/:id/readings").handler(points::readings);

    router.route().failureHandler(Problems::handle);
    for (int status : new int[] {400, 404, 405, 413, 415}) {
      router.errorHandler(status, ctx -> Problems.sendStatus(ctx, status));
    }
    return router;
  }
}
