package fr.iloe.tracker.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One weighing on a weighbridge, as sent by its terminal (interface.md, Weighing passes). Fields a pass
 * did not carry are null. {@code storedTareKg} is not sent: it is the stored tare a {@code single} pass was
 * closed with, resolved when the pass was admitted.
 */
public record Pass(
    String key,
    String ticket,
    String site,
    String bridge,
    Instant at,
    Seq seq,
    Long weightKg,
    Direction direction,
    String plate,
    String carrier,
    WasteCode wasteCode,
    Origin origin,
    String destination,
    OperationCode operation,
    Mode mode,
    boolean manual,
    String manualReason,
    Long storedTareKg) {

  public Pass withStoredTare(Long kg) {
    return new Pass(key, ticket, site, bridge, at, seq, weightKg, direction, plate, carrier, wasteCode, origin,
        destination, operation, mode, manual, manualReason, kg);
  }

  /**
   * The fields in which this pass's content differs from {@code other}'s (the stored tare, which is resolved
   * rather than sent, is not content). Empty means the same weighing sent again.
   */
  public List<String> differences(Pass other) {
    List<String> fields = new ArrayList<>();
    diff(fields, "ticket", ticket, other.ticket);
    diff(fields, "site", site, other.site);
    diff(fields, "bridge", bridge, other.bridge);
    diff(fields, "at", at, other.at);
    diff(fields, "seq", seq, other.seq);
    diff(fields, "weightKg", weightKg, other.weightKg);
    diff(fields, "direction", direction, other.direction);
    diff(fields, "plate", plate == null ? null : Plate.key(plate), other.plate == null ? null : Plate.key(other.plate));
    diff(fields, "carrier", carrier, other.carrier);
    diff(fields, "wasteCode", wasteCode, other.wasteCode);
    diff(fields, "origin", origin, other.origin);
    diff(fields, "destination", destination, other.destination);
    diff(fields, "operation", operation, other.operation);
    diff(fields, "mode", mode, other.mode);
    diff(fields, "manual", manual, other.manual);
    diff(fields, "manualReason", manualReason, other.manualReason);
    return fields;
  }

  private static void diff(List<String> fields, String name, Object a, Object b) {
    if (!Objects.equals(a, b)) {
      fields.add(name);
    }
  }
}
