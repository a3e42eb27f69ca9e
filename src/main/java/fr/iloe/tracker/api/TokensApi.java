package fr.iloe.tracker.api;

import fr.iloe.tracker.domain.InvalidInputException;
import fr.iloe.tracker.domain.Role;
import fr.iloe.tracker.ingest.Fields;
import fr.iloe.tracker.ingest.StrictJson;
import fr.iloe.tracker.store.ReferenceStore;
import fr.iloe.tracker.store.TokenStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/** {@code POST /api/v1/tokens}, {@code GET /api/v1/tokens}, {@code DELETE /api/v1/tokens/{id}} (admin). */
final class TokensApi {
  private final TokenStore tokens;
  private final ReferenceStore reference;
  private final Clock clock;
  private final Runnable revoked;

  /** {@code revoked} runs once a revocation has committed, before the answer: this instance forgets the token then. */
  TokensApi(TokenStore tokens, ReferenceStore reference, Clock clock, Runnable revoked) {
    this.tokens = tokens;
    this.reference = reference;
    this.clock = clock;
    this.revoked = revoked;
  }

  /** {@code { name, role, sites?, partner?, expiresAt? }}: 201 with {@code id} and {@code token}, shown this once. */
  void create(RoutingContext ctx) {
    Fields f = new Fields(StrictJson.parseObject(TicketsApi.bodyBytes(ctx)));
    String name = f.requiredString("name");
    if (name != null && (name.isBlank() || name.length() > 100)) {
      f.error("name", "must be 1 to 100 characters");
    }
    Role role = f.parsed("role", s -> Arrays.stream(Role.values()).filter(r -> r.name().equalsIgnoreCase(s)).findFirst(),
        "operator, member, auditor or admin");
    if (role == null && !f.isUnreadable("role")) {
      f.error("role", "is required");
    }
    Set<String> sites = new LinkedHashSet<>(f.strings("sites"));
    String partner = f.string("partner");
    Instant expiresAt = f.instant("expiresAt");
    if (role == Role.OPERATOR && sites.isEmpty()) {
      f.error("sites", "an operator token needs at least one site");
    }
    if (role != null && role != Role.OPERATOR && !sites.isEmpty()) {
      f.error("sites", "only operator tokens are limited to sites");
    }
    sites.stream().filter(s -> reference.cached().site(s).isEmpty())
        .forEach(s -> f.error("sites", "unknown site '" + s + "'"));
    if (role == Role.MEMBER && partner == null) {
      f.error("partner", "a member token needs its partner");
    }
    if (role != null && role != Role.MEMBER && partner != null) {
      f.error("partner", "only member tokens belong to a partner");
    }
    if (partner != null && reference.cached().partner(partner).isEmpty()) {
      f.error("partner", "unknown partner '" + partner + "'");
    }
    if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
      f.error("expiresAt", "must be in the future");
    }
    if (!f.errors().isEmpty()) {
      throw new InvalidInputException(f.errors());
    }
    tokens.create(name, role, sites, partner, expiresAt, Auth.who(ctx))
        .onSuccess(c -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
            .putHeader("Cache-Control", "no-store")
            .end(info(c.info()).put("token", c.token()).encode()))
        .onFailure(ctx::fail);
  }

  void list(RoutingContext ctx) {
    tokens.list()
        .onSuccess(list -> TicketsApi.json(ctx, new JsonObject().put("items",
            new JsonArray(list.stream().map(TokensApi::info).toList()))))
        .onFailure(ctx::fail);
  }

  /** 204 once revoked; 404 for an unknown or already revoked token. */
  void revoke(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    tokens.revoke(id, Auth.who(ctx))
        .onSuccess(done -> {
          if (done) {
            // the other instances forget it on the notification; this one before it answers, so that a call
            // made after the answer is refused here too
            revoked.run();
            ctx.response().setStatusCode(204).end();
          } else {
            ctx.fail(ApiException.notFound("no live token '" + id + "'"));
          }
        })
        .onFailure(ctx::fail);
  }

  private static JsonObject info(TokenStore.Info i) {
    return new JsonObject().put("id", i.id()).put("name", i.name()).put("role", i.role().name().toLowerCase(java.util.Locale.ROOT))
        .put("sites", new JsonArray(i.sites().stream().sorted().toList())).put("partner", i.partner())
        .put("createdBy", i.createdBy()).put("createdAt", TicketJson.time(i.createdAt()))
        .put("expiresAt", TicketJson.time(i.expiresAt())).put("revokedAt", TicketJson.time(i.revokedAt()))
        .put("lastUsedAt", TicketJson.time(i.lastUsedAt()));
  }
}
