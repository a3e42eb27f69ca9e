package fr.iloe.tracker.domain;

/**
 * What a partner did with a ticket's mass (domain.md B5): IN tickets are COLLECTION (the carrier) and
 * SORTING (the site's operators), OUT tickets are TRANSPORT (the carrier) and TREATMENT (the destination).
 */
public enum Activity {
  COLLECTION,
  TRANSPORT,
  SORTING,
  TREATMENT;

  /** The activity a ticket's carrier performs for the given direction. */
  public static Activity carrierActivity(Direction direction) {
    return direction == Direction.IN ? COLLECTION : TRANSPORT;
  }
}
