package fr.iloe.tracker.domain;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.function.Executable;

/**
 * Test data shared by the domain tests: one site with one 60 t bridge (division 20 kg), partners with the
 * roles the tests need, stored tares, and a builder for weighing passes.
 */
public final class Fixtures {
  private Fixtures() {}

  public static final String SITE = "saint-priest";
  public static final String BRIDGE = "wb1";
  public static final String POINT = "cp-001";

  /** The tracker's clock in the PassRules tests. */
  public static final Instant NOW = Instant.parse("2026-11-28T08:20:00Z");
  /** 2026-11-28T09:14:03+01:00, a little before NOW. */
  public static final Instant AT = Instant.parse("2026-11-28T08:14:03Z");

  public static final String PLATE = "AB-123-CD";
  public static final long STORED_TARE_KG = 11_200;
  public static final String EXPIRED_PLATE = "EF-456-GH";
  public static final String UNTARED_PLATE = "IJ-789-KL";

  /** Collects (IN carrier) and transports (OUT carrier). */
  public static final Partner CARRIER = partner("p01", "12345678901234", Activity.COLLECTION, Activity.TRANSPORT);
  /** Treats outgoing lots. */
  public static final Partner RECYCLER = partner("p02", "23456789012345", Activity.TREATMENT);
  public static final Partner SORTER_A = partner("p03", "34567890123456", Activity.SORTING);
  public static final Partner SORTER_B = partner("p04", "45678901234567", Activity.SORTING);
  /** Transports only: cannot be the carrier of an IN ticket. */
  public static final Partner HAULIER = partner("p05", null, Activity.TRANSPORT);
  /** Collects only: cannot be the carrier of an OUT ticket. */
  public static final Partner COLLECTOR = partner("p06", null, Activity.COLLECTION);

  public static final Weighbridge WB1 = new Weighbridge(BRIDGE, 20, 60_000);

  public static Partner partner(String id, String siret, Activity... roles) {
    return new Partner(id, "Partner " + id, siret, Set.of(roles));
  }

  public static Site site() {
    return new Site(SITE, "Plateforme de Saint-Priest", "69290", List.of(WB1),
        List.of(new CollectionPoint(POINT, "Résidence des Tilleuls", "69259", 30_000L, null)));
  }

  public static ReferenceData reference() {
    return new ReferenceData(
        List.of(CARRIER, RECYCLER, SORTER_A, SORTER_B, HAULIER, COLLECTOR),
        List.of(site()),
        List.of(
            new StoredTare(PLATE, STORED_TARE_KG, Instant.parse("2026-12-31T23:00:00Z")),
            new StoredTare(EXPIRED_PLATE, 9_000, Instant.parse("2026-06-30T22:00:00Z"))),
        List.of(new AllocationRule("r1", SITE, Activity.SORTING, null, LocalDate.of(2026, 1, 1), null,
            List.of(new Share("p03", 6000), new Share("p04", 4000)))));
  }

  public static PassRules rules() {
    return new PassRules(Duration.ofMinutes(5));
  }

  public static WasteCode wasteCode(String code) {
    return WasteCode.parse(code).orElseThrow();
  }

  public static OperationCode operation(String code) {
    return OperationCode.parse(code).orElseThrow();
  }

  /** The field names of an exception's errors, in order. */
  public static List<String> fields(List<FieldError> errors) {
    return errors.stream().map(FieldError::field).collect(Collectors.toList());
  }

  public static InvalidInputException invalid(Executable call) {
    return assertThrows(InvalidInputException.class, call);
  }

  /** The first pass of an IN ticket: the loaded collection truck, 18,460 kg. */
  public static PassBuilder inFirst() {
    return new PassBuilder().key("wb1-alibi-000123").ticket("T-2026-000123").site(SITE).bridge(BRIDGE).at(AT)
        .seq(Seq.FIRST).weightKg(18_460L).direction(Direction.IN).plate(PLATE).carrier("p01")
        .wasteCode(wasteCode("20 03 07")).origin(new Origin(POINT, "69259"));
  }

  /** The first pass of an OUT ticket: the empty truck, 11,000 kg, sent to p02 under R 3. */
  public static PassBuilder outFirst() {
    return new PassBuilder().key("wb1-alibi-000200").ticket("T-2026-000200").site(SITE).bridge(BRIDGE).at(AT)
        .seq(Seq.FIRST).weightKg(11_000L).direction(Direction.OUT).plate(PLATE).carrier("p01")
        .wasteCode(wasteCode("19 12 07")).destination("p02").operation(operation("R 3"));
  }

  /** A bare second pass: only what a terminal must send to close a ticket. */
  public static PassBuilder second(String ticket, long kg, Instant at) {
    return new PassBuilder().key("wb1-alibi-" + ticket + "-2").ticket(ticket).site(SITE).bridge(BRIDGE).at(at)
        .seq(Seq.SECOND).weightKg(kg);
  }

  /** A single pass of the vehicle with a valid stored tare (11,200 kg), loaded at 18,460 kg. */
  public static PassBuilder single() {
    return inFirst().key("wb1-alibi-000300").ticket("T-2026-000300").seq(Seq.SINGLE);
  }

  /** A mutable builder of {@link Pass}, so that each test states only what it changes. */
  public static final class PassBuilder {
    private String key;
    private String ticket;
    private String site;
    private String bridge;
    private Instant at;
    private Seq seq;
    private Long weightKg;
    private Direction direction;
    private String plate;
    private String carrier;
    private WasteCode wasteCode;
    private Origin origin;
    private String destination;
    private OperationCode operation;
    private Mode mode;
    private boolean manual;
    private String manualReason;
    private Long storedTareKg;

    public PassBuilder key(String v) { key = v; return this; }
    public PassBuilder ticket(String v) { ticket = v; return this; }
    public PassBuilder site(String v) { site = v; return this; }
    public PassBuilder bridge(String v) { bridge = v; return this; }
    public PassBuilder at(Instant v) { at = v; return this; }
    public PassBuilder at(String v) { at = Instant.parse(v); return this; }
    public PassBuilder seq(Seq v) { seq = v; return this; }
    public PassBuilder weightKg(Long v) { weightKg = v; return this; }
    public PassBuilder weightKg(long v) { weightKg = v; return this; }
    public PassBuilder direction(Direction v) { direction = v; return this; }
    public PassBuilder plate(String v) { plate = v; return this; }
    public PassBuilder carrier(String v) { carrier = v; return this; }
    public PassBuilder wasteCode(WasteCode v) { wasteCode = v; return this; }
    public PassBuilder origin(Origin v) { origin = v; return this; }
    public PassBuilder destination(String v) { destination = v; return this; }
    public PassBuilder operation(OperationCode v) { operation = v; return this; }
    public PassBuilder operation(String v) { operation = v == null ? null : Fixtures.operation(v); return this; }
    public PassBuilder mode(Mode v) { mode = v; return this; }
    public PassBuilder manual(boolean v) { manual = v; return this; }
    public PassBuilder manualReason(String v) { manualReason = v; return this; }
    public PassBuilder storedTareKg(Long v) { storedTareKg = v; return this; }

    public Pass build() {
      return new Pass(key, ticket, site, bridge, at, seq, weightKg, direction, plate, carrier, wasteCode, origin,
          destination, operation, mode, manual, manualReason, storedTareKg);
    }
  }
}
