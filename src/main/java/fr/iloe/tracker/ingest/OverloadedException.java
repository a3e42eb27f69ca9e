package fr.iloe.tracker.ingest;

/** The ingestion queue is full: the message was not taken; the sender should try again shortly. */
public final class OverloadedException extends RuntimeException {
  public OverloadedException(int queued) {
    super("the tracker is busy (" + queued + " messages waiting for the database)", null, false, false);
  }
}
