package fr.iloe.tracker.domain;

import java.time.Instant;
import java.util.List;

/**
 * A vehicle visit as it stands after its passes (and, later, revisions): derived, never stored as
 * edited fields. Masses are integer kilograms; gross, tare and net are null until the ticket closes.
 */
public record TicketState(
    String site,
    String ticket,
    TicketStatus status,
    Direction direction,
    String plate,
    String carrier,
    WasteCode wasteCode,
    String bridge,
    Long grossKg,
    Long tareKg,
    TareMode tareMode,
    Long netKg,
    Instant openedAt,
    Instant closedAt,
    Origin origin,
    String destination,
    OperationCode operation,
    Mode mode,
    boolean isFinal,
    boolean manual,
    int revision,
    List<Pass> passes) {

  public TicketState {
    passes = List.copyOf(passes);
  }

  public boolean closed() {
    return status == TicketStatus.CLOSED;
  }

  /** The time that places the ticket in a period: its closing pass, or its opening one while open. */
  public Instant at() {
    return closedAt != null ? closedAt : openedAt != null ? openedAt : passes.get(passes.size() - 1).at();
  }
}
