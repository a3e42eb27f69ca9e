package fr.iloe.tracker.domain;

/** One problem with one input field, reported to the client as an entry of problem+json {@code errors}. */
public record FieldError(String field, String message) {
  @Override
  public String toString() {
    return field + ": " + message;
  }
}
