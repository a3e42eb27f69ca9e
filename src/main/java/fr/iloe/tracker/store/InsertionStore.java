package fr.iloe.tracker.store;

import fr.iloe.tracker.domain.Period;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * The insertion obligation's records: hours worked and training hours per partner, month and pseudonymised
 * participant (append-only; a later record for the same partner, month and participant replaces the earlier).
 */
public final class InsertionStore {
  private final Pool pool;

  public InsertionStore(Pool pool) {
    this.pool = pool;
  }

  public record Record(String partner, YearMonth month, String participant, String employerType, String contract,
      BigDecimal hoursWorked, BigDecimal trainingHours) {}

  public Future<Long> add(Record r, String by) {
    return pool.preparedQuery("INSERT INTO insertion_record (partner, month, participant, employer_type, contract,"
            + " hours_worked, training_hours, recorded_by) VALUES ($1, $2, $3, $4, $5, $6::text::numeric, $7::text::numeric, $8)"
            + " RETURNING id")
        .execute(TicketStore.args(r.partner(), r.month().atDay(1), r.participant(), r.employerType(), r.contract(),
            r.hoursWorked().toPlainString(), r.trainingHours().toPlainString(), by))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** The records in force for the period's months (the latest per partner, month and participant). */
  public Future<List<JsonObject>> list(Period period, String partner) {
    return pool.preparedQuery("SELECT DISTINCT ON (partner, month, participant) * FROM insertion_record"
            + " WHERE month >= date_trunc('month', $1::date) AND month <= $2 AND ($3::text IS NULL OR partner = $3)"
            + " ORDER BY partner, month, participant, id DESC")
        .execute(TicketStore.args(period.first(), period.last(), partner))
        .map(rows -> {
          List<JsonObject> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(new JsonObject().put("partner", r.getString("partner"))
                .put("month", YearMonth.from(r.getLocalDate("month")).toString()).put("participant", r.getString("participant"))
                .put("employerType", r.getString("employer_type")).put("contract", r.getString("contract"))
                .put("hoursWorked", r.getBigDecimal("hours_worked")).put("trainingHours", r.getBigDecimal("training_hours")));
          }
          return out;
        });
  }
}
