package fr.iloe.tracker.store;

import fr.iloe.tracker.domain.Channel;
import fr.iloe.tracker.domain.FieldError;
import fr.iloe.tracker.domain.Text;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Messages that can never be stored, kept with their raw bytes and reasons (append-only). */
public final class QuarantineStore {
  private final Pool pool;

  public QuarantineStore(Pool pool) {
    this.pool = pool;
  }

  /** Why a message is in quarantine: the {@code reason} column and metric tag. */
  public enum Reason {
    MALFORMED,
    INVALID,
    CONFLICT,
    INTERNAL;

    public String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** One quarantined message. {@code site} and {@code key} are known when the payload could be read. */
  public record Entry(long id, Channel channel, String topic, byte[] payload, Instant receivedAt, Instant recordedAt,
      Reason reason, String detail, List<FieldError> errors, String site, String key) {}

  public Future<Void> add(Entry e) {
    JsonArray errors = new JsonArray(e.errors().stream()
        .map(f -> new JsonObject().put("field", Text.storable(f.field())).put("message", Text.storable(f.message())))
        .toList());
    return pool.preparedQuery("INSERT INTO quarantine (channel, topic, payload, received_at, reason, detail, errors, site, key)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
        .execute(TicketStore.args(e.channel().wire(), Text.storable(e.topic()), Buffer.buffer(e.payload()),
            TicketStore.utc(e.receivedAt()), e.reason().tag(), Text.storable(e.detail()), errors, Text.storable(e.site()),
            Text.storable(e.key())))
        .mapEmpty();
  }

  /** Newest first; {@code beforeId} pages back. */
  public Future<List<Entry>> list(String site, Long beforeId, int limit) {
    return pool.preparedQuery("SELECT * FROM quarantine WHERE ($1::text IS NULL OR site = $1)"
            + " AND ($2::bigint IS NULL OR id < $2) ORDER BY id DESC LIMIT $3")
        .execute(TicketStore.args(site, beforeId, limit))
        .map(rows -> {
          List<Entry> out = new ArrayList<>();
          for (Row r : rows) {
            JsonArray errors = (JsonArray) r.getValue("errors");
            out.add(new Entry(r.getLong("id"), Channel.valueOf(r.getString("channel").toUpperCase(java.util.Locale.ROOT)),
                r.getString("topic"), r.getBuffer("payload").getBytes(), r.getOffsetDateTime("received_at").toInstant(),
                r.getOffsetDateTime("recorded_at").toInstant(),
                Reason.valueOf(r.getString("reason").toUpperCase(java.util.Locale.ROOT)), r.getString("detail"),
                errors.stream().map(o -> (JsonObject) o)
                    .map(o -> new FieldError(o.getString("field"), o.getString("message"))).toList(),
                r.getString("site"), r.getString("key")));
          }
          return out;
        });
  }

  /** How many messages are in quarantine, for the gauge. */
  public Future<Long> count() {
    return pool.query("SELECT count(*) FROM quarantine").execute().map(rows -> rows.iterator().next().getLong(0));
  }
}
