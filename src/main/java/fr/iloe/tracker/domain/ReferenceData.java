package fr.iloe.tracker.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The reference bundle of interface.md: partners, sites with their weighbridges and collection points,
 * stored tares and allocation rules. Immutable; a new bundle replaces the old one as a whole.
 */
public record ReferenceData(
    List<Partner> partners, List<Site> sites, List<StoredTare> storedTares, List<AllocationRule> allocationRules,
    List<ConventionParameters> conventionParameters, List<Payment> payments) {

  /** The partner id that receives the kilograms no rule covers. */
  public static final String UNALLOCATED = "UNALLOCATED";

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Pattern SIRET = Pattern.compile("\\d{14}");
  private static final Pattern INSEE = Pattern.compile("\\d{5}|2[AB]\\d{3}");

  public static final ReferenceData EMPTY = new ReferenceData(List.of(), List.of(), List.of(), List.of(), List.of(),
      List.of());

  public ReferenceData {
    partners = List.copyOf(partners);
    sites = List.copyOf(sites);
    storedTares = List.copyOf(storedTares);
    allocationRules = List.copyOf(allocationRules);
    conventionParameters = List.copyOf(conventionParameters);
    payments = List.copyOf(payments);
  }

  /** A bundle without convention parameters (the defaults apply). */
  public ReferenceData(List<Partner> partners, List<Site> sites, List<StoredTare> storedTares,
      List<AllocationRule> allocationRules) {
    this(partners, sites, storedTares, allocationRules, List.of(), List.of());
  }

  /** The convention parameters in force on {@code day} (the defaults when the bundle gives none). */
  public ConventionParameters parametersOn(java.time.LocalDate day) {
    return Valorisation.inForce(conventionParameters, day);
  }

  public Optional<Partner> partner(String id) {
    return partners.stream().filter(p -> p.id().equals(id)).findFirst();
  }

  public Optional<Site> site(String id) {
    return sites.stream().filter(s -> s.id().equals(id)).findFirst();
  }

  public Optional<StoredTare> storedTare(String plate) {
    String key = Plate.key(plate);
    return storedTares.stream().filter(t -> Plate.key(t.plate()).equals(key)).findFirst();
  }

  /**
   * This bundle with {@code update} laid over it: each partner, site, stored tare and rule of the update
   * replaces the one with the same id (plate for stored tares), or is added; nothing is removed.
   */
  public ReferenceData merge(ReferenceData update) {
    return new ReferenceData(
        overlay(partners, update.partners, Partner::id),
        overlay(sites, update.sites, Site::id),
        overlay(storedTares, update.storedTares, t -> Plate.key(t.plate())),
        overlay(allocationRules, update.allocationRules, AllocationRule::id),
        overlay(conventionParameters, update.conventionParameters, c -> c.effectiveFrom().toString()),
        overlay(payments, update.payments, Payment::id));
  }

  private static <T> List<T> overlay(List<T> base, List<T> update, Function<T, String> id) {
    Map<String, T> byId = new LinkedHashMap<>();
    base.forEach(t -> byId.put(id.apply(t), t));
    update.forEach(t -> byId.put(id.apply(t), t));
    return List.copyOf(byId.values());
  }

  /**
   * Every inconsistency of the bundle, each named by its path, items named by id
   * ({@code allocationRules[r1].shares[0].partner}); empty when the bundle can be used.
   */
  public List<FieldError> problems() {
    List<FieldError> errors = new ArrayList<>();
    checkUnique(errors, "partners", partners, Partner::id);
    for (int i = 0; i < partners.size(); i++) {
      Partner p = partners.get(i);
      String at = "partners[" + label(p.id(), i) + "]";
      checkId(errors, at + ".id", p.id());
      if (p.siret() != null && !SIRET.matcher(p.siret()).matches()) {
        errors.add(new FieldError(at + ".siret", "must be 14 digits"));
      }
      if (p.roles().isEmpty()) {
        errors.add(new FieldError(at + ".roles", "must name at least one activity"));
      }
    }
    checkUnique(errors, "sites", sites, Site::id);
    for (int i = 0; i < sites.size(); i++) {
      checkSite(errors, "sites[" + label(sites.get(i).id(), i) + "]", sites.get(i));
    }
    checkUnique(errors, "storedTares", storedTares, t -> Plate.key(t.plate()));
    for (int i = 0; i < storedTares.size(); i++) {
      StoredTare t = storedTares.get(i);
      String at = "storedTares[" + label(t.plate(), i) + "]";
      if (!Plate.wellFormed(t.plate())) {
        errors.add(new FieldError(at + ".plate", Plate.RULE));
      }
      if (t.kg() <= 0) {
        errors.add(new FieldError(at + ".kg", "must be a positive number of kilograms"));
      }
    }
    checkUnique(errors, "allocationRules", allocationRules, AllocationRule::id);
    for (int i = 0; i < allocationRules.size(); i++) {
      checkRule(errors, "allocationRules[" + label(allocationRules.get(i).id(), i) + "]", allocationRules.get(i));
    }
    checkUnique(errors, "conventionParameters", conventionParameters, c -> c.effectiveFrom().toString());
    for (ConventionParameters c : conventionParameters) {
      checkParameters(errors, "conventionParameters[" + c.effectiveFrom() + "]", c);
      if (c.money() != null) {
        errors.addAll(c.money().problems("conventionParameters[" + c.effectiveFrom() + "].money"));
      }
    }
    checkUnique(errors, "payments", payments, Payment::id);
    for (int i = 0; i < payments.size(); i++) {
      Payment p = payments.get(i);
      String at = "payments[" + label(p.id(), i) + "]";
      checkId(errors, at + ".id", p.id());
      if (p.cents() <= 0) {
        errors.add(new FieldError(at + ".cents", "must be a positive amount of cents"));
      }
    }
    return errors;
  }

  private void checkSite(List<FieldError> errors, String at, Site s) {
    checkId(errors, at + ".id", s.id());
    if (s.insee() != null && !INSEE.matcher(s.insee()).matches()) {
      errors.add(new FieldError(at + ".insee", "must be a 5-character INSEE commune code"));
    }
    checkUnique(errors, at + ".weighbridges", s.weighbridges(), Weighbridge::id);
    for (int j = 0; j < s.weighbridges().size(); j++) {
      Weighbridge b = s.weighbridges().get(j);
      String bat = at + ".weighbridges[" + label(b.id(), j) + "]";
      checkId(errors, bat + ".id", b.id());
      if (b.divisionKg() <= 0) {
        errors.add(new FieldError(bat + ".divisionKg", "must be a positive number of kilograms"));
      } else if (b.maxKg() < b.minKg() || b.maxKg() % b.divisionKg() != 0) {
        errors.add(new FieldError(bat + ".maxKg",
            "must be a multiple of the division and at least 20 divisions (" + b.minKg() + " kg)"));
      }
    }
    checkUnique(errors, at + ".points", s.points(), CollectionPoint::id);
    for (int j = 0; j < s.points().size(); j++) {
      CollectionPoint p = s.points().get(j);
      String pat = at + ".points[" + label(p.id(), j) + "]";
      checkId(errors, pat + ".id", p.id());
      if (p.insee() != null && !INSEE.matcher(p.insee()).matches()) {
        errors.add(new FieldError(pat + ".insee", "must be a 5-character INSEE commune code"));
      }
      if (p.capacityL() != null && p.capacityL() <= 0) {
        errors.add(new FieldError(pat + ".capacityL", "must be a positive number of litres"));
      }
      if (p.expectedIntervalHours() != null && p.expectedIntervalHours() <= 0) {
        errors.add(new FieldError(pat + ".expectedIntervalHours", "must be a positive number of hours"));
      }
    }
  }

  private void checkRule(List<FieldError> errors, String at, AllocationRule r) {
    checkId(errors, at + ".id", r.id());
    if (site(r.site()).isEmpty()) {
      errors.add(new FieldError(at + ".site", "unknown site '" + r.site() + "'"));
    }
    if (r.validTo() != null && r.validTo().isBefore(r.validFrom())) {
      errors.add(new FieldError(at + ".validTo", "must not be before validFrom"));
    }
    if (r.shares().isEmpty()) {
      errors.add(new FieldError(at + ".shares", "must give at least one share"));
    }
    long total = 0;
    for (int k = 0; k < r.shares().size(); k++) {
      Share sh = r.shares().get(k);
      String sat = at + ".shares[" + k + "]";
      if (partner(sh.partner()).isEmpty()) {
        errors.add(new FieldError(sat + ".partner", "unknown partner '" + sh.partner() + "'"));
      } else if (!partner(sh.partner()).get().does(r.activity())) {
        errors.add(new FieldError(sat + ".partner", "partner '" + sh.partner() + "' does not do " + r.activity()));
      }
      if (sh.bp() <= 0 || sh.bp() > Share.WHOLE) {
        errors.add(new FieldError(sat + ".bp", "must be between 1 and 10000 basis points"));
      }
      total += sh.bp();
    }
    if (!r.shares().isEmpty() && total != Share.WHOLE) {
      errors.add(new FieldError(at + ".shares", "basis points must sum to 10000, not " + total));
    }
    if (r.shares().stream().map(Share::partner).distinct().count() != r.shares().size()) {
      errors.add(new FieldError(at + ".shares", "names a partner twice"));
    }
    for (AllocationRule other : allocationRules) {
      if (other != r && other.id().compareTo(r.id()) < 0 && overlaps(other, r)) {
        errors.add(new FieldError(at + ".validFrom",
            "overlaps rule '" + other.id() + "' for the same site, activity and waste code"));
      }
    }
  }

  private static void checkParameters(List<FieldError> errors, String at, ConventionParameters c) {
    if (!c.targetDate().isAfter(c.siegStart())) {
      errors.add(new FieldError(at + ".targetDate", "must be after siegStart"));
    }
    checkRate(errors, at + ".baselineRate", c.baselineRate());
    checkRate(errors, at + ".targetRate", c.targetRate());
    if (c.annualTargetKg() <= 0) {
      errors.add(new FieldError(at + ".annualTargetKg", "must be a positive number of kilograms"));
    }
    if (!"material".equals(c.headline()) && !"global".equals(c.headline())) {
      errors.add(new FieldError(at + ".headline", "must be material or global"));
    }
    if (!"outbound".equals(c.basis()) && !"inbound".equals(c.basis())) {
      errors.add(new FieldError(at + ".basis", "must be outbound or inbound"));
    }
  }

  private static void checkRate(List<FieldError> errors, String field, java.math.BigDecimal rate) {
    if (rate.signum() < 0 || rate.compareTo(java.math.BigDecimal.ONE) > 0) {
      errors.add(new FieldError(field, "must be a ratio between 0 and 1"));
    }
  }

  /** Items are named by their id in error paths, so that a path means the same before and after a merge. */
  private static String label(String id, int index) {
    return id == null || id.isBlank() ? "#" + index : id;
  }

  private static boolean overlaps(AllocationRule a, AllocationRule b) {
    boolean sameScope = a.site().equals(b.site()) && a.activity() == b.activity()
        && java.util.Objects.equals(a.wasteCode(), b.wasteCode());
    boolean aEndsBeforeB = a.validTo() != null && a.validTo().isBefore(b.validFrom());
    boolean bEndsBeforeA = b.validTo() != null && b.validTo().isBefore(a.validFrom());
    return sameScope && !aEndsBeforeB && !bEndsBeforeA;
  }

  private static void checkId(List<FieldError> errors, String field, String id) {
    if (id == null || !ID.matcher(id).matches() || id.equals(UNALLOCATED)) {
      errors.add(new FieldError(field, "must be 1 to 64 letters, digits, '.', '_' or '-' (and not UNALLOCATED)"));
    }
  }

  private static <T> void checkUnique(List<FieldError> errors, String field, List<T> items, Function<T, String> id) {
    items.stream().collect(Collectors.groupingBy(id, LinkedHashMap::new, Collectors.counting()))
        .forEach((k, n) -> {
          if (n > 1) {
            errors.add(new FieldError(field, "id '" + k + "' appears " + n + " times"));
          }
        });
  }
}
