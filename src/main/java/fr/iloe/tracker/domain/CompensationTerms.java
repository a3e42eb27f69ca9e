package fr.iloe.tracker.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The money side of the SIEG convention (domain.md A6, B9), fixed in advance: unit rates in cents per tonne by
 * activity (and mode, and waste code), the fixed annual part, the hourly rate of insertion hours, the revenues
 * per tonne (material sales, REP supports by eco-organism), the reasonable profit, the performance bonus or
 * malus per point of headline rate above or below the trajectory with its cap, and the carry-forward share.
 * Money is integer cents; rates of money per tonne are integer cents per tonne.
 */
public record CompensationTerms(
    List<UnitRate> unitRates,
    long fixedAnnualCents,
    long insertionHourlyCents,
    BigDecimal insertionTargetHours,
    BigDecimal fteHours,
    List<Revenue> materialSales,
    List<Revenue> repSupports,
    int reasonableProfitBp,
    long bonusCentsPerPoint,
    long bonusCapCents,
    int carryForwardBp,
    int massBalanceToleranceBp) {

  public CompensationTerms {
    unitRates = List.copyOf(unitRates);
    materialSales = List.copyOf(materialSales);
    repSupports = List.copyOf(repSupports);
  }

  /** Cents per tonne for an activity, optionally only for one mode and/or one waste code. */
  public record UnitRate(Activity activity, Mode mode, WasteCode wasteCode, long centsPerTonne) {
    int specificity() {
      return (mode != null ? 2 : 0) + (wasteCode != null ? 1 : 0);
    }
  }

  /** Cents per tonne earned on a waste code (a buyer's price, or an eco-organism's support). */
  public record Revenue(WasteCode wasteCode, String ecoOrganism, long centsPerTonne) {}

  /** The most specific unit rate for these kilograms: mode and code, then mode, then code, then the activity's. */
  public Optional<UnitRate> rateFor(Activity activity, Mode mode, WasteCode code) {
    return unitRates.stream()
        .filter(r -> r.activity() == activity && (r.mode() == null || r.mode() == mode)
            && (r.wasteCode() == null || r.wasteCode().equals(code)))
        .max(Comparator.comparingInt(UnitRate::specificity));
  }

  /** Every problem of these terms, each named under {@code at}. */
  public List<FieldError> problems(String at) {
    List<FieldError> errors = new ArrayList<>();
    for (int i = 0; i < unitRates.size(); i++) {
      UnitRate r = unitRates.get(i);
      if (r.centsPerTonne() < 0) {
        errors.add(new FieldError(at + ".unitRates[" + i + "].centsPerTonne", "must not be negative"));
      }
      for (int j = 0; j < i; j++) {
        UnitRate o = unitRates.get(j);
        if (o.activity() == r.activity() && o.mode() == r.mode() && java.util.Objects.equals(o.wasteCode(), r.wasteCode())) {
          errors.add(new FieldError(at + ".unitRates[" + i + "]", "repeats the rate of unitRates[" + j + "]"));
        }
      }
    }
    negative(errors, at + ".fixedAnnualCents", fixedAnnualCents);
    negative(errors, at + ".insertionHourlyCents", insertionHourlyCents);
    negative(errors, at + ".bonusCentsPerPoint", bonusCentsPerPoint);
    negative(errors, at + ".bonusCapCents", bonusCapCents);
    if (insertionTargetHours.signum() < 0) {
      errors.add(new FieldError(at + ".insertionTargetHours", "must not be negative"));
    }
    if (fteHours.signum() <= 0) {
      errors.add(new FieldError(at + ".fteHours", "must be positive"));
    }
    for (int i = 0; i < materialSales.size(); i++) {
      negative(errors, at + ".materialSales[" + i + "].centsPerTonne", materialSales.get(i).centsPerTonne());
    }
    for (int i = 0; i < repSupports.size(); i++) {
      negative(errors, at + ".repSupports[" + i + "].centsPerTonne", repSupports.get(i).centsPerTonne());
      if (repSupports.get(i).ecoOrganism() == null || repSupports.get(i).ecoOrganism().isBlank()) {
        errors.add(new FieldError(at + ".repSupports[" + i + "].ecoOrganism", "is required"));
      }
    }
    basisPoints(errors, at + ".reasonableProfitBp", reasonableProfitBp);
    basisPoints(errors, at + ".carryForwardBp", carryForwardBp);
    basisPoints(errors, at + ".massBalanceToleranceBp", massBalanceToleranceBp);
    return errors;
  }

  private static void negative(List<FieldError> errors, String field, long value) {
    if (value < 0) {
      errors.add(new FieldError(field, "must not be negative"));
    }
  }

  private static void basisPoints(List<FieldError> errors, String field, int bp) {
    if (bp < 0 || bp > 10_000) {
      errors.add(new FieldError(field, "must be between 0 and 10000 basis points"));
    }
  }
}
