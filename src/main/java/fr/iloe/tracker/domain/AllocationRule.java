package fr.iloe.tracker.domain;

import java.time.LocalDate;
import java.util.List;

/**
 * How a site's tickets are credited to partners for one activity, optionally for one waste code, on the
 * calendar days (Europe/Paris) from {@code validFrom} to {@code validTo} inclusive ({@code validTo} null =
 * open-ended). Shares sum to 10,000 basis points.
 */
public record AllocationRule(
    String id, String site, Activity activity, WasteCode wasteCode, LocalDate validFrom, LocalDate validTo,
    List<Share> shares) {
  public AllocationRule {
    shares = List.copyOf(shares);
  }

  public boolean inForceOn(LocalDate day) {
    return !day.isBefore(validFrom) && (validTo == null || !day.isAfter(validTo));
  }
}
