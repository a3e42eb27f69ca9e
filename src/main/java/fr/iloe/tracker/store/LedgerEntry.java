package fr.iloe.tracker.store;

import fr.iloe.tracker.domain.AllocationLine;
import fr.iloe.tracker.domain.Direction;
import fr.iloe.tracker.domain.Period;
import fr.iloe.tracker.domain.TicketState;
import java.time.Instant;
import java.time.LocalDate;

/** One line appended to the ledger: a ticket's identity and closing time, the line, and why it was written. */
public record LedgerEntry(String site, String ticket, Instant at, Direction direction, String wasteCode,
    AllocationLine line, String cause) {

  public static LedgerEntry of(TicketState t, AllocationLine line, String cause) {
    return new LedgerEntry(t.site(), t.ticket(), t.closedAt(), t.direction(), t.wasteCode().code(), line, cause);
  }

  /** The calendar day (Europe/Paris) the line counts in. */
  public LocalDate day() {
    return at.atZone(Period.ZONE).toLocalDate();
  }
}
