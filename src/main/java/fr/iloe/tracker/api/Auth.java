package fr.iloe.tracker.api;

import fr.iloe.tracker.domain.Principal;
import fr.iloe.tracker.domain.Role;
import fr.iloe.tracker.store.TokenStore;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer authentication of every {@code /api/} route, then the caller's rate limit. The {@code ADMIN_TOKEN} is a
 * token with every right (compared in constant time); other tokens are looked up by their SHA-256, and kept
 * for {@value #CACHE_SECONDS} seconds (a revocation clears the cache on every instance at once). A token's last
 * use is written at most once a minute.
 */
public final class Auth implements Handler<RoutingContext> {
  /** The key under which the authenticated {@link Principal} is kept in the routing context. */
  public static final String PRINCIPAL = "principal";
  static final int CACHE_SECONDS = 30;

  private final byte[] adminToken;
  private final TokenStore tokens;
  private final RateLimiter limiter;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastTouched = new ConcurrentHashMap<>();

  private record Cached(Optional<TokenStore.Found> found, Instant until) {}

  public Auth(String adminToken, TokenStore tokens, RateLimiter limiter, Clock clock) {
    this.adminToken = adminToken.getBytes(StandardCharsets.UTF_8);
    this.tokens = tokens;
    this.limiter = limiter;
    this.clock = clock;
  }

  /** Forgets every cached token (after a revocation). */
  public void invalidate() {
    cache.clear();
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
    String token = header.substring(7).trim();
    if (MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), adminToken)) {
      admit(ctx, Principal.BOOTSTRAP_ADMIN);
      return;
    }
    Instant now = clock.instant();
    lookup(token, now).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else if (ar.result().isEmpty() || (ar.result().get().expiresAt() != null && !now.isBefore(ar.result().get().expiresAt()))) {
        ctx.fail(ApiException.unauthorized("unknown, revoked or expired token"));
      } else {
        Principal p = ar.result().get().principal();
        touch(p, now);
        admit(ctx, p);
      }
    });
  }

  private void admit(RoutingContext ctx, Principal p) {
    ctx.put(PRINCIPAL, p);
    Duration wait = limiter.take(p.tokenId() == null ? "admin" : p.tokenId());
    if (wait != null) {
      ctx.response().putHeader("Retry-After", Long.toString(Math.max(1, wait.toSeconds())));
      ctx.fail(new ApiException(429, "Too many requests", "this token's rate limit is reached; try again shortly",
          java.util.List.of()));
      return;
    }
    ctx.next();
  }

  private Future<Optional<TokenStore.Found>> lookup(String token, Instant now) {
    String key = HexFormat.of().formatHex(TokenStore.sha256(token));
    Cached c = cache.get(key);
    if (c != null && now.isBefore(c.until())) {
      return Future.succeededFuture(c.found());
    }
    return tokens.find(token, now).onSuccess(found -> {
      if (cache.size() > 10_000) {
        cache.clear();
      }
      cache.put(key, new Cached(found, now.plusSeconds(CACHE_SECONDS)));
    });
  }

  private void touch(Principal p, Instant now) {
    Instant last = lastTouched.get(p.tokenId());
    if (last == null || Duration.between(last, now).toSeconds() >= 60) {
      lastTouched.put(p.tokenId(), now);
      tokens.touch(p.tokenId(), now);
    }
  }

  public static Principal principal(RoutingContext ctx) {
    return ctx.get(PRINCIPAL);
  }

  /** The name written as author, requester or declarant. */
  public static String who(RoutingContext ctx) {
    Principal p = principal(ctx);
    return p.tokenId() == null ? p.name() : p.name() + " (" + p.tokenId() + ")";
  }

  /** A handler that lets only the given roles through (403 otherwise). */
  public static Handler<RoutingContext> only(Role... roles) {
    java.util.Set<Role> allowed = java.util.Set.of(roles);
    return ctx -> {
      Principal p = principal(ctx);
      if (allowed.contains(p.role())) {
        ctx.next();
      } else {
        ctx.fail(ApiException.forbidden("the " + p.role().name().toLowerCase(java.util.Locale.ROOT)
            + " role may not " + ctx.request().method() + " " + ctx.currentRoute().getPath()));
      }
    };
  }
}
