package fr.iloe.tracker;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Passes and queries shared by the tests; the reference data is the demo bundle of {@code make run}. */
public final class Fixtures {
  private Fixtures() {}

  /** A moment an hour ago, whole seconds, so that no pass is in the future whatever the day. */
  public static Instant recent() {
    return Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
  }

  /** An IN first pass at saint-priest on wb1 (division 20 kg, max 60,000 kg), carrier p01. */
  public static JsonObject firstIn(String key, String ticket, long kg, Instant at) {
    return new JsonObject()
        .put("key", key).put("ticket", ticket).put("site", "saint-priest").put("bridge", "wb1")
        .put("at", at.toString()).put("seq", "first").put("weightKg", kg)
        .put("direction", "IN").put("plate", "AB-123-CD").put("carrier", "p01").put("wasteCode", "20 03 07")
        .put("origin", new JsonObject().put("point", "cp-001").put("insee", "69259"))
        .put("manual", false);
  }

  /** An OUT first pass (empty truck) to partner p06 for recycling under R3. */
  public static JsonObject firstOut(String key, String ticket, long kg, Instant at) {
    return new JsonObject()
        .put("key", key).put("ticket", ticket).put("site", "saint-priest").put("bridge", "wb1")
        .put("at", at.toString()).put("seq", "first").put("weightKg", kg)
        .put("direction", "OUT").put("plate", "EF-456-GH").put("carrier", "p06").put("wasteCode", "19 12 07")
        .put("destination", "p06").put("operation", "R3");
  }

  public static JsonObject second(String key, String ticket, long kg, Instant at) {
    return new JsonObject()
        .put("key", key).put("ticket", ticket).put("site", "saint-priest").put("bridge", "wb1")
        .put("at", at.toString()).put("seq", "second").put("weightKg", kg);
  }

  public static long count(Pool pool, String sql) {
    return pool.query(sql).execute().await().iterator().next().getLong(0);
  }
}
