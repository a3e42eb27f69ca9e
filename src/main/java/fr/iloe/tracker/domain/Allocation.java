package fr.iloe.tracker.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Who is credited with a closed ticket's kilograms (domain.md B5, interface.md Reference data): a pure
 * function of the ticket, the allocation rules and, for a lot sent under a non-final code, its final
 * operations.
 *
 * <p>IN tickets give COLLECTION and SORTING lines, OUT tickets TRANSPORT and TREATMENT lines, each activity's
 * lines summing exactly to the net. An allocation rule in force on the ticket's closing day (Europe/Paris) for
 * its site and activity decides, a rule naming the ticket's waste code winning over one naming none; without
 * one, COLLECTION and TRANSPORT go to the carrier, TREATMENT to the destination, and SORTING to
 * {@link ReferenceData#UNALLOCATED}. OUT lines carry the lot's mode: the code's, or the final operations'
 * (each partner's kilograms split over them in proportion), or none while pending.
 */
public final class Allocation {
  private Allocation() {}

  public static List<AllocationLine> lines(TicketState t, List<AllocationRule> rules, List<FinalOperation> finals) {
    if (!t.closed()) {
      throw new IllegalArgumentException("only a closed ticket is allocated: " + t.ticket());
    }
    LocalDate day = t.closedAt().atZone(Period.ZONE).toLocalDate();
    List<Activity> activities = t.direction() == Direction.IN
        ? List.of(Activity.COLLECTION, Activity.SORTING)
        : List.of(Activity.TRANSPORT, Activity.TREATMENT);
    Map<String, Long> modeWeights = modeWeights(t, finals);
    List<AllocationLine> lines = new ArrayList<>();
    for (Activity activity : activities) {
      Map<String, Long> byPartner = rule(rules, t.site(), activity, t.wasteCode(), day)
          .map(r -> Split.split(t.netKg(), shares(r)))
          .orElseGet(() -> Map.of(defaultPartner(t, activity), t.netKg()));
      for (Map.Entry<String, Long> part : byPartner.entrySet()) {
        if (part.getValue() == 0) {
          continue;
        }
        if (modeWeights.isEmpty()) {
          lines.add(new AllocationLine(activity, part.getKey(), t.direction() == Direction.OUT ? t.mode() : null,
              part.getValue()));
        } else {
          Split.split(part.getValue(), modeWeights).forEach((mode, kg) -> {
            if (kg != 0) {
              lines.add(new AllocationLine(activity, part.getKey(), Mode.valueOf(mode), kg));
            }
          });
        }
      }
    }
    return lines;
  }

  /**
   * The lines of a pending lot once its final operations are known: each partner's credit for each activity,
   * as the ledger holds it, split over the final modes in proportion to their kilograms. The partners keep
   * their credit; only the mode is settled.
   */
  public static List<AllocationLine> resolve(List<AllocationLine> current, List<FinalOperation> finals) {
    Map<String, Long> weights = new TreeMap<>();
    finals.forEach(f -> weights.merge(f.mode().name(), f.kg(), Long::sum));
    List<AllocationLine> out = new ArrayList<>();
    for (AllocationLine credit : byPartnerAndActivity(current)) {
      if (credit.kg() < 0) {
        throw new IllegalStateException("negative credit for " + credit.partner() + " " + credit.activity());
      }
      Split.split(credit.kg(), weights).forEach((mode, kg) -> {
        if (kg != 0) {
          out.add(new AllocationLine(credit.activity(), credit.partner(), Mode.valueOf(mode), kg));
        }
      });
    }
    return out;
  }

  /** The kilograms of each final mode, for an OUT lot under a non-final code that has its final operations. */
  private static Map<String, Long> modeWeights(TicketState t, List<FinalOperation> finals) {
    Map<String, Long> weights = new TreeMap<>();
    if (t.direction() == Direction.OUT && !t.isFinal()) {
      finals.forEach(f -> weights.merge(f.mode().name(), f.kg(), Long::sum));
    }
    return weights;
  }

  private static Map<String, Long> shares(AllocationRule r) {
    Map<String, Long> weights = new LinkedHashMap<>();
    r.shares().forEach(s -> weights.put(s.partner(), (long) s.bp()));
    return weights;
  }

  private static String defaultPartner(TicketState t, Activity activity) {
    String partner = switch (activity) {
      case COLLECTION, TRANSPORT -> t.carrier();
      case TREATMENT -> t.destination();
      case SORTING -> ReferenceData.UNALLOCATED;
    };
    return partner == null ? ReferenceData.UNALLOCATED : partner;
  }

  /** The rule in force on {@code day} for the site and activity: one naming the waste code first, else one naming none. */
  public static Optional<AllocationRule> rule(List<AllocationRule> rules, String site, Activity activity,
      WasteCode wasteCode, LocalDate day) {
    return rules.stream()
        .filter(r -> r.site().equals(site) && r.activity() == activity && r.inForceOn(day))
        .filter(r -> r.wasteCode() == null || r.wasteCode().equals(wasteCode))
        .min(Comparator.comparing((AllocationRule r) -> r.wasteCode() == null).thenComparing(AllocationRule::id));
  }

  /**
   * The lines to append so that a ticket's ledger says {@code desired} instead of {@code current}: for each
   * activity whose credit changes, every current line of that activity negated and every desired one added,
   * so that the history shows what was replaced; nothing for the activities that already agree.
   */
  public static List<AllocationLine> compensation(List<AllocationLine> current, List<AllocationLine> desired) {
    Map<List<Object>, Long> now = sums(current);
    Map<List<Object>, Long> wanted = sums(desired);
    List<AllocationLine> out = new ArrayList<>();
    for (Activity activity : Activity.values()) {
      Map<List<Object>, Long> nowOf = only(now, activity);
      Map<List<Object>, Long> wantedOf = only(wanted, activity);
      if (!nowOf.equals(wantedOf)) {
        nowOf.forEach((k, kg) -> out.add(new AllocationLine(activity, (String) k.get(1), (Mode) k.get(2), -kg)));
        wantedOf.forEach((k, kg) -> out.add(new AllocationLine(activity, (String) k.get(1), (Mode) k.get(2), kg)));
      }
    }
    return out;
  }

  private static Map<List<Object>, Long> only(Map<List<Object>, Long> sums, Activity activity) {
    Map<List<Object>, Long> out = new LinkedHashMap<>();
    sums.forEach((k, kg) -> {
      if (k.get(0) == activity) {
        out.put(k, kg);
      }
    });
    return out;
  }

  /** Lines summed by activity, partner and mode, without the zero sums, in a stable order. */
  public static Map<List<Object>, Long> sums(List<AllocationLine> lines) {
    Map<List<Object>, Long> sums = new TreeMap<>(Comparator
        .comparing((List<Object> k) -> ((Activity) k.get(0)).ordinal())
        .thenComparing(k -> (String) k.get(1))
        .thenComparing(k -> k.get(2) == null ? -1 : ((Mode) k.get(2)).ordinal()));
    for (AllocationLine l : lines) {
      sums.merge(java.util.Arrays.asList(l.activity(), l.partner(), l.mode()), l.kg(), Long::sum);
    }
    sums.values().removeIf(kg -> kg == 0);
    return sums;
  }

  /** The net credit of each partner and activity (modes added up), as the ticket shows its allocations. */
  public static List<AllocationLine> byPartnerAndActivity(List<AllocationLine> lines) {
    Map<List<Object>, Long> sums = new TreeMap<>(Comparator
        .comparing((List<Object> k) -> ((Activity) k.get(0)).ordinal()).thenComparing(k -> (String) k.get(1)));
    lines.forEach(l -> sums.merge(List.of(l.activity(), l.partner()), l.kg(), Long::sum));
    List<AllocationLine> out = new ArrayList<>();
    sums.forEach((k, kg) -> {
      if (kg != 0) {
        out.add(new AllocationLine((Activity) k.get(0), (String) k.get(1), null, kg));
      }
    });
    return out;
  }

}
