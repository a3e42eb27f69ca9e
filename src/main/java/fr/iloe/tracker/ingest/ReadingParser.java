package fr.iloe.tracker.ingest;

import fr.iloe.tracker.domain.Reading;
import fr.iloe.tracker.domain.ReadingRules;
import fr.iloe.tracker.domain.ReferenceData;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Arrays;

/** The one reader of collection-point readings, shared by HTTP and MQTT; the topic's site and point must agree. */
public final class ReadingParser {
  private final ReadingRules rules;

  public ReadingParser(ReadingRules rules) {
    this.rules = rules;
  }

  /** Where a reading came from (an MQTT topic names the site and the point); null fields expect nothing. */
  public record Expected(String site, String point) {
    public static final Expected NOTHING = new Expected(null, null);
  }

  public Reading read(byte[] payload, Expected expected, ReferenceData reference, Instant now) {
    JsonObject json = StrictJson.parseObject(payload);
    Fields f = new Fields(json);
    Reading r = new Reading(
        f.string("key"),
        f.string("site"),
        f.string("point"),
        f.instant("at"),
        f.parsed("kind", s -> Arrays.stream(Reading.Kind.values()).filter(k -> k.wire().equals(s)).findFirst(),
            "fill or pickup"),
        f.decimal("fillPercent"),
        f.decimal("temperatureC"),
        f.string("plate"),
        f.integer("estimatedKg"),
        f.integer("items"));
    f.mustMatch("site", r.site(), expected.site(), "site");
    f.mustMatch("point", r.point(), expected.point(), "point");
    return rules.admit(r, reference, now, f.unreadable(), f.errors());
  }
}
