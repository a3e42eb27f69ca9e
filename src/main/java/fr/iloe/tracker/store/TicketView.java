package fr.iloe.tracker.store;

import fr.iloe.tracker.domain.AllocationLine;
import fr.iloe.tracker.domain.FinalOperation;
import fr.iloe.tracker.domain.TicketState;
import java.util.List;

/**
 * A ticket as the API shows it: its state, its net credit by partner and activity (from the ledger), and the
 * final operations of a lot sent under a non-final code.
 */
public record TicketView(TicketState state, List<AllocationLine> allocations, List<FinalOperation> finalOperations) {
  public TicketView {
    allocations = List.copyOf(allocations);
    finalOperations = List.copyOf(finalOperations);
  }
}
