package fr.iloe.tracker.ingest;

/** Bytes that are not a JSON object in UTF-8: nothing in them can be read (HTTP 400). */
public final class MalformedInputException extends RuntimeException {
  public MalformedInputException(String message) {
    super(message, null, false, false);
  }
}
