package fr.iloe.tracker.domain;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Collects field errors for the rules, skipping the fields the parser could not read (already reported). */
final class FieldChecks {
  private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,128}");

  final List<FieldError> errors;
  final Set<String> unreadable;

  FieldChecks(List<FieldError> errors, Set<String> unreadable) {
    this.errors = errors;
    this.unreadable = unreadable;
  }

  void add(String field, String message) {
    if (!unreadable.contains(field)) {
      errors.add(new FieldError(field, message));
    }
  }

  void require(String field, Object value) {
    if (value == null) {
      add(field, "is required");
    }
  }

  /** The idempotency key: required, 1 to 128 printable ASCII characters without spaces. */
  void key(String key) {
    require("key", key);
    if (key != null && !KEY.matcher(key).matches()) {
      add("key", "must be 1 to 128 printable ASCII characters without spaces");
    }
  }

  /** A plate, when given, is well formed ({@link Plate#RULE}). */
  void plate(String plate) {
    if (plate != null && !Plate.wellFormed(plate)) {
      add("plate", Plate.RULE);
    }
  }
}
