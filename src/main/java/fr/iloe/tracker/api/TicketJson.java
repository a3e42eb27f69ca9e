package fr.iloe.tracker.api;

import fr.iloe.tracker.domain.Pass;
import fr.iloe.tracker.domain.TicketState;
import fr.iloe.tracker.store.TicketView;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** Tickets as interface.md shows them. */
public final class TicketJson {
  private TicketJson() {}

  /** The whole ticket: its state, passes, net credit by partner and activity, and final operations. */
  public static JsonObject write(TicketView v) {
    return write(v.state(), true)
        .put("allocations", new JsonArray(v.allocations().stream().map(a -> new JsonObject()
            .put("partner", a.partner()).put("activity", a.activity().name()).put("kg", a.kg())).toList()))
        .put("finalOperations", new JsonArray(v.finalOperations().stream().map(f -> new JsonObject()
            .put("operation", f.operation().toString()).put("mode", f.mode().name()).put("kg", f.kg())).toList()));
  }

  /** The ticket's state, as in lists (without its allocations). */
  public static JsonObject write(TicketState t, boolean withPasses) {
    JsonObject json = new JsonObject()
        .put("site", t.site())
        .put("ticket", t.ticket())
        .put("status", t.status().name())
        .put("direction", name(t.direction()))
        .put("plate", t.plate())
        .put("carrier", t.carrier())
        .put("wasteCode", str(t.wasteCode()))
        .put("bridge", t.bridge())
        .put("grossKg", t.grossKg())
        .put("tareKg", t.tareKg())
        .put("tareMode", name(t.tareMode()))
        .put("netKg", t.netKg())
        .put("openedAt", time(t.openedAt()))
        .put("closedAt", time(t.closedAt()))
        .put("origin", t.origin() == null ? null
            : new JsonObject().put("point", t.origin().point()).put("insee", t.origin().insee()))
        .put("destination", t.destination())
        .put("operation", str(t.operation()))
        .put("mode", name(t.mode()))
        .put("final", t.isFinal())
        .put("manual", t.manual())
        .put("revision", t.revision());
    if (withPasses) {
      json.put("passes", new JsonArray(t.passes().stream().map(TicketJson::pass).toList()));
    }
    return json;
  }

  static JsonObject pass(Pass p) {
    JsonObject json = new JsonObject()
        .put("key", p.key())
        .put("seq", p.seq().wire())
        .put("bridge", p.bridge())
        .put("at", time(p.at()))
        .put("weightKg", p.weightKg())
        .put("manual", p.manual())
        .put("manualReason", p.manualReason());
    if (p.storedTareKg() != null) {
      json.put("storedTareKg", p.storedTareKg());
    }
    return json;
  }

  static String time(Instant t) {
    return t == null ? null : t.toString();
  }

  private static String name(Enum<?> e) {
    return e == null ? null : e.name();
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }
}
