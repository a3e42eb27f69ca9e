package fr.iloe.tracker.api;

import fr.iloe.tracker.domain.ConflictException;
import fr.iloe.tracker.domain.FieldError;
import fr.iloe.tracker.domain.InvalidInputException;
import fr.iloe.tracker.ingest.MalformedInputException;
import fr.iloe.tracker.ingest.OverloadedException;
import fr.iloe.tracker.store.StoreUnavailableException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one failure handler: every error becomes {@code application/problem+json} (RFC 9457) with
 * {@code type}, {@code title}, {@code status}, {@code detail} and, for field problems, {@code errors}.
 * Client errors are logged without stack traces; anything unexpected is a 500, logged once with its trace.
 */
public final class Problems {
  static final Logger LOG = LoggerFactory.getLogger(Problems.class);
  public static final String CONTENT_TYPE = "application/problem+json";

  private Problems() {}

  public static void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    int status = ctx.statusCode();
    if (ctx.response().headWritten()) {
      LOG.warn("failure after the response started [path: {}]", ctx.normalizedPath(), failure);
      ctx.response().reset();
      return;
    }
    if (failure instanceof InvalidInputException e) {
      send(ctx, 422, "invalid-input", "Invalid content", e.getMessage(), e.errors());
    } else if (failure instanceof ConflictException e) {
      send(ctx, 409, "conflict", "Conflict", e.getMessage(), e.errors());
    } else if (failure instanceof fr.iloe.tracker.domain.NotFoundException e) {
      send(ctx, 404, "not-found", "Not found", e.getMessage(), List.of());
    } else if (failure instanceof MalformedInputException e) {
      send(ctx, 400, "malformed", "Malformed request", e.getMessage(), List.of());
    } else if (failure instanceof ApiException e) {
      if (e.status() == 401) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"iloe\"");
      }
      send(ctx, e.status(), slug(e.title()), e.title(), e.getMessage(), e.errors());
    } else if (failure instanceof OverloadedException e) {
      ctx.response().putHeader("Retry-After", "1");
      send(ctx, 503, "overloaded", "Service busy", e.getMessage(), List.of());
    } else if (failure instanceof StoreUnavailableException e) {
      ctx.response().putHeader("Retry-After", "5");
      send(ctx, 503, "store-unavailable", "Database unavailable", "nothing was stored; send it again later", List.of());
    } else if (failure == null && status >= 400 && status < 500) {
      sendStatus(ctx, status);
    } else {
      LOG.error("request failed [method: {}, path: {}]", ctx.request().method(), ctx.normalizedPath(), failure);
      send(ctx, 500, "internal", "Internal error", "the tracker failed to answer this request; it has been logged", List.of());
    }
  }

  /** The problem for a bare status set by Vert.x Web itself (no route, body too large, wrong method). */
  public static void sendStatus(RoutingContext ctx, int status) {
    switch (status) {
      case 404 -> send(ctx, 404, "not-found", "Not found", "no resource at " + ctx.normalizedPath(), List.of());
      case 405 -> send(ctx, 405, "method-not-allowed", "Method not allowed",
          ctx.request().method() + " is not allowed on " + ctx.normalizedPath(), List.of());
      case 413 -> send(ctx, 413, "too-large", "Request too large", "the request body exceeds the limit", List.of());
      case 415 -> send(ctx, 415, "unsupported-media-type", "Unsupported media type", "send application/json", List.of());
      case 403 -> send(ctx, 403, "forbidden", "Forbidden", "this request is not allowed here", List.of());
      case 503 -> send(ctx, 503, "unavailable", "Service unavailable", "the request took too long; nothing may have been"
          + " stored: send it again (passes and readings are idempotent by key)", List.of());
      default -> send(ctx, status, "http-" + status, "HTTP " + status, "the request could not be served", List.of());
    }
  }

  static void send(RoutingContext ctx, int status, String type, String title, String detail, List<FieldError> errors) {
    JsonObject body = new JsonObject()
        .put("type", "urn:iloe:problem:" + type)
        .put("title", title)
        .put("status", status)
        .put("detail", detail)
        .put("instance", ctx.request().path());
    if (!errors.isEmpty()) {
      body.put("errors", new JsonArray(errors.stream()
          .map(e -> new JsonObject().put("field", e.field()).put("message", e.message())).toList()));
    }
    if (status < 500) {
      LOG.info("request refused [method: {}, path: {}, status: {}]: {}", ctx.request().method(), ctx.normalizedPath(),
          status, detail);
    }
    HttpServerResponse response = ctx.response();
    response.setStatusCode(status).putHeader("Content-Type", CONTENT_TYPE).end(body.encode());
  }

  private static String slug(String title) {
    return title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
  }
}
