package fr.iloe.tracker.store;

import fr.iloe.tracker.domain.TicketState;

/**
 * What became of one submission once its transaction committed.
 *
 * @param view the ticket after the pass (STORED), or as the original pass left it (DUPLICATE); null otherwise
 * @param refusal why a CONFLICT or REJECTED pass was not stored; null otherwise
 * @param closedNow true when this pass closed its ticket
 */
public record Recorded(Outcome outcome, TicketView view, RuntimeException refusal, boolean closedNow) {
  public enum Outcome {
    STORED,
    DUPLICATE,
    CONFLICT,
    REJECTED
  }

  /** The ticket's state, or null for a refused pass. */
  public TicketState ticket() {
    return view == null ? null : view.state();
  }
}
