package fr.iloe.tracker.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Bearer authentication of every {@code /api/} route. The {@code ADMIN_TOKEN} is a token with every right;
 * it is compared in constant time.
 */
public final class Auth implements Handler<RoutingContext> {
  /** The key under which the authenticated principal's name is kept in the routing context. */
  public static final String PRINCIPAL = "principal";

  private final byte[] adminToken;

  public Auth(String adminToken) {
    this.adminToken = adminToken.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || header.isBlank()) {
      ctx.fail(ApiException.unauthorized("send Authorization: Bearer <token>"));
      return;
    }
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      ctx.fail(ApiException.unauthorized("the Authorization header must use the Bearer scheme"));
      return;
    }
    byte[] token = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(token, adminToken)) {
      ctx.fail(ApiException.unauthorized("unknown or revoked token"));
      return;
    }
    ctx.put(PRINCIPAL, "admin");
    ctx.next();
  }

  public static String principal(RoutingContext ctx) {
    return ctx.get(PRINCIPAL);
  }
}
