package fr.iloe.tracker.store;

import fr.iloe.tracker.domain.Principal;
import fr.iloe.tracker.domain.Role;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * API tokens. A token is 32 random bytes shown once when it is created; only its SHA-256 is stored, with its
 * owner's name, role, scope (sites or partner), optional expiry, revocation and last use. A revocation is
 * announced on {@code iloe_tokens} so that every instance forgets the token at once.
 */
public final class TokenStore {
  public static final String CHANNEL = "iloe_tokens";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Pool pool;

  public TokenStore(Pool pool) {
    this.pool = pool;
  }

  /** A token as listed (never the token itself). */
  public record Info(String id, String name, Role role, Set<String> sites, String partner, String createdBy,
      Instant createdAt, Instant expiresAt, Instant revokedAt, Instant lastUsedAt) {}

  /** A new token: the only time its value is known. */
  public record Created(Info info, String token) {}

  /** What authentication finds for a token: who it is, until when. */
  public record Found(Principal principal, Instant expiresAt) {}

  public Future<Created> create(String name, Role role, Set<String> sites, String partner, Instant expiresAt, String by) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String token = "iloe_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    String id = "tok_" + HexFormat.of().formatHex(Arrays.copyOf(sha256(token), 6));
    return pool.preparedQuery("INSERT INTO api_token (id, name, role, sites, partner, token_hash, created_by, expires_at)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *")
        .execute(TicketStore.args(id, name, role.name(), sites.stream().sorted().toArray(String[]::new), partner,
            Buffer.buffer(sha256(token)), by, TicketStore.utc(expiresAt)))
        .map(rows -> new Created(info(rows.iterator().next()), token));
  }

  /** Revokes a token; false when there is no such live token. */
  public Future<Boolean> revoke(String id, String by) {
    return pool.withTransaction(conn -> conn.preparedQuery("UPDATE api_token SET revoked_at = clock_timestamp(), revoked_by = $2"
            + " WHERE id = $1 AND revoked_at IS NULL")
        .execute(TicketStore.args(id, by))
        .compose(r -> r.rowCount() == 0 ? Future.succeededFuture(false)
            : conn.query("NOTIFY " + CHANNEL).execute().map(v -> true)));
  }

  /** The live token with this value, if any (not revoked, not expired at {@code now}). */
  public Future<Optional<Found>> find(String token, Instant now) {
    return pool.preparedQuery("SELECT * FROM api_token WHERE token_hash = $1 AND revoked_at IS NULL"
            + " AND (expires_at IS NULL OR expires_at > $2)")
        .execute(TicketStore.args(Buffer.buffer(sha256(token)), TicketStore.utc(now)))
        .map(rows -> {
          if (rows.size() == 0) {
            return Optional.empty();
          }
          Info i = info(rows.iterator().next());
          return Optional.of(new Found(new Principal(i.name(), i.id(), i.role(), i.sites(), i.partner()), i.expiresAt()));
        });
  }

  public Future<Void> touch(String id, Instant at) {
    return pool.preparedQuery("UPDATE api_token SET last_used_at = $2 WHERE id = $1")
        .execute(TicketStore.args(id, TicketStore.utc(at))).mapEmpty();
  }

  public Future<List<Info>> list() {
    return pool.query("SELECT * FROM api_token ORDER BY created_at, id").execute().map(rows -> {
      List<Info> out = new ArrayList<>();
      rows.forEach(r -> out.add(info(r)));
      return out;
    });
  }

  private static Info info(Row r) {
    String[] sites = r.getArrayOfStrings("sites");
    return new Info(r.getString("id"), r.getString("name"), Role.valueOf(r.getString("role")),
        Set.of(sites == null ? new String[0] : sites), r.getString("partner"), r.getString("created_by"),
        instant(r, "created_at"), instant(r, "expires_at"), instant(r, "revoked_at"), instant(r, "last_used_at"));
  }

  private static Instant instant(Row r, String column) {
    return r.getOffsetDateTime(column) == null ? null : r.getOffsetDateTime(column).toInstant();
  }

  /** The SHA-256 of a token's UTF-8 bytes: what is stored and looked up. */
  public static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
