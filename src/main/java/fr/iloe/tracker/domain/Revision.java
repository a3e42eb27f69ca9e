package fr.iloe.tracker.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A correction or a void of a closed ticket: the fields that change (null = unchanged), or {@code voided}, with
 * the reason. The ticket is never edited in place: the revision is appended, and the ticket's next version and
 * ledger lines follow from it.
 */
public record Revision(String plate, String carrier, WasteCode wasteCode, Origin origin, String destination,
    OperationCode operation, Mode mode, boolean voided, String reason) {

  public boolean changesNothing() {
    return !voided && plate == null && carrier == null && wasteCode == null && origin == null && destination == null
        && operation == null && mode == null;
  }

  /**
   * The ticket after this revision.
   *
   * @throws ConflictException when the ticket cannot be revised (open, or already void)
   * @throws InvalidInputException when the corrected ticket would break a rule
   */
  public TicketState applyTo(TicketState t, ReferenceData ref) {
    if (t.status() == TicketStatus.VOID) {
      throw new ConflictException("ticket '" + t.ticket() + "' is void: it takes no more revisions",
          List.of(new FieldError("status", "the ticket is void")));
    }
    if (t.status() != TicketStatus.CLOSED) {
      throw new ConflictException("ticket '" + t.ticket() + "' is still open: correct its passes, or wait for it to close",
          List.of(new FieldError("status", "only a closed ticket is revised")));
    }
    List<FieldError> errors = new ArrayList<>();
    if (reason == null || reason.isBlank()) {
      errors.add(new FieldError("reason", "is required: say why the ticket is corrected"));
    }
    if (changesNothing()) {
      errors.add(new FieldError("changes", "must change at least one field, or void the ticket"));
    }
    if (voided && !(plate == null && carrier == null && wasteCode == null && origin == null && destination == null
        && operation == null && mode == null)) {
      errors.add(new FieldError("void", "a void changes no field"));
    }
    String newCarrier = carrier != null ? carrier : t.carrier();
    String newDestination = destination != null ? destination : t.destination();
    OperationCode newOperation = operation != null ? operation : t.operation();
    Mode declared = mode != null ? mode : operation != null ? null : declaredMode(t);
    if (carrier != null) {
      checkPartner(errors, ref, "changes.carrier", carrier, Activity.carrierActivity(t.direction()));
    }
    if (destination != null) {
      if (t.direction() == Direction.IN) {
        errors.add(new FieldError("changes.destination", "is only for OUT tickets"));
      } else {
        checkPartner(errors, ref, "changes.destination", destination, Activity.TREATMENT);
      }
    }
    if ((operation != null || mode != null) && t.direction() == Direction.IN) {
      errors.add(new FieldError(operation != null ? "changes.operation" : "changes.mode", "is only for OUT tickets"));
    }
    if (newOperation != null && declared != null && !newOperation.allowedModes().contains(declared)) {
      errors.add(new FieldError("changes.mode", "mode " + declared + " is not possible under " + newOperation));
    }
    if (origin != null && origin.point() != null
        && ref.site(t.site()).flatMap(s -> s.point(origin.point())).isEmpty()) {
      errors.add(new FieldError("changes.origin.point", "unknown collection point '" + origin.point() + "'"));
    }
    if (!errors.isEmpty()) {
      throw new InvalidInputException(errors);
    }
    Mode newMode = newOperation == null ? null : declared != null ? declared : newOperation.defaultMode().orElse(null);
    return new TicketState(t.site(), t.ticket(), voided ? TicketStatus.VOID : t.status(), t.direction(),
        plate != null ? Plate.display(plate) : t.plate(), newCarrier, wasteCode != null ? wasteCode : t.wasteCode(),
        t.bridge(), t.grossKg(), t.tareKg(), t.tareMode(), t.netKg(), t.openedAt(), t.closedAt(),
        origin != null ? origin : t.origin(), newDestination, newOperation, newMode,
        newOperation != null && newOperation.isFinal(), t.manual(), t.revision() + 1, t.passes());
  }

  /** The mode a ticket declared over its operation's default, if any. */
  private static Mode declaredMode(TicketState t) {
    return t.operation() == null || t.mode() == null
        ? null : Optional.of(t.mode()).filter(m -> !t.operation().defaultMode().equals(Optional.of(m))).orElse(null);
  }

  private static void checkPartner(List<FieldError> errors, ReferenceData ref, String field, String id, Activity activity) {
    Optional<Partner> p = ref.partner(id);
    if (p.isEmpty()) {
      errors.add(new FieldError(field, "unknown partner '" + id + "'"));
    } else if (!p.get().does(activity)) {
      errors.add(new FieldError(field, "partner '" + id + "' does not do " + activity));
    }
  }
}
