package fr.iloe.tracker.ingest;

import fr.iloe.tracker.domain.Activity;
import fr.iloe.tracker.domain.AllocationRule;
import fr.iloe.tracker.domain.CollectionPoint;
import fr.iloe.tracker.domain.CompensationTerms;
import fr.iloe.tracker.domain.ConventionParameters;
import fr.iloe.tracker.domain.Payment;
import fr.iloe.tracker.domain.FieldError;
import fr.iloe.tracker.domain.InvalidInputException;
import fr.iloe.tracker.domain.Partner;
import fr.iloe.tracker.domain.ReferenceData;
import fr.iloe.tracker.domain.Share;
import fr.iloe.tracker.domain.Site;
import fr.iloe.tracker.domain.StoredTare;
import fr.iloe.tracker.domain.Weighbridge;
import fr.iloe.tracker.domain.WasteCode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The reference bundle of interface.md in JSON, both ways. */
public final class ReferenceJson {
  private ReferenceJson() {}

  /**
   * Reads a bundle, reporting every field of the wrong type; the bundle's own consistency is checked by
   * {@link ReferenceData#problems()} on the merged result.
   */
  public static ReferenceData read(JsonObject json) {
    Fields f = new Fields(json);
    List<Partner> partners = f.objects("partners").stream().map(ReferenceJson::partner).toList();
    List<Site> sites = f.objects("sites").stream().map(ReferenceJson::site).toList();
    List<StoredTare> tares = f.objects("storedTares").stream().map(ReferenceJson::storedTare).toList();
    List<AllocationRule> rules = f.objects("allocationRules").stream().map(ReferenceJson::rule).toList();
    List<ConventionParameters> parameters = f.objects("conventionParameters").stream().map(ReferenceJson::parameters).toList();
    List<Payment> payments = f.objects("payments").stream().map(ReferenceJson::payment).toList();
    if (!f.errors().isEmpty()) {
      throw new InvalidInputException(f.errors());
    }
    return new ReferenceData(partners, sites, tares, rules, parameters, payments);
  }

  private static Partner partner(Fields f) {
    Set<Activity> roles = EnumSet.noneOf(Activity.class);
    for (String role : f.strings("roles")) {
      PassParser.enumValue(Activity.class, role).ifPresentOrElse(roles::add,
          () -> f.error("roles", "unknown activity '" + role + "' (COLLECTION, TRANSPORT, SORTING or TREATMENT)"));
    }
    return new Partner(f.requiredString("id"), Objects.requireNonNullElse(f.string("name"), ""), f.string("siret"), roles);
  }

  private static Site site(Fields f) {
    List<Weighbridge> bridges = f.objects("weighbridges").stream()
        .map(b -> new Weighbridge(b.requiredString("id"), orZero(b.requiredInteger("divisionKg")),
            orZero(b.requiredInteger("maxKg"))))
        .toList();
    List<CollectionPoint> points = f.objects("points").stream()
        .map(p -> new CollectionPoint(p.requiredString("id"), Objects.requireNonNullElse(p.string("name"), ""),
            p.string("insee"), p.integer("capacityL"), toInt(p.integer("expectedIntervalHours"))))
        .toList();
    return new Site(f.requiredString("id"), Objects.requireNonNullElse(f.string("name"), ""), f.string("insee"), bridges, points);
  }

  private static StoredTare storedTare(Fields f) {
    Instant until = f.instant("validUntil");
    if (until == null && !f.isUnreadable("validUntil")) {
      f.error("validUntil", "is required");
    }
    String plate = f.requiredString("plate");
    return new StoredTare(plate == null ? "" : plate, orZero(f.requiredInteger("kg")), until == null ? Instant.EPOCH : until);
  }

  private static AllocationRule rule(Fields f) {
    Activity activity = f.parsed("activity", s -> PassParser.enumValue(Activity.class, s),
        "COLLECTION, TRANSPORT, SORTING or TREATMENT");
    if (activity == null && !f.isUnreadable("activity")) {
      f.error("activity", "is required");
    }
    WasteCode code = f.parsed("wasteCode", WasteCode::parse, "a List of Waste code such as 20 03 07");
    LocalDate from = date(f, "validFrom");
    if (from == null && !f.isUnreadable("validFrom")) {
      f.error("validFrom", "is required");
    }
    List<Share> shares = f.objects("shares").stream()
        .map(s -> new Share(s.requiredString("partner"), toInt(orZero(s.requiredInteger("bp")))))
        .toList();
    return new AllocationRule(f.requiredString("id"), f.requiredString("site"),
        activity == null ? Activity.SORTING : activity, code, from == null ? LocalDate.MIN : from, date(f, "validTo"), shares);
  }

