package fr.iloe.tracker.domain;

/** OPEN until both weighings are known, CLOSED with a net mass, VOID once cancelled by a revision. */
public enum TicketStatus {
  OPEN,
  CLOSED,
  VOID
}
