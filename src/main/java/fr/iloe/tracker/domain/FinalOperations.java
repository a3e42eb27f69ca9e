package fr.iloe.tracker.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules for resolving a lot sent under a non-final code (R 12, R 13, D 9, D 13-D 15): it must be a
 * closed OUT ticket still pending, and its final operations must be final codes whose kilograms sum exactly
 * to the ticket's net.
 */
public final class FinalOperations {
  private FinalOperations() {}

  /**
   * @param recorded the final operations already recorded for the ticket (a lot is resolved once)
   * @throws ConflictException when the ticket cannot take final operations in its state
   * @throws InvalidInputException when the operations are not a valid resolution of the lot
   */
  public static void check(TicketState t, List<FinalOperation> recorded, List<FinalOperation> finals) {
    if (t.status() != TicketStatus.CLOSED || t.direction() != Direction.OUT) {
      throw new ConflictException("ticket '" + t.ticket() + "' is not a closed OUT ticket (" + t.status() + ", "
          + t.direction() + ")", List.of(new FieldError("ticket", "must be a closed OUT ticket")));
    }
    if (t.isFinal()) {
      throw new ConflictException("ticket '" + t.ticket() + "' was sent under " + t.operation()
          + ", a final operation: its fate is already known",
          List.of(new FieldError("final", "the ticket's operation " + t.operation() + " is already final")));
    }
    if (!recorded.isEmpty()) {
      throw new ConflictException("ticket '" + t.ticket() + "' already has its final operations",
          List.of(new FieldError("final", "already recorded; correct them with a revision")));
    }
    List<FieldError> errors = new ArrayList<>();
    if (finals.isEmpty()) {
      errors.add(new FieldError("final", "must list at least one final operation"));
    }
    long sum = 0;
    for (int i = 0; i < finals.size(); i++) {
      FinalOperation f = finals.get(i);
      String at = "final[" + i + "]";
      if (!f.operation().isFinal()) {
        errors.add(new FieldError(at + ".operation", f.operation() + " is not a final operation"));
      } else if (!f.operation().allowedModes().contains(f.mode())) {
        errors.add(new FieldError(at + ".mode", "mode " + f.mode() + " is not possible under " + f.operation()));
      }
      if (f.kg() <= 0) {
        errors.add(new FieldError(at + ".kg", "must be a positive number of kilograms"));
      }
      sum += f.kg();
    }
    if (!finals.isEmpty() && sum != t.netKg()) {
      errors.add(new FieldError("final", "the kilograms sum to " + sum + ", not to the ticket's net of " + t.netKg()));
    }
    if (!errors.isEmpty()) {
      throw new InvalidInputException(errors);
    }
  }
}
