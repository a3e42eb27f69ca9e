package fr.iloe.tracker.ingest;

import fr.iloe.tracker.domain.FieldError;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Typed reads of a JSON object's fields, collecting a {@link FieldError} for each field of the wrong type
 * instead of failing at the first. Absent and {@code null} fields read as null.
 */
public final class Fields {
  private final JsonObject json;
  private final String prefix;
  private final List<FieldError> errors;
  private final Set<String> unreadable;

  public Fields(JsonObject json) {
    this(json, "", new ArrayList<>(), new LinkedHashSet<>());
  }

  private Fields(JsonObject json, String prefix, List<FieldError> errors, Set<String> unreadable) {
    this.json = json;
    this.prefix = prefix;
    this.errors = errors;
    this.unreadable = unreadable;
  }

  public List<FieldError> errors() {
    return errors;
  }

  /** Whether {@code field} of this object had the wrong type and is already reported. */
  public boolean isUnreadable(String field) {
    return unreadable.contains(prefix + field);
  }

  /** The fields (with their path) that had the wrong type, so that later rules do not report them again. */
  public Set<String> unreadable() {
    return unreadable;
  }

  public void error(String field, String message) {
    errors.add(new FieldError(prefix + field, message));
    unreadable.add(prefix + field);
  }

  public String string(String field) {
    Object v = json.getValue(field);
    if (v == null) {
      return null;
    }
    if (v instanceof String text) {
      int bad = fr.iloe.tracker.domain.Text.firstUnstorable(text);
      if (bad < 0) {
        return text;
      }
      error(field, String.format("must not contain the control character or lone surrogate U+%04X", bad));
      return null;
    }
    error(field, "must be a string");
    return null;
  }


  public Long integer(String field) {
    Object v = json.getValue(field);
    if (v == null) {
      return null;
    }
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof java.math.BigInteger) {
      error(field, "is out of range");
    } else if (v instanceof BigDecimal) {
      error(field, "must be a whole number");
    } else {
      error(field, "must be a number, not " + describe(v));
    }
    return null;
  }

  public BigDecimal decimal(String field) {
    Object v = json.getValue(field);
    if (v == null) {
      return null;
    }
    if (v instanceof BigDecimal d) {
      return d;
    }
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return BigDecimal.valueOf(((Number) v).longValue());
    }
    error(field, "must be a number, not " + describe(v));
    return null;
  }

  public Boolean bool(String field) {
    Object v = json.getValue(field);
    if (v == null || v instanceof Boolean) {
      return (Boolean) v;
    }
    error(field, "must be true or false");
    return null;
  }

  /** An RFC 3339 date-time with an offset, such as {@code 2026-11-28T09:14:03+01:00}. */
  private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

  public Instant instant(String field) {
    String s = string(field);
    if (s == null) {
      return null;
    }
    try {
      // PostgreSQL keeps microseconds: what is stored is what was read
      Instant at = OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant()
          .truncatedTo(java.time.temporal.ChronoUnit.MICROS);
      // and it would store a date before its range as its smallest one, silently
      if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
        error(field, "must be between 2000-01-01T00:00:00Z and 9999-12-31T23:59:59Z");
        return null;
      }
      return at;
    } catch (DateTimeParseException e) {
      error(field, "must be an RFC 3339 date-time with an offset, such as 2026-11-28T09:14:03+01:00");
      return null;
    }
  }

  /** A string read through {@code parse}, which answers empty for a value it does not know. */
  public <T> T parsed(String field, Function<String, Optional<T>> parse, String expected) {
    String s = string(field);
    if (s == null) {
      return null;
    }
    Optional<T> value = parse.apply(s);
    if (value.isEmpty()) {
      error(field, "must be " + expected + ", not '" + truncate(s) + "'");
      return null;
    }
    return value.get();
  }

  /** A nested object, read with the same error list; null when absent. */
  public Fields object(String field) {
    Object v = json.getValue(field);
    if (v == null) {
      return null;
    }
    if (v instanceof JsonObject o) {
      return new Fields(o, prefix + field + ".", errors, unreadable);
    }
    error(field, "must be an object");
    return null;
  }

  /** An array of objects, each read with the same error list; empty when absent. */
  public List<Fields> objects(String field) {
    Object v = json.getValue(field);
    List<Fields> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    if (!(v instanceof io.vertx.core.json.JsonArray array)) {
      error(field, "must be an array");
      return out;
    }
    for (int i = 0; i < array.size(); i++) {
      Object item = array.getValue(i);
      if (item instanceof JsonObject o) {
        out.add(new Fields(o, prefix + field + "[" + i + "].", errors, unreadable));
      } else {
        error(field + "[" + i + "]", "must be an object");
      }
    }
    return out;
  }

  /** An array of strings; empty when absent. */
  public List<String> strings(String field) {
    Object v = json.getValue(field);
    List<String> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    if (!(v instanceof io.vertx.core.json.JsonArray array)) {
      error(field, "must be an array of strings");
      return out;
    }
    for (int i = 0; i < array.size(); i++) {
      if (array.getValue(i) instanceof String s) {
        out.add(s);
      } else {
        error(field + "[" + i + "]", "must be a string");
      }
    }
    return out;
  }

  /** A field that must say what the transport said (an MQTT topic's site, bridge or point); null expects nothing. */
  public void mustMatch(String field, String actual, String expected, String what) {
    if (expected != null && actual != null && !expected.equals(actual)) {
      error(field, "'" + actual + "' does not match the topic's " + what + " '" + expected + "'");
    }
  }

  /** A required string: reports it missing. */
  public String requiredString(String field) {
    String s = string(field);
    if (s == null && !unreadable.contains(prefix + field)) {
      error(field, "is required");
    }
    return s;
  }

  /** A required whole number: reports it missing. */
  public Long requiredInteger(String field) {
    Long n = integer(field);
    if (n == null && !unreadable.contains(prefix + field)) {
      error(field, "is required");
    }
    return n;
  }

  public JsonObject json() {
    return json;
  }

  private static String describe(Object v) {
    return v instanceof String ? "a string" : v instanceof Boolean ? "a boolean" : "a " + v.getClass().getSimpleName();
  }

  private static String truncate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }
}
