package fr.iloe.tracker.store;

import fr.iloe.tracker.domain.ReferenceData;
import fr.iloe.tracker.ingest.ReferenceJson;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.function.UnaryOperator;

/**
 * Reference bundles in PostgreSQL: each accepted bundle is appended as a new version with who loaded it
 * and from where; the newest is in force. Updates are serialised so that two merges never lose each other.
 */
public final class ReferenceStore {
  /** The channel on which a new bundle version is announced to every instance. */
  public static final String CHANNEL = "iloe_reference";

  /** Serialises bundle updates across instances. */
  private static final long UPDATE_LOCK = 0x1102_0001L;

  private final Pool pool;
  private volatile Versioned cached = new Versioned(0, ReferenceData.EMPTY);

  public ReferenceStore(Pool pool) {
    this.pool = pool;
  }

  public record Versioned(long version, ReferenceData data) {}

  /** The bundle in force as this instance last read or wrote it; validation reads it without I/O. */
  public ReferenceData cached() {
    return cached.data();
  }

  public long cachedVersion() {
    return cached.version();
  }

  /** Reads the bundle in force (version 0 and an empty bundle when none was ever loaded) into the cache. */
  public Future<Versioned> load() {
    return pool.withConnection(this::current).andThen(ar -> {
      if (ar.succeeded() && ar.result().version() >= cached.version()) {
        cached = ar.result();
      }
    });
  }

  private Future<Versioned> current(SqlConnection conn) {
    // read as text and parsed strictly: Vert.x would decode the jsonb's decimal rates as doubles
    return conn.query("SELECT version, bundle::text AS bundle FROM reference_bundle ORDER BY version DESC LIMIT 1").execute()
        .map(rows -> {
          if (rows.size() == 0) {
            return new Versioned(0, ReferenceData.EMPTY);
          }
          Row row = rows.iterator().next();
          return new Versioned(row.getLong("version"), ReferenceJson.read(
              fr.iloe.tracker.ingest.StrictJson.parseObject(row.getString("bundle").getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        });
  }

  /**
   * Applies {@code change} to the bundle in force and stores the result as a new version, unless it changes
   * nothing (a reference file loaded again at each start). {@code change} may throw to refuse the update;
   * then nothing is stored.
   */
  public Future<Versioned> update(UnaryOperator<ReferenceData> change, String by, String source) {
    return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(UPDATE_LOCK))
        .compose(locked -> current(conn))
        .compose(current -> {
          ReferenceData next = change.apply(current.data());
          if (next.equals(current.data()) && current.version() > 0) {
            return Future.succeededFuture(current);
          }
          return conn.preparedQuery("INSERT INTO reference_bundle (bundle, loaded_by, source) VALUES ($1::text::jsonb, $2, $3) RETURNING version")
              .execute(Tuple.of(ReferenceJson.write(next).encode(), by, source))
              .compose(rows -> conn.query("NOTIFY " + CHANNEL).execute()
                  .map(v -> new Versioned(rows.iterator().next().getLong("version"), next)));
        })).andThen(ar -> {
          if (ar.succeeded()) {
            cached = ar.result();
          }
        });
  }
}
