package fr.iloe.tracker.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Pairs the weighings of a vehicle visit into a ticket (interface.md, Weighing passes; domain.md A5).
 * A ticket has at most one opening pass ({@code first} or {@code single}) and at most one closing pass
 * ({@code second} or {@code single}); passes may arrive in either order, and the ticket closes when both
 * are known. Net = gross - tare on the same instrument, gross being the heavier weighing.
 */
public final class Tickets {
  private Tickets() {}

  /**
   * The ticket after {@code incoming} joins the passes already recorded for it.
   *
   * @throws ConflictException when the ticket already has a pass in that role
   * @throws InvalidInputException when the two weighings cannot form a ticket
   */
  public static TicketState admit(List<Pass> recorded, Pass incoming) {
    Optional<Pass> opening = recorded.stream().filter(p -> p.seq().opens()).findFirst();
    Optional<Pass> closing = recorded.stream().filter(p -> p.seq().closes()).findFirst();
    if (incoming.seq().opens() && opening.isPresent()) {
      throw new ConflictException("ticket '" + incoming.ticket() + "' at site '" + incoming.site()
          + "' is already opened by pass '" + opening.get().key() + "'",
          List.of(new FieldError("seq", "ticket already has a " + opening.get().seq().wire() + " pass")));
    }
    if (incoming.seq().closes() && closing.isPresent()) {
      throw new ConflictException("ticket '" + incoming.ticket() + "' at site '" + incoming.site()
          + "' is already closed by pass '" + closing.get().key() + "'",
          List.of(new FieldError("seq", "ticket already has a " + closing.get().seq().wire() + " pass")));
    }
    Pass open = incoming.seq().opens() ? incoming : opening.orElse(null);
    Pass close = incoming.seq().closes() ? incoming : closing.orElse(null);
    if (open != null && close != null && open != close) {
      checkPair(open, close);
    }
    List<Pass> all = new ArrayList<>(recorded);
    all.add(incoming);
    return derive(all);
  }

  /** The rules between a first and a second weighing; errors name the field of the second. */
  private static void checkPair(Pass first, Pass second) {
    List<FieldError> errors = new ArrayList<>();
    if (!first.bridge().equals(second.bridge())) {
      errors.add(new FieldError("bridge",
          "both weighings of a ticket must be on the same weighbridge (first on '" + first.bridge()
              + "', second on '" + second.bridge() + "')"));
    }
    if (first.weightKg().equals(second.weightKg())) {
      errors.add(new FieldError("weightKg",
          "the two weighings are equal (" + first.weightKg() + " kg): the net must be positive"));
    }
    if (second.at().isBefore(first.at())) {
      errors.add(new FieldError("at", "the second weighing (" + second.at() + ") is earlier than the first ("
          + first.at() + ")"));
    }
    same(errors, "direction", first, second, Pass::direction);
    same(errors, "plate", first, second, p -> p.plate() == null ? null : Plate.key(p.plate()));
    same(errors, "carrier", first, second, Pass::carrier);
    same(errors, "wasteCode", first, second, Pass::wasteCode);
    same(errors, "origin", first, second, Pass::origin);
    same(errors, "destination", first, second, Pass::destination);
    same(errors, "operation", first, second, Pass::operation);
    same(errors, "mode", first, second, Pass::mode);
    OperationCode operation = first.operation() != null ? first.operation() : second.operation();
    Mode declared = first.mode() != null ? first.mode() : second.mode();
    if (operation != null && declared != null && !operation.allowedModes().contains(declared)) {
      errors.add(new FieldError("mode", "mode " + declared + " is not possible under " + operation));
    }
    if (!errors.isEmpty()) {
      throw new InvalidInputException(errors);
    }
  }

  /** A field the second pass repeats must say what the first said. */
  private static void same(List<FieldError> errors, String field, Pass first, Pass second, Function<Pass, Object> get) {
    Object a = get.apply(first);
    Object b = get.apply(second);
    if (a != null && b != null && !Objects.equals(a, b)) {
      errors.add(new FieldError(field, "differs between the first (" + a + ") and second (" + b + ") weighing"));
    }
  }

  /** A field as the opening pass gives it, or as the closing pass does when the opening one is silent. */
  private static <T> T either(Pass describing, Pass other, Function<Pass, T> get) {
    T value = get.apply(describing);
    return value != null || other == null ? value : get.apply(other);
  }

  /** The ticket that a set of admitted passes (in arrival order) makes. */
  public static TicketState derive(List<Pass> passes) {
    if (passes.isEmpty()) {
      throw new IllegalArgumentException("a ticket needs at least one pass");
    }
    Pass open = passes.stream().filter(p -> p.seq().opens()).findFirst().orElse(null);
    Pass close = passes.stream().filter(p -> p.seq().closes()).findFirst().orElse(null);
    Pass describing = open != null ? open : close;
    boolean closed = open != null && close != null;

    Long gross = null;
    Long tare = null;
    TareMode tareMode = null;
    if (closed && open.seq() == Seq.SINGLE) {
      gross = open.weightKg();
      tare = open.storedTareKg();
      tareMode = TareMode.STORED;
    } else if (closed) {
      gross = Math.max(open.weightKg(), close.weightKg());
      tare = Math.min(open.weightKg(), close.weightKg());
      tareMode = TareMode.MEASURED;
    }
    Pass other = describing == open ? close : null;
    OperationCode operation = either(describing, other, Pass::operation);
    Mode declared = either(describing, other, Pass::mode);
    Mode mode = operation == null ? null : declared != null ? declared : operation.defaultMode().orElse(null);
    return new TicketState(
        describing.site(),
        describing.ticket(),
        closed ? TicketStatus.CLOSED : TicketStatus.OPEN,
        either(describing, other, Pass::direction),
        either(describing, other, p -> p.plate() == null ? null : Plate.display(p.plate())),
        either(describing, other, Pass::carrier),
        either(describing, other, Pass::wasteCode),
        describing.bridge(),
        gross,
        tare,
        tareMode,
        closed ? gross - tare : null,
        open == null ? null : open.at(),
        closed ? close.at() : null,
        either(describing, other, Pass::origin),
        either(describing, other, Pass::destination),
        operation,
        mode,
        operation != null && operation.isFinal(),
        passes.stream().anyMatch(Pass::manual),
        0,
        passes);
  }
}