  private static ConventionParameters parameters(Fields f) {
    ConventionParameters d = ConventionParameters.DEFAULT;
    LocalDate from = date(f, "effectiveFrom");
    if (from == null && !f.isUnreadable("effectiveFrom")) {
      f.error("effectiveFrom", "is required");
    }
    LocalDate start = date(f, "siegStart");
    LocalDate target = date(f, "targetDate");
    java.math.BigDecimal baseline = f.decimal("baselineRate");
    java.math.BigDecimal targetRate = f.decimal("targetRate");
    Long kg = f.integer("annualTargetKg");
    String headline = f.string("headline");
    String basis = f.string("basis");
    Fields money = f.object("money");
    return new ConventionParameters(from == null ? LocalDate.MIN : from, start == null ? d.siegStart() : start,
        target == null ? d.targetDate() : target, baseline == null ? d.baselineRate() : baseline,
        targetRate == null ? d.targetRate() : targetRate, kg == null ? d.annualTargetKg() : kg,
        headline == null ? d.headline() : headline, basis == null ? d.basis() : basis,
        money == null ? null : money(money));
  }

  private static CompensationTerms money(Fields f) {
    List<CompensationTerms.UnitRate> rates = f.objects("unitRates").stream().map(r -> new CompensationTerms.UnitRate(
        orDefault(r.parsed("activity", s -> PassParser.enumValue(Activity.class, s), "COLLECTION, TRANSPORT, SORTING or TREATMENT"),
            Activity.COLLECTION, r, "activity"),
        r.parsed("mode", s -> PassParser.enumValue(fr.iloe.tracker.domain.Mode.class, s), "a mode such as RECYCLING"),
        r.parsed("wasteCode", WasteCode::parse, "a List of Waste code such as 19 12 07"),
        orZero(r.requiredInteger("centsPerTonne")))).toList();
    List<CompensationTerms.Revenue> sales = f.objects("materialSales").stream().map(ReferenceJson::revenue).toList();
    List<CompensationTerms.Revenue> rep = f.objects("repSupports").stream().map(ReferenceJson::revenue).toList();
    java.math.BigDecimal target = f.decimal("insertionTargetHours");
    java.math.BigDecimal fte = f.decimal("fteHours");
    return new CompensationTerms(rates, orZero(f.integer("fixedAnnualCents")), orZero(f.integer("insertionHourlyCents")),
        target == null ? java.math.BigDecimal.ZERO : target, fte == null ? new java.math.BigDecimal("1607") : fte,
        sales, rep, toInt(orZero(f.integer("reasonableProfitBp"))), orZero(f.integer("bonusCentsPerPoint")),
        orZero(f.integer("bonusCapCents")), toInt(f.integer("carryForwardBp") == null ? 1000 : f.integer("carryForwardBp")),
        toInt(f.integer("massBalanceToleranceBp") == null ? 500 : f.integer("massBalanceToleranceBp")));
  }

  private static CompensationTerms.Revenue revenue(Fields f) {
    WasteCode code = f.parsed("wasteCode", WasteCode::parse, "a List of Waste code such as 19 12 07");
    if (code == null && !f.isUnreadable("wasteCode")) {
      f.error("wasteCode", "is required");
    }
    return new CompensationTerms.Revenue(code, f.string("ecoOrganism"), orZero(f.requiredInteger("centsPerTonne")));
  }

  private static Payment payment(Fields f) {
    LocalDate day = date(f, "date");
    if (day == null && !f.isUnreadable("date")) {
      f.error("date", "is required");
    }
    return new Payment(f.requiredString("id"), day == null ? LocalDate.MIN : day, orZero(f.requiredInteger("cents")),
        f.string("note"));
  }

  private static <T> T orDefault(T value, T fallback, Fields f, String field) {
    if (value == null && !f.isUnreadable(field)) {
      f.error(field, "is required");
    }
    return value == null ? fallback : value;
  }

  private static LocalDate date(Fields f, String field) {
    String s = f.string(field);
    if (s == null) {
      return null;
    }
    try {
      return LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      f.error(field, "must be a date YYYY-MM-DD");
      return null;
    }
  }

