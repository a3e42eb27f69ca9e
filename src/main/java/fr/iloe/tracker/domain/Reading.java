package fr.iloe.tracker.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One report of a collection point (interface.md, Collection-point readings): a {@code fill} level from a
 * sensor (volume, never mass: domain.md A5), or a {@code pickup} by a vehicle with its estimated kilograms.
 * Fields a reading did not carry are null.
 */
public record Reading(
    String key,
    String site,
    String point,
    Instant at,
    Kind kind,
    BigDecimal fillPercent,
    BigDecimal temperatureC,
    String plate,
    Long estimatedKg,
    Long items) {

  public enum Kind {
    FILL,
    PICKUP;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The fields in which this reading differs from {@code other}; empty means the same reading sent again. */
  public List<String> differences(Reading other) {
    List<String> fields = new ArrayList<>();
    diff(fields, "site", site, other.site);
    diff(fields, "point", point, other.point);
    diff(fields, "at", at, other.at);
    diff(fields, "kind", kind, other.kind);
    diffDecimal(fields, "fillPercent", fillPercent, other.fillPercent);
    diffDecimal(fields, "temperatureC", temperatureC, other.temperatureC);
    diff(fields, "plate", plate == null ? null : Plate.key(plate), other.plate == null ? null : Plate.key(other.plate));
    diff(fields, "estimatedKg", estimatedKg, other.estimatedKg);
    diff(fields, "items", items, other.items);
    return fields;
  }

  private static void diff(List<String> fields, String name, Object a, Object b) {
    if (!Objects.equals(a, b)) {
      fields.add(name);
    }
  }

  private static void diffDecimal(List<String> fields, String name, BigDecimal a, BigDecimal b) {
    if (a == null || b == null ? a != b : a.compareTo(b) != 0) {
      fields.add(name);
    }
  }
}
