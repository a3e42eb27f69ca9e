package fr.iloe.tracker.domain;

import java.util.List;
import java.util.Set;

/** Collects field errors for the rules, skipping the fields the parser could not read (already reported). */
final class FieldChecks {
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
}
