package fr.iloe.tracker.ingest;

import fr.iloe.tracker.domain.Direction;
import fr.iloe.tracker.domain.Mode;
import fr.iloe.tracker.domain.OperationCode;
import fr.iloe.tracker.domain.Origin;
import fr.iloe.tracker.domain.Pass;
import fr.iloe.tracker.domain.PassRules;
import fr.iloe.tracker.domain.ReferenceData;
import fr.iloe.tracker.domain.Seq;
import fr.iloe.tracker.domain.WasteCode;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * The one reader of weighing passes, shared by the HTTP and MQTT transports: bytes, then JSON, then
 * typed fields, then the domain's rules ({@link PassRules}).
 */
public final class PassParser {
  private final PassRules rules;

  public PassParser(PassRules rules) {
    this.rules = rules;
  }

  /**
   * Where a message came from, when its transport says so (an MQTT topic names the site and the bridge):
   * the payload must agree. Null fields expect nothing.
   */
  public record Expected(String site, String bridge) {
    public static final Expected NOTHING = new Expected(null, null);
  }

  /**
   * @throws MalformedInputException when the bytes are not a JSON object
   * @throws fr.iloe.tracker.domain.InvalidInputException with every field problem
   */
  public Pass read(byte[] payload, Expected expected, ReferenceData reference, Instant now) {
    return read(StrictJson.parseObject(payload), expected, reference, now);
  }

  public Pass read(JsonObject json, Expected expected, ReferenceData reference, Instant now) {
    Fields f = new Fields(json);
    Fields origin = f.object("origin");
    Boolean manual = f.bool("manual");
    Pass pass = new Pass(
        f.string("key"),
        f.string("ticket"),
        f.string("site"),
        f.string("bridge"),
        f.instant("at"),
        f.parsed("seq", s -> Arrays.stream(Seq.values()).filter(v -> v.wire().equals(s)).findFirst(),
            "first, second or single"),
        f.integer("weightKg"),
        f.parsed("direction", s -> enumValue(Direction.class, s), "IN or OUT"),
        f.string("plate"),
        f.string("carrier"),
        f.parsed("wasteCode", WasteCode::parse, "a List of Waste code such as 20 03 07"),
        origin == null ? null : origin(origin.string("point"), origin.string("insee")),
        f.string("destination"),
        f.parsed("operation", OperationCode::parse, "an operation code R 0 to R 13 or D 1 to D 15"),
        f.parsed("mode", s -> enumValue(Mode.class, s), "one of REUSE, RECYCLING, OTHER_RECOVERY, ENERGY_RECOVERY, DISPOSAL"),
        Boolean.TRUE.equals(manual),
        f.string("manualReason"),
        null);
    f.mustMatch("site", pass.site(), expected.site(), "site");
    f.mustMatch("bridge", pass.bridge(), expected.bridge(), "weighbridge");
    return rules.admit(pass, reference, now, f.unreadable(), f.errors());
  }

  private static Origin origin(String point, String insee) {
    return point == null && insee == null ? null : new Origin(point, insee);
  }

  static <E extends Enum<E>> Optional<E> enumValue(Class<E> type, String s) {
    return Arrays.stream(type.getEnumConstants()).filter(e -> e.name().equals(s)).findFirst();
  }
}
