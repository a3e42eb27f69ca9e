package fr.iloe.tracker.api;

import fr.iloe.tracker.domain.InvalidInputException;
import fr.iloe.tracker.domain.Period;
import fr.iloe.tracker.ingest.Fields;
import fr.iloe.tracker.ingest.StrictJson;
import fr.iloe.tracker.store.InsertionStore;
import fr.iloe.tracker.store.ReferenceStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * The insertion obligation: {@code POST /api/v1/insertion} records a participant's hours for a partner and
 * month; {@code GET /api/v1/insertion?period=&partner=} lists them with their totals.
 */
final class InsertionApi {
  private static final Set<String> EMPLOYERS = Set.of("ACI", "EI", "ETTI", "AI", "EITI");
  private static final BigDecimal MONTH_HOURS = BigDecimal.valueOf(744);

  private final InsertionStore store;
  private final ReferenceStore reference;
  private final Clock clock;

  InsertionApi(InsertionStore store, ReferenceStore reference, Clock clock) {
    this.store = store;
    this.reference = reference;
    this.clock = clock;
  }

  /**
   * {@code { partner, month: "2026-03", participant (a pseudonym, never a name), employerType: ACI|EI|ETTI|AI|EITI,
   * contract, hoursWorked, trainingHours }}; hours with at most two decimals.
   */
  void add(RoutingContext ctx) {
    Fields f = new Fields(StrictJson.parseObject(TicketsApi.bodyBytes(ctx)));
    String partner = f.requiredString("partner");
    if (partner != null && reference.cached().partner(partner).isEmpty()) {
      f.error("partner", "unknown partner '" + partner + "'");
    }
    YearMonth month = null;
    String m = f.requiredString("month");
    if (m != null) {
      try {
        month = YearMonth.parse(m);
        if (month.isAfter(YearMonth.now(clock.withZone(Period.ZONE)))) {
          f.error("month", "is in the future");
        }
      } catch (DateTimeParseException e) {
        f.error("month", "must be a month YYYY-MM");
      }
    }
    String participant = f.requiredString("participant");
    if (participant != null && !participant.matches("[A-Za-z0-9_-]{3,40}")) {
      f.error("participant", "must be a pseudonym of 3 to 40 letters, digits, '_' or '-' (never a name)");
    }
    String employer = f.requiredString("employerType");
    if (employer != null && !EMPLOYERS.contains(employer)) {
      f.error("employerType", "must be one of ACI, EI, ETTI, AI, EITI");
    }
    String contract = f.requiredString("contract");
    if (contract != null && (contract.isBlank() || contract.length() > 60)) {
      f.error("contract", "must be 1 to 60 characters");
    }
    BigDecimal worked = hours(f, "hoursWorked");
    BigDecimal training = hours(f, "trainingHours");
    if (!f.errors().isEmpty()) {
      throw new InvalidInputException(f.errors());
    }
    InsertionStore.Record r = new InsertionStore.Record(partner, month, participant, employer, contract, worked, training);
    store.add(r, Auth.who(ctx))
        .onSuccess(id -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("id", id).put("partner", partner).put("month", r.month().toString())
                .put("participant", participant).put("hoursWorked", worked).put("trainingHours", training).encode()))
        .onFailure(ctx::fail);
  }

  private static BigDecimal hours(Fields f, String field) {
    BigDecimal h = f.decimal(field);
    if (h == null) {
      if (!f.isUnreadable(field)) {
        f.error(field, "is required");
      }
      return null;
    }
    if (h.signum() < 0 || h.compareTo(MONTH_HOURS) > 0 || h.stripTrailingZeros().scale() > 2) {
      f.error(field, "must be between 0 and 744 hours, with at most two decimals");
      return null;
    }
    return h.setScale(2, java.math.RoundingMode.UNNECESSARY);
  }

  void list(RoutingContext ctx) {
    QueryParams q = new QueryParams(ctx);
    Period period = q.period(true);
    String partner = Scope.partner(ctx, q.string("partner"));
    q.done();
    store.list(period, partner).onSuccess(items -> {
      BigDecimal worked = items.stream().map(i -> new BigDecimal(i.getValue("hoursWorked").toString()))
          .reduce(BigDecimal.ZERO, BigDecimal::add);
      BigDecimal training = items.stream().map(i -> new BigDecimal(i.getValue("trainingHours").toString()))
          .reduce(BigDecimal.ZERO, BigDecimal::add);
      TicketsApi.json(ctx, FiguresApi.periodJson(period).put("partner", partner).put("items", new JsonArray(items))
          .put("hoursWorked", worked).put("trainingHours", training)
          .put("fte", worked.divide(reference.cached().parametersOn(period.last()).money() == null ? BigDecimal.valueOf(1607)
              : reference.cached().parametersOn(period.last()).money().fteHours(), 2, java.math.RoundingMode.HALF_EVEN)));
    }).onFailure(ctx::fail);
  }

}
