package fr.iloe.tracker.api;

import fr.iloe.tracker.domain.FieldError;
import fr.iloe.tracker.domain.Period;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Typed reads of query parameters, collecting every problem; {@link #done()} throws them as one 400. */
final class QueryParams {
  private final RoutingContext ctx;
  private final List<FieldError> errors = new ArrayList<>();

  QueryParams(RoutingContext ctx) {
    this.ctx = ctx;
  }

  String string(String name) {
    String v = ctx.queryParams().get(name);
    return v == null || v.isEmpty() ? null : v;
  }

  String required(String name) {
    String v = string(name);
    if (v == null) {
      errors.add(new FieldError(name, "is required"));
    }
    return v;
  }

  <T> T parsed(String name, Function<String, Optional<T>> parse, String expected) {
    String v = string(name);
    if (v == null) {
      return null;
    }
    Optional<T> value = parse.apply(v);
    if (value.isEmpty()) {
      errors.add(new FieldError(name, "must be " + expected));
      return null;
    }
    return value.get();
  }

  int integer(String name, int min, int max, int def) {
    Integer v = parsed(name, s -> {
      try {
        int n = Integer.parseInt(s);
        return n >= min && n <= max ? Optional.of(n) : Optional.empty();
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }, "a whole number from " + min + " to " + max);
    return v == null ? def : v;
  }

  LocalDate date(String name) {
    return parsed(name, s -> {
      try {
        return Optional.of(LocalDate.parse(s));
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }, "a date YYYY-MM-DD");
  }

  /**
   * The period of {@code period=2026|2026-Q1|2026-03|2026-03-14} or {@code from=&to=} (inclusive days,
   * Europe/Paris); null when neither is given and {@code required} is false.
   */
  Period period(boolean required) {
    Period p = parsed("period", Period::parse, "a year (2026), quarter (2026-Q1), month (2026-03) or day (2026-03-14)");
    LocalDate from = date("from");
    LocalDate to = date("to");
    if (p != null && (from != null || to != null)) {
      errors.add(new FieldError("period", "give either period or from/to, not both"));
      return p;
    }
    if (from != null || to != null) {
      if (from == null || to == null) {
        errors.add(new FieldError(from == null ? "from" : "to", "is required with " + (from == null ? "to" : "from")));
        return null;
      }
      if (to.isBefore(from)) {
        errors.add(new FieldError("to", "must not be before from"));
        return null;
      }
      return Period.between(from, to);
    }
    if (p == null && required && string("period") == null) {
      errors.add(new FieldError("period", "is required (or from and to)"));
    }
    return p;
  }

  void error(String name, String message) {
    errors.add(new FieldError(name, message));
  }

  void done() {
    if (!errors.isEmpty()) {
      throw ApiException.badRequest(errors);
    }
  }
}
