package fr.iloe.tracker.store;

import fr.iloe.tracker.domain.Mode;
import fr.iloe.tracker.domain.Period;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures read from the ledger (PostgreSQL is the source of truth): tonnages by any grouping, the masses
 * behind the valorisation rates, and the stock for the mass balance.
 *
 * <p>Masses by direction, mode, waste code or site are read from the lines of the activity that carries each
 * ticket's whole net: COLLECTION for IN tickets, TREATMENT for OUT tickets. Grouped by partner or activity,
 * every line counts.
 */
public final class FiguresStore {
  /** The dimensions {@code groupBy} accepts, with their SQL. */
  public static final Map<String, String> DIMENSIONS = new LinkedHashMap<>();

  static {
    DIMENSIONS.put("partner", "partner");
    DIMENSIONS.put("activity", "activity");
    DIMENSIONS.put("wasteCode", "waste_code");
    DIMENSIONS.put("site", "site");
    DIMENSIONS.put("direction", "direction");
    DIMENSIONS.put("mode", "CASE WHEN direction = 'OUT' THEN coalesce(mode, 'PENDING') END");
    DIMENSIONS.put("month", "to_char(at AT TIME ZONE 'Europe/Paris', 'YYYY-MM')");
  }

  private static final String PRIMARY = "((direction = 'IN' AND activity = 'COLLECTION') OR (direction = 'OUT' AND activity = 'TREATMENT'))";

  private final Pool pool;

  public FiguresStore(Pool pool) {
    this.pool = pool;
  }

  /** Optional filters of the figures. */
  public record Filter(String site, String wasteCode, String partner) {
    public static final Filter NONE = new Filter(null, null, null);
  }

  /** Kilograms by the chosen dimensions over a period, zero sums left out, ordered by the dimensions. */
  public Future<List<JsonObject>> tonnages(Period period, List<String> groupBy, Filter filter) {
    List<Object> args = new ArrayList<>(List.of(TicketStore.utc(period.start()), TicketStore.utc(period.end())));
    StringBuilder where = new StringBuilder("at >= $1 AND at < $2");
    if (!groupBy.contains("partner") && !groupBy.contains("activity") && filter.partner() == null) {
      where.append(" AND ").append(PRIMARY);
    }
    appendFilters(where, args, filter);
    List<String> columns = groupBy.stream().map(DIMENSIONS::get).toList();
    String select = columns.isEmpty() ? "" : String.join(", ", columns) + ", ";
    String group = columns.isEmpty() ? "" : " GROUP BY " + String.join(", ", columns);
    String order = columns.isEmpty() ? "" : " ORDER BY " + String.join(", ", columns);
    String sql = "SELECT " + select + "sum(kg)::bigint AS kg FROM allocation_line WHERE " + where + group
        + " HAVING sum(kg) <> 0" + order;
    return pool.preparedQuery(sql).execute(TicketStore.args(args.toArray())).map(rows -> {
      List<JsonObject> out = new ArrayList<>();
      for (Row r : rows) {
        JsonObject row = new JsonObject();
        for (int i = 0; i < groupBy.size(); i++) {
          row.put(groupBy.get(i), r.getString(i));
        }
        row.put("kg", r.getLong("kg"));
        out.add(row);
      }
      return out;
    });
  }

  /** The masses behind the rates: IN kilograms, OUT kilograms by final mode, and pending OUT kilograms. */
  public record Masses(long inKg, Map<Mode, Long> outByMode, long pendingKg) {}

  public Future<Masses> masses(Period period, Filter filter) {
    List<Object> args = new ArrayList<>(List.of(TicketStore.utc(period.start()), TicketStore.utc(period.end())));
    StringBuilder where = new StringBuilder("at >= $1 AND at < $2 AND " + PRIMARY);
    appendFilters(where, args, filter);
    return pool.preparedQuery("SELECT direction, mode, sum(kg)::bigint AS kg FROM allocation_line WHERE " + where
            + " GROUP BY direction, mode")
        .execute(TicketStore.args(args.toArray()))
        .map(rows -> {
          long in = 0;
          long pending = 0;
          Map<Mode, Long> byMode = new EnumMap<>(Mode.class);
          for (Row r : rows) {
            long kg = r.getLong("kg");
            if ("IN".equals(r.getString("direction"))) {
              in += kg;
            } else if (r.getString("mode") == null) {
              pending += kg;
            } else {
              byMode.merge(Mode.valueOf(r.getString("mode")), kg, Long::sum);
            }
          }
          return new Masses(in, byMode, pending);
        });
  }

  /** The stock on site at the end of {@code day}: the latest declaration per site and waste code, summed. */
  public Future<Long> stockAt(LocalDate day, Filter filter) {
    List<Object> args = new ArrayList<>(List.of(day));
    StringBuilder where = new StringBuilder("day <= $1");
    if (filter.site() != null) {
      args.add(filter.site());
      where.append(" AND site = $").append(args.size());
    }
    if (filter.wasteCode() != null) {
      args.add(filter.wasteCode());
      where.append(" AND waste_code = $").append(args.size());
    }
    return pool.preparedQuery("SELECT coalesce(sum(kg), 0)::bigint FROM (SELECT DISTINCT ON (site, waste_code) kg"
            + " FROM stock_declaration WHERE " + where + " ORDER BY site, waste_code, day DESC, id DESC) latest")
        .execute(TicketStore.args(args.toArray()))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  private static void appendFilters(StringBuilder where, List<Object> args, Filter filter) {
    if (filter.site() != null) {
      args.add(filter.site());
      where.append(" AND site = $").append(args.size());
    }
    if (filter.wasteCode() != null) {
      args.add(filter.wasteCode());
      where.append(" AND waste_code = $").append(args.size());
    }
    if (filter.partner() != null) {
      args.add(filter.partner());
      where.append(" AND partner = $").append(args.size());
    }
  }
}
