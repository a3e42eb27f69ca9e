package fr.iloe.tracker.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Stock declarations: what lies on a site at the end of a day, by waste code (append-only; the latest counts). */
public final class StockStore {
  private final Pool pool;

  public StockStore(Pool pool) {
    this.pool = pool;
  }

  public record Declaration(long id, String site, String wasteCode, LocalDate day, long kg, String declaredBy) {}

  public Future<Declaration> declare(String site, String wasteCode, LocalDate day, long kg, String by) {
    return pool.preparedQuery("INSERT INTO stock_declaration (site, waste_code, day, kg, declared_by)"
            + " VALUES ($1, $2, $3, $4, $5) RETURNING id")
        .execute(TicketStore.args(site, wasteCode, day, kg, by))
        .compose(rows -> pool.query("NOTIFY " + LedgerStore.CHANNEL + "_stock").execute()
            .map(v -> new Declaration(rows.iterator().next().getLong(0), site, wasteCode, day, kg, by)));
  }

  public Future<List<Declaration>> list(String site) {
    return pool.preparedQuery("SELECT * FROM stock_declaration WHERE ($1::text IS NULL OR site = $1) ORDER BY day DESC, id DESC LIMIT 1000")
        .execute(TicketStore.args(site))
        .map(rows -> {
          List<Declaration> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(new Declaration(r.getLong("id"), r.getString("site"), r.getString("waste_code"),
                r.getLocalDate("day"), r.getLong("kg"), r.getString("declared_by")));
          }
          return out;
        });
  }

  public static JsonObject json(Declaration d) {
    return new JsonObject().put("id", d.id()).put("site", d.site()).put("wasteCode", d.wasteCode())
        .put("day", d.day().toString()).put("kg", d.kg()).put("declaredBy", d.declaredBy());
  }
}
