package fr.iloe.tracker.domain;

import java.util.List;

/**
 * Input that is well formed but contradicts what is already recorded: the same idempotency key with other
 * content, a second opening pass for a ticket, a pass for a ticket that is already closed.
 */
public final class ConflictException extends RuntimeException {
  private final List<FieldError> errors;

  public ConflictException(String detail, List<FieldError> errors) {
    super(detail, null, false, false);
    this.errors = List.copyOf(errors);
  }

  public ConflictException(String detail) {
    this(detail, List.of());
  }

  public List<FieldError> errors() {
    return errors;
  }
}
