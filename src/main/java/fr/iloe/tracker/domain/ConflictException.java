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

  /**
   * The same idempotency key arrived with other content: names the fields that differ from the {@code record}
   * (a weighing, a reading) already stored under it.
   */
  public static ConflictException keyTaken(String key, String site, List<String> differences, String record) {
    return new ConflictException("key '" + key + "' at site '" + site + "' is already recorded with other content"
        + " (differs in: " + String.join(", ", differences) + ")",
        differences.stream().map(f -> new FieldError(f, "differs from the " + record + " already recorded under this key"))
            .toList());
  }

  public List<FieldError> errors() {
    return errors;
  }
}
