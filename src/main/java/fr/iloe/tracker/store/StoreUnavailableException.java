package fr.iloe.tracker.store;

/** The database could not record a batch for now (unreachable, restarting, overloaded); nothing was stored. */
public final class StoreUnavailableException extends RuntimeException {
  public StoreUnavailableException(Throwable cause) {
    super("the database is unavailable: " + cause.getMessage(), cause);
  }
}
