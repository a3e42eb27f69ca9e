package fr.iloe.tracker.store;

import fr.iloe.tracker.domain.TicketState;

/**
 * What became of one submission once its transaction committed.
 *
 * @param ticket the ticket after the pass (STORED), or as the original pass left it (DUPLICATE); null otherwise
 * @param refusal why a CONFLICT or REJECTED pass was not stored; null otherwise
 * @param closedNow true when this pass closed its ticket
 */
public record Recorded(Outcome outcome, TicketState ticket, RuntimeException refusal, boolean closedNow) {
  public enum Outcome {
    STORED,
    DUPLICATE,
    CONFLICT,
    REJECTED
  }
}
