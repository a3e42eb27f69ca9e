package fr.iloe.tracker.domain;

/** The thing a request names does not exist (HTTP 404). */
public final class NotFoundException extends RuntimeException {
  public NotFoundException(String detail) {
    super(detail, null, false, false);
  }
}
