package fr.iloe.tracker.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules one weighing must meet on its own, against the reference data (domain.md B1, A5): the
 * weight rules of the bridge, the fields a ticket needs, known sites, bridges, partners and points, and a
 * valid stored tare for a single pass. Rules that involve the other pass of the ticket are in
 * {@link Tickets}.
 */
public final class PassRules {
  private static final Pattern TICKET = Pattern.compile("[\\x21-\\x7E]{1,64}");
  private static final Pattern INSEE = Pattern.compile("\\d{5}|2[AB]\\d{3}");
  private static final int MAX_REASON = 500;

  private final Duration maxClockSkew;

  /** @param maxClockSkew how far ahead of the tracker's clock a terminal's timestamp may be */
  public PassRules(Duration maxClockSkew) {
    this.maxClockSkew = maxClockSkew;
  }

  /**
   * Checks a parsed pass and answers it with its stored tare resolved (single passes).
   *
   * @param unreadable the fields the parser could not read; they are already reported and not checked again
   * @param parseErrors the parser's errors, reported together with these rules' errors
   * @throws InvalidInputException with every problem found
   */
  public Pass admit(Pass p, ReferenceData ref, Instant now, Set<String> unreadable, List<FieldError> parseErrors) {
    List<FieldError> errors = new ArrayList<>(parseErrors);
    FieldChecks c = new FieldChecks(errors, unreadable);

    c.key(p.key());
    c.require("ticket", p.ticket());
    if (p.ticket() != null && !TICKET.matcher(p.ticket()).matches()) {
      c.add("ticket", "must be 1 to 64 printable ASCII characters without spaces");
    }
    c.require("seq", p.seq());
    c.require("at", p.at());
    if (p.at() != null && p.at().isAfter(now.plus(maxClockSkew))) {
      c.add("at", "is in the future (more than " + maxClockSkew.toSeconds() + " s ahead of the tracker's clock)");
    }

    Optional<Site> site = Optional.empty();
    c.require("site", p.site());
    if (p.site() != null) {
      site = ref.site(p.site());
      if (site.isEmpty()) {
        c.add("site", "unknown site '" + p.site() + "'");
      }
    }
    Optional<Weighbridge> bridge = Optional.empty();
    c.require("bridge", p.bridge());
    if (p.bridge() != null && site.isPresent()) {
      bridge = site.get().bridge(p.bridge());
      if (bridge.isEmpty()) {
        c.add("bridge", "unknown weighbridge '" + p.bridge() + "' at site '" + p.site() + "'");
      }
    }
    c.require("weightKg", p.weightKg());
    if (p.weightKg() != null) {
      checkWeight(c, p.weightKg(), bridge);
    }

    boolean opens = p.seq() != null && p.seq().opens();
    if (opens) {
      c.require("direction", p.direction());
      c.require("plate", p.plate());
      c.require("carrier", p.carrier());
      c.require("wasteCode", p.wasteCode());
    }
    c.plate(p.plate());
    if (p.carrier() != null) {
      checkPartner(c, ref, "carrier", p.carrier(), p.direction() == null ? null : Activity.carrierActivity(p.direction()));
    }
    if (p.destination() != null) {
      checkPartner(c, ref, "destination", p.destination(), Activity.TREATMENT);
    }
    checkDirectionFields(c, p, opens, site);

    if (p.manual()) {
      if (p.manualReason() == null || p.manualReason().isBlank()) {
        c.add("manualReason", "is required for a manual weight");
      } else if (p.manualReason().length() > MAX_REASON) {
        c.add("manualReason", "must be at most " + MAX_REASON + " characters");
      }
    } else if (p.manualReason() != null) {
      c.add("manualReason", "is only for manual weights (manual=true)");
    }

    Long storedTare = null;
    if (p.seq() == Seq.SINGLE && p.plate() != null && p.at() != null && !unreadable.contains("plate")) {
      Optional<StoredTare> tare = ref.storedTare(p.plate());
      if (tare.isEmpty()) {
        c.add("plate", "no stored tare for vehicle " + Plate.display(p.plate()) + ": weigh it twice (first and second)");
      } else if (!tare.get().validAt(p.at())) {
        c.add("plate", "the stored tare of " + Plate.display(p.plate()) + " expired at " + tare.get().validUntil()
            + ": weigh it twice (first and second)");
      } else if (p.weightKg() != null && tare.get().kg() >= p.weightKg()) {
        c.add("weightKg", "must exceed the stored tare of " + Plate.display(p.plate()) + " (" + tare.get().kg() + " kg)");
      } else {
        storedTare = tare.get().kg();
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidInputException(errors);
    }
    return p.withStoredTare(storedTare);
  }

  /** A partner named by a pass must exist and, when the activity is known, be credited for it. */
  private static void checkPartner(FieldChecks c, ReferenceData ref, String field, String id, Activity activity) {
    Optional<Partner> partner = ref.partner(id);
    if (partner.isEmpty()) {
      c.add(field, "unknown partner '" + id + "'");
    } else if (activity != null && !partner.get().does(activity)) {
      c.add(field, "partner '" + id + "' does not do " + activity);
    }
  }

  private static void checkWeight(FieldChecks c, long kg, Optional<Weighbridge> bridge) {
    if (kg <= 0) {
      c.add("weightKg", "must be a positive number of kilograms");
      return;
    }
    if (bridge.isEmpty()) {
      return;
    }
    Weighbridge b = bridge.get();
    if (kg % b.divisionKg() != 0) {
      c.add("weightKg", "must be a multiple of the bridge division (" + b.divisionKg() + " kg)");
    } else if (kg < b.minKg()) {
      c.add("weightKg", "is below the bridge's minimum load of 20 divisions (" + b.minKg() + " kg)");
    } else if (kg > b.maxKg()) {
      c.add("weightKg", "exceeds the bridge's maximum capacity (" + b.maxKg() + " kg)");
    }
  }

  private static void checkDirectionFields(FieldChecks c, Pass p, boolean opens, Optional<Site> site) {
    if (p.direction() == Direction.OUT) {
      if (opens) {
        c.require("destination", p.destination());
        c.require("operation", p.operation());
      }
      if (p.origin() != null) {
        c.add("origin", "is only for IN tickets");
      }
    } else if (p.direction() == Direction.IN) {
      if (p.destination() != null) {
        c.add("destination", "is only for OUT tickets");
      }
      if (p.operation() != null) {
        c.add("operation", "is only for OUT tickets");
      }
      if (p.mode() != null) {
        c.add("mode", "is only for OUT tickets");
      }
    }
    if (p.operation() != null && p.mode() != null && !p.operation().allowedModes().contains(p.mode())) {
      c.add("mode", p.operation().isFinal()
          ? "mode " + p.mode() + " is not possible under " + p.operation() + " (allowed: " + p.operation().allowedModes() + ")"
          : p.operation() + " is not a final operation: its mode comes with the final operation");
    }
    if (p.origin() != null) {
      if (p.origin().point() != null && site.isPresent() && site.get().point(p.origin().point()).isEmpty()) {
        c.add("origin.point", "unknown collection point '" + p.origin().point() + "' at site '" + site.get().id() + "'");
      }
      if (p.origin().insee() != null && !INSEE.matcher(p.origin().insee()).matches()) {
        c.add("origin.insee", "must be a 5-character INSEE commune code");
      }
    }
  }
}
