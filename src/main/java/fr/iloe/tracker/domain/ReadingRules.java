package fr.iloe.tracker.domain;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rules a collection-point reading must meet: a known site and point, a time not ahead of the clock, a
 * fill level between 0 and 100 % (temperature between -50 and 80 °C), or a pickup with a plate, a positive
 * estimate and a number of items.
 */
public final class ReadingRules {
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
  /** A pickup's estimate above this is not believable for one collection point (kilograms). */
  public static final long MAX_ESTIMATE_KG = 30_000;

  private final Duration maxClockSkew;

  public ReadingRules(Duration maxClockSkew) {
    this.maxClockSkew = maxClockSkew;
  }

  /** @throws InvalidInputException with every problem found */
  public Reading admit(Reading r, ReferenceData ref, Instant now, Set<String> unreadable, List<FieldError> parseErrors) {
    List<FieldError> errors = new ArrayList<>(parseErrors);
    FieldChecks c = new FieldChecks(errors, unreadable);
    c.key(r.key());
    c.require("site", r.site());
    c.require("point", r.point());
    Optional<Site> site = r.site() == null ? Optional.empty() : ref.site(r.site());
    if (r.site() != null && site.isEmpty()) {
      c.add("site", "unknown site '" + r.site() + "'");
    }
    if (r.point() != null && site.isPresent() && site.get().point(r.point()).isEmpty()) {
      c.add("point", "unknown collection point '" + r.point() + "' at site '" + r.site() + "'");
    }
    c.require("at", r.at());
    if (r.at() != null && r.at().isAfter(now.plus(maxClockSkew))) {
      c.add("at", "is in the future (more than " + maxClockSkew.toSeconds() + " s ahead of the tracker's clock)");
    }
    c.require("kind", r.kind());
    if (r.kind() == Reading.Kind.FILL) {
      c.require("fillPercent", r.fillPercent());
      if (r.fillPercent() != null && (r.fillPercent().signum() < 0 || r.fillPercent().compareTo(HUNDRED) > 0)) {
        c.add("fillPercent", "must be between 0 and 100");
      }
      if (r.fillPercent() != null && decimals(r.fillPercent()) > 1) {
        c.add("fillPercent", "must have at most one decimal");
      }
      if (r.temperatureC() != null && (r.temperatureC().compareTo(BigDecimal.valueOf(-50)) < 0
          || r.temperatureC().compareTo(BigDecimal.valueOf(80)) > 0)) {
        c.add("temperatureC", "must be between -50 and 80 °C");
      }
      if (r.temperatureC() != null && decimals(r.temperatureC()) > 1) {
        c.add("temperatureC", "must have at most one decimal");
      }
      forbid(c, "plate", r.plate(), "fill");
      forbid(c, "estimatedKg", r.estimatedKg(), "fill");
      forbid(c, "items", r.items(), "fill");
    } else if (r.kind() == Reading.Kind.PICKUP) {
      c.require("plate", r.plate());
      c.plate(r.plate());
      c.require("estimatedKg", r.estimatedKg());
      if (r.estimatedKg() != null && (r.estimatedKg() <= 0 || r.estimatedKg() > MAX_ESTIMATE_KG)) {
        c.add("estimatedKg", "must be between 1 and " + MAX_ESTIMATE_KG + " kilograms");
      }
      if (r.items() != null && (r.items() < 0 || r.items() > 10_000)) {
        c.add("items", "must be between 0 and 10000");
      }
      forbid(c, "fillPercent", r.fillPercent(), "pickup");
      forbid(c, "temperatureC", r.temperatureC(), "pickup");
    }
    if (!errors.isEmpty()) {
      throw new InvalidInputException(errors);
    }
    // one decimal, as stored: a duplicate is then answered with exactly what the original was
    return new Reading(r.key(), r.site(), r.point(), r.at(), r.kind(), oneDecimal(r.fillPercent()),
        oneDecimal(r.temperatureC()), r.plate() == null ? null : Plate.display(r.plate()), r.estimatedKg(), r.items());
  }

  /** Significant decimals: 72.50 has one, like 72.5 (a sensor may print a fixed number of decimals). */
  private static int decimals(BigDecimal d) {
    return d.stripTrailingZeros().scale();
  }

  private static BigDecimal oneDecimal(BigDecimal d) {
    return d == null ? null : d.setScale(1, java.math.RoundingMode.UNNECESSARY);
  }

  private static void forbid(FieldChecks c, String field, Object value, String kind) {
    if (value != null) {
      c.add(field, "is not part of a " + kind + " reading");
    }
  }
}
