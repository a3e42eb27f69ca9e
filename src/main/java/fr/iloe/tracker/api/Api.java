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
import fr.iloe.tracker.domain.Role;
import fr.iloe.tracker.store.TokenStore;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
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
      int bodyLimitBytes,
      java.util.List<String> corsOrigins,
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
      TokenStore tokens,
      fr.iloe.tracker.store.RevisionStore revisions,
      Auth auth,
      AuditTrail auditTrail,
      fr.iloe.tracker.store.ChainVerifier chain,
      fr.iloe.tracker.report.CompensationReports reports,
      fr.iloe.tracker.store.ReportStore reportStore,
      fr.iloe.tracker.store.RegisterStore registers,
      fr.iloe.tracker.store.InsertionStore insertion,
      fr.iloe.tracker.live.LiveEvents events,
      PrometheusMeterRegistry registry,
      HealthChecks readiness,
      Clock clock) {}

  /** A route of the API with the roles allowed to call it. */
  public record Permission(HttpMethod method, String path, java.util.Set<Role> roles) {}

  private static final String ROLES = "roles";
  static final String EVENTS = "/api/v1/events";
  /** Open event streams, a gauge. */
  public static final String EVENT_STREAMS = "iloe.event.streams";

  /** The web pages load their scripts, styles and images from the tracker only, and nothing inline. */
  static final String PAGES_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
      + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
  /** API answers are data: nothing in them may load or run. */
  static final String API_CSP = "default-src 'none'; frame-ancestors 'none'";

  /** Every route of a router built here, with its roles: for the README's table and the permission tests. */
  @SuppressWarnings("unchecked")
  public static java.util.List<Permission> permissions(Router router) {
    return router.getRoutes().stream().filter(r -> r.getMetadata(ROLES) != null)
        .map(r -> new Permission(r.methods().iterator().next(), r.getPath(), (java.util.Set<Role>) r.getMetadata(ROLES)))
        .toList();
  }

  private static final java.util.regex.Pattern ENCODED_CONTROL =
      java.util.regex.Pattern.compile("%(?:[01][0-9a-f]|7f|ed%[ab][0-9a-f])", java.util.regex.Pattern.CASE_INSENSITIVE);
  /** The longest URL answered; a longer one is a 414 problem. */
  public static final int MAX_URI = 8_192;
  /** A {@code %} that does not start an escape of two hex digits. */
  private static final java.util.regex.Pattern BROKEN_ESCAPE = java.util.regex.Pattern.compile("%(?![0-9a-fA-F]{2})");

  /**
   * The server's handler: the router behind a check of the raw URL. An id or a query value holding a control
   * character or a lone surrogate names nothing, and a {@code %} without two hex digits cannot be decoded (Vert.x
   * Web would answer a bare 400, or fail on the query): 400 problem+json here, before any routing or lookup.
   */
  public static io.vertx.core.Handler<io.vertx.core.http.HttpServerRequest> guarded(Router router) {
    return req -> {
      String uri = req.uri();
      String problem = null;
      int status = 400;
      if (uri.length() > MAX_URI) {
        problem = "the URL is longer than " + MAX_URI + " characters";
        status = 414;
      } else if (ENCODED_CONTROL.matcher(uri).find() || fr.iloe.tracker.domain.Text.firstUnstorable(uri) >= 0) {
        problem = "the URL must not contain control characters";
      } else if (BROKEN_ESCAPE.matcher(uri).find()) {
        problem = "the URL has a % that is not followed by two hex digits; write a literal % as %25";
      }
      if (problem == null) {
        router.handle(req);
        return;
      }
      int q = uri.indexOf('?');
      String path = fr.iloe.tracker.domain.Text.storable(q < 0 ? uri : uri.substring(0, q));
      Problems.LOG.info("request refused [method: {}, status: {}]: {}", req.method(), status, problem);
      req.response().setStatusCode(status)
          .putHeader("X-Content-Type-Options", "nosniff").putHeader("Cache-Control", "no-store")
          .putHeader("Content-Type", Problems.CONTENT_TYPE)
          .end(new JsonObject().put("type", "urn:iloe:problem:" + (status == 414 ? "uri-too-long" : "malformed"))
              .put("title", status == 414 ? "URL too long" : "Malformed request")
              .put("status", status).put("detail", problem)
              .put("instance", path.length() > 200 ? path.substring(0, 200) + "…" : path).encode());
    };
  }

  /**
   * A request body is JSON in UTF-8 (a missing Content-Type is read as JSON): anything else is a 415 before
   * the body is read, so that no form or multipart decoder ever sees it.
   */
  static void jsonBodiesOnly(RoutingContext ctx) {
    HttpMethod m = ctx.request().method();
    String type = ctx.request().getHeader("Content-Type");
    if ((m == HttpMethod.POST || m == HttpMethod.PUT || m == HttpMethod.PATCH) && type != null && !isJson(type)) {
      ctx.fail(new ApiException(415, "Unsupported media type",
          "send the body as application/json in UTF-8, not " + type, java.util.List.of()));
      return;
    }
    ctx.next();
  }

  static boolean isJson(String contentType) {
    String[] parts = contentType.split(";");
    String media = parts[0].trim().toLowerCase(java.util.Locale.ROOT);
    if (!media.equals("application/json") && !(media.startsWith("application/") && media.endsWith("+json"))) {
      return false;
    }
    for (int i = 1; i < parts.length; i++) {
      String[] kv = parts[i].trim().split("=", 2);
      if (kv[0].trim().equalsIgnoreCase("charset")
          && (kv.length < 2 || !kv[1].trim().replace("\"", "").equalsIgnoreCase("utf-8"))) {
        return false;
      }
    }
    return true;
  }

  private static void route(Router router, HttpMethod method, String path, Role[] roles,
      io.vertx.core.Handler<io.vertx.ext.web.RoutingContext> handler) {
    router.route(method, path).putMetadata(ROLES, java.util.Set.of(roles)).handler(Auth.only(roles)).handler(handler);
  }

  private static JsonObject index() {
    return new JsonObject()
        .put("service", "iloe SIEG bulky-waste tracker")
        .put("pages", "/")
        .put("api", "/api/v1")
        .put("events", EVENTS)
        .put("health", "/health/ready")
        .put("metrics", "/metrics");
  }

  /** Who the token is: the web pages choose what to show from it. */
  private static JsonObject me(fr.iloe.tracker.domain.Principal p) {
    return new JsonObject().put("name", p.name()).put("tokenId", p.tokenId())
        .put("role", p.role().name().toLowerCase(java.util.Locale.ROOT))
        .put("sites", new io.vertx.core.json.JsonArray(p.sites().stream().sorted().toList()))
        .put("partner", p.partner());
  }

  public static Router router(Vertx vertx, Services s) {
    Router router = Router.router(vertx);
    TicketsApi tickets = new TicketsApi(s.ingest(), s.tickets(), s.clock());
    ReferenceApi reference = new ReferenceApi(s.reference());

    // hardening: secure headers on every answer, CORS only for configured origins, a deadline for every request
    // (but the event stream, which stays open)
    router.route().handler(ctx -> {
      boolean api = ctx.request().path().equals("/api") || ctx.request().path().startsWith("/api/");
      ctx.response().putHeader("X-Content-Type-Options", "nosniff")
          .putHeader("X-Frame-Options", "DENY")
          .putHeader("Referrer-Policy", "no-referrer")
          .putHeader("Content-Security-Policy", api ? API_CSP : PAGES_CSP);
      if (api) {
        ctx.response().putHeader("Cache-Control", "no-store");
      }
      ctx.next();
    });
    if (!s.corsOrigins().isEmpty()) {
      router.route().handler(io.vertx.ext.web.handler.CorsHandler.create().addOrigins(s.corsOrigins())
          .allowedHeaders(java.util.Set.of("Authorization", "Content-Type"))
          .allowedMethods(java.util.Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE)));
    }
    io.vertx.ext.web.handler.TimeoutHandler deadline = io.vertx.ext.web.handler.TimeoutHandler.create(30_000, 503);
    router.route("/api/*").handler(ctx -> {
      if (ctx.request().path().equals(EVENTS)) {
        ctx.next();
      } else {
        deadline.handle(ctx);
      }
    });
    router.get("/health/live").handler(ctx -> TicketsApi.json(ctx, new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(s.readiness()));
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(s.registry().scrape()));
    // the index: at /api, and at / for a client that asks for JSON rather than the web pages
    router.get("/api").handler(ctx -> TicketsApi.json(ctx, index()));
    router.get("/").handler(ctx -> {
      String accept = ctx.request().getHeader("Accept");
      if (accept != null && accept.contains("application/json") && !accept.contains("text/html")) {
        TicketsApi.json(ctx, index());
      } else {
        ctx.next();
      }
    });

    router.route("/api/*").handler(Api::jsonBodiesOnly);
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(s.bodyLimitBytes()));
    router.route("/api/*").handler(s.auditTrail());
    router.route("/api/*").handler(s.auth());

    // every route with the roles that may call it; scopes (an operator's sites, a member's partner) are
    // checked by the handlers through Scope
    Role[] all = Role.values();
    Role[] readers = {Role.OPERATOR, Role.MEMBER, Role.AUDITOR, Role.ADMIN};
    Role[] siteReaders = {Role.OPERATOR, Role.AUDITOR, Role.ADMIN};
    Role[] siteWriters = {Role.OPERATOR, Role.ADMIN};
    route(router, HttpMethod.POST, "/api/v1/passes", siteWriters, tickets::postPass);
    route(router, HttpMethod.GET, "/api/v1/tickets", readers, tickets::listTickets);
    route(router, HttpMethod.GET, "/api/v1/tickets/:site/:ticket", readers, tickets::getTicket);
    route(router, HttpMethod.GET, "/api/v1/vehicles-on-site", siteReaders, tickets::vehiclesOnSite);
    RevisionsApi revisions = new RevisionsApi(s.revisions(), s.reference());
    route(router, HttpMethod.POST, "/api/v1/tickets/:site/:ticket/revisions", siteWriters, revisions::revise);
    route(router, HttpMethod.GET, "/api/v1/tickets/:site/:ticket/history", siteReaders, revisions::history);
    route(router, HttpMethod.GET, "/api/v1/reference", all, reference::get);
    route(router, HttpMethod.PUT, "/api/v1/reference", new Role[] {Role.ADMIN}, reference::put);
    route(router, HttpMethod.GET, "/api/v1/quarantine", siteReaders, new QuarantineApi(s.quarantine())::list);
    FiguresApi figures = new FiguresApi(s.figures(), s.reference(), s.clock());
    route(router, HttpMethod.GET, "/api/v1/tonnages", readers, figures::tonnages);
    route(router, HttpMethod.GET, "/api/v1/valorisation", readers, figures::valorisation);
    route(router, HttpMethod.GET, "/api/v1/mass-balance", readers, figures::massBalance);
    LedgerApi ledger = new LedgerApi(s.finalOperations(), s.reallocations(), s.stock(), s.reference(), s.clock());
    route(router, HttpMethod.POST, "/api/v1/tickets/:site/:ticket/final-operation", siteWriters, ledger::finalOperation);
    route(router, HttpMethod.POST, "/api/v1/reallocations", new Role[] {Role.ADMIN}, ledger::reallocate);
    route(router, HttpMethod.POST, "/api/v1/stock", siteWriters, ledger::declareStock);
    route(router, HttpMethod.GET, "/api/v1/stock", siteReaders, ledger::listStock);
    PointsApi points = new PointsApi(s.readingIngest(), s.readings(), s.points(), s.reference(), s.pickupMatchWindow(),
        s.clock());
    route(router, HttpMethod.POST, "/api/v1/readings", siteWriters, points::postReading);
    route(router, HttpMethod.GET, "/api/v1/points", siteReaders, points::list);
    route(router, HttpMethod.GET, "/api/v1/points/weighed", siteReaders, points::weighed);
    route(router, HttpMethod.GET, "/api/v1/points/:id/readings", siteReaders, points::readings);
    TokensApi tokens = new TokensApi(s.tokens(), s.reference(), s.clock(), s.auth()::invalidate);
    route(router, HttpMethod.POST, "/api/v1/tokens", new Role[] {Role.ADMIN}, tokens::create);
    route(router, HttpMethod.GET, "/api/v1/tokens", new Role[] {Role.ADMIN}, tokens::list);
    route(router, HttpMethod.DELETE, "/api/v1/tokens/:id", new Role[] {Role.ADMIN}, tokens::revoke);
    route(router, HttpMethod.GET, "/api/v1/audit/log", new Role[] {Role.AUDITOR, Role.ADMIN}, s.auditTrail()::list);
    Role[] reportReaders = {Role.MEMBER, Role.AUDITOR, Role.ADMIN};
    ReportsApi reports = new ReportsApi(s.reports(), s.reportStore(), s.registers(), s.reference());
    route(router, HttpMethod.GET, "/api/v1/reports/compensation", reportReaders, reports::current);
    route(router, HttpMethod.GET, "/api/v1/reports/compensation/evidence", reportReaders, reports::evidence);
    route(router, HttpMethod.POST, "/api/v1/reports/compensation/:period/publish", new Role[] {Role.AUDITOR, Role.ADMIN},
        reports::publish);
    route(router, HttpMethod.GET, "/api/v1/reports/compensation/:period/published", reportReaders, reports::published);
    route(router, HttpMethod.GET, "/api/v1/registers/:kind", siteReaders, reports::register);
    InsertionApi insertion = new InsertionApi(s.insertion(), s.reference(), s.clock());
    route(router, HttpMethod.POST, "/api/v1/insertion", new Role[] {Role.ADMIN}, insertion::add);
    route(router, HttpMethod.GET, "/api/v1/insertion", reportReaders, insertion::list);
    EventsApi events = new EventsApi(vertx, s.events());
    io.micrometer.core.instrument.Gauge.builder(EVENT_STREAMS, events, EventsApi::open)
        .description("Server-sent event streams (GET /api/v1/events) open on this instance").register(s.registry());
    route(router, HttpMethod.GET, EVENTS, all, events::stream);
    route(router, HttpMethod.GET, "/api/v1/me", all, ctx -> TicketsApi.json(ctx, me(Auth.principal(ctx))));
    AuditApi audit = new AuditApi(s.chain());
    route(router, HttpMethod.GET, "/api/v1/audit/verify", new Role[] {Role.AUDITOR, Role.ADMIN}, audit::verify);
    route(router, HttpMethod.GET, "/api/v1/audit/digests", new Role[] {Role.AUDITOR, Role.ADMIN}, audit::digests);

    // the web pages (src/main/resources/web), after every API route; a fresh copy is checked on each load
    router.route("/*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(io.vertx.ext.web.handler.StaticHandler.create("web")
        .setCachingEnabled(true).setMaxAgeSeconds(0).setDirectoryListing(false).setIncludeHidden(false));

    router.route().failureHandler(Problems::handle);
    for (int status : new int[] {400, 403, 404, 405, 413, 415, 503}) {
      router.errorHandler(status, ctx -> Problems.sendStatus(ctx, status));
    }
    return router;
  }
}
