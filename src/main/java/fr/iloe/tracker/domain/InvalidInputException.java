package fr.iloe.tracker.domain;

import java.util.List;

/**
 * Input that can never be accepted as it is: the client must change it. Carries every field error found,
 * not only the first, so that a terminal operator can fix them all at once.
 */
public final class InvalidInputException extends RuntimeException {
  private final List<FieldError> errors;

  public InvalidInputException(List<FieldError> errors) {
    super(summary(errors), null, false, false);
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("an invalid input needs at least one error");
    }
    this.errors = List.copyOf(errors);
  }

  public InvalidInputException(String field, String message) {
    this(List.of(new FieldError(field, message)));
  }

  public List<FieldError> errors() {
    return errors;
  }

  private static String summary(List<FieldError> errors) {
    return errors.stream().map(FieldError::toString).reduce((a, b) -> a + "; " + b).orElse("invalid input");
  }
}