  private static long orZero(Long n) {
    return n == null ? 0 : n;
  }

  private static Integer toInt(Long n) {
    return n == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, n));
  }

  public static JsonObject write(ReferenceData ref) {
    return new JsonObject()
        .put("partners", new JsonArray(ref.partners().stream().map(p -> new JsonObject()
            .put("id", p.id()).put("name", p.name()).put("siret", p.siret())
            .put("roles", new JsonArray(p.roles().stream().sorted().map(Enum::name).toList()))).toList()))
        .put("sites", new JsonArray(ref.sites().stream().map(s -> new JsonObject()
            .put("id", s.id()).put("name", s.name()).put("insee", s.insee())
            .put("weighbridges", new JsonArray(s.weighbridges().stream().map(b -> new JsonObject()
                .put("id", b.id()).put("divisionKg", b.divisionKg()).put("maxKg", b.maxKg())).toList()))
            .put("points", new JsonArray(s.points().stream().map(p -> new JsonObject()
                .put("id", p.id()).put("name", p.name()).put("insee", p.insee()).put("capacityL", p.capacityL())
                .put("expectedIntervalHours", p.expectedIntervalHours())).toList()))).toList()))
        .put("storedTares", new JsonArray(ref.storedTares().stream().map(t -> new JsonObject()
            .put("plate", t.plate()).put("kg", t.kg()).put("validUntil", t.validUntil().toString())).toList()))
        .put("allocationRules", new JsonArray(ref.allocationRules().stream().map(r -> new JsonObject()
            .put("id", r.id()).put("site", r.site()).put("activity", r.activity().name())
            .put("wasteCode", r.wasteCode() == null ? null : r.wasteCode().code())
            .put("validFrom", r.validFrom().toString()).put("validTo", r.validTo() == null ? null : r.validTo().toString())
            .put("shares", new JsonArray(r.shares().stream().map(s -> new JsonObject()
                .put("partner", s.partner()).put("bp", s.bp())).toList()))).toList()))
        .put("conventionParameters", new JsonArray(ref.conventionParameters().stream().map(c -> new JsonObject()
            .put("effectiveFrom", c.effectiveFrom().toString()).put("siegStart", c.siegStart().toString())
            .put("targetDate", c.targetDate().toString()).put("baselineRate", c.baselineRate())
            .put("targetRate", c.targetRate()).put("annualTargetKg", c.annualTargetKg())
            .put("headline", c.headline()).put("basis", c.basis())
            .put("money", c.money() == null ? null : money(c.money()))).toList()))
        .put("payments", new JsonArray(ref.payments().stream().map(p -> new JsonObject().put("id", p.id())
            .put("date", p.day().toString()).put("cents", p.cents()).put("note", p.note())).toList()));
  }

  private static JsonObject money(CompensationTerms m) {
    return new JsonObject()
        .put("unitRates", new JsonArray(m.unitRates().stream().map(r -> new JsonObject().put("activity", r.activity().name())
            .put("mode", r.mode() == null ? null : r.mode().name())
            .put("wasteCode", r.wasteCode() == null ? null : r.wasteCode().code())
            .put("centsPerTonne", r.centsPerTonne())).toList()))
        .put("fixedAnnualCents", m.fixedAnnualCents()).put("insertionHourlyCents", m.insertionHourlyCents())
        .put("insertionTargetHours", m.insertionTargetHours()).put("fteHours", m.fteHours())
        .put("materialSales", revenues(m.materialSales())).put("repSupports", revenues(m.repSupports()))
        .put("reasonableProfitBp", m.reasonableProfitBp()).put("bonusCentsPerPoint", m.bonusCentsPerPoint())
        .put("bonusCapCents", m.bonusCapCents()).put("carryForwardBp", m.carryForwardBp())
        .put("massBalanceToleranceBp", m.massBalanceToleranceBp());
  }

  private static JsonArray revenues(List<CompensationTerms.Revenue> list) {
    return new JsonArray(list.stream().map(r -> new JsonObject().put("wasteCode", r.wasteCode() == null ? null : r.wasteCode().code())
        .put("ecoOrganism", r.ecoOrganism()).put("centsPerTonne", r.centsPerTonne())).toList());
  }

  /** Reads a bundle and checks it on its own; used for files given at start-up. */
  public static ReferenceData readValid(JsonObject json) {
    ReferenceData ref = read(json);
    List<FieldError> problems = ref.problems();
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    return ref;
  }
}
