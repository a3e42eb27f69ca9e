package fr.iloe.tracker.store;

import fr.iloe.tracker.domain.Allocation;
import fr.iloe.tracker.domain.AllocationLine;
import fr.iloe.tracker.domain.ConflictException;
import fr.iloe.tracker.domain.ReferenceData;
import fr.iloe.tracker.domain.Direction;
import fr.iloe.tracker.domain.FieldError;
import fr.iloe.tracker.domain.InvalidInputException;
import fr.iloe.tracker.domain.Mode;
import fr.iloe.tracker.domain.OperationCode;
import fr.iloe.tracker.domain.Origin;
import fr.iloe.tracker.domain.Pass;
import fr.iloe.tracker.domain.Seq;
import fr.iloe.tracker.domain.TareMode;
import fr.iloe.tracker.domain.TicketState;
import fr.iloe.tracker.domain.TicketStatus;
import fr.iloe.tracker.domain.Tickets;
import fr.iloe.tracker.domain.WasteCode;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The ticket aggregate in PostgreSQL: passes and ticket versions, both append-only. A batch of
 * submissions is recorded in one transaction (group commit); idempotency and the ticket's rules are
 * applied inside it, against what is committed plus what comes earlier in the same batch.
 */
public final class TicketStore {
  /**
   * The channel of ticket changes: each transaction that appends ticket versions notifies
   * {@code [[site, ticket, status, carrier, destination], …]} on commit (the web pages' live updates).
   */
  public static final String CHANNEL = "iloe_tickets";
  private static final String NOTIFY = "SELECT pg_notify('" + CHANNEL + "', d) FROM unnest($1::text[]) AS d";

  private static final String PASS_COLUMNS = "p.id, p.site, p.key, p.ticket, p.bridge, p.seq, p.at, p.weight_kg, "
      + "p.direction, p.plate, p.carrier, p.waste_code, p.origin_point, p.origin_insee, p.destination, p.operation, "
      + "p.mode, p.manual, p.manual_reason, p.stored_tare_kg";

  /**
   * All passes of the batch's tickets, and of the tickets that already hold one of the batch's keys. Each
   * lookup is a LATERAL subquery behind {@code OFFSET 0}, so that it stays a probe of the {@code pass_key} and
   * {@code pass_ticket} indexes: joined plainly, the planner hashes the whole {@code pass} table for a batch
   * of a few hundred keys while the table has fewer than some hundred thousand rows (35 ms at 60,000 rows
   * against 4 ms, growing with the table).
   */
  private static final String LOAD_PASSES = "WITH wanted AS ("
      + " SELECT site, ticket FROM unnest($1::text[], $2::text[]) AS t(site, ticket)"
      + " UNION SELECT k.site, x.ticket FROM unnest($3::text[], $4::text[]) AS k(site, key)"
      + " CROSS JOIN LATERAL (SELECT p.ticket FROM pass p WHERE p.site = k.site AND p.key = k.key OFFSET 0) x)"
      + " SELECT " + PASS_COLUMNS + " FROM wanted w"
      + " CROSS JOIN LATERAL (SELECT * FROM pass p WHERE p.site = w.site AND p.ticket = w.ticket OFFSET 0) p ORDER BY p.id";

  /** The latest version of each of the batch's tickets that has one (a probe of the primary key each). */
  private static final String LOAD_VERSIONS = "SELECT t.site, t.ticket, v.version FROM unnest($1::text[], $2::text[])"
      + " AS t(site, ticket) CROSS JOIN LATERAL (SELECT max(v.version) AS version FROM ticket_version v"
      + " WHERE v.site = t.site AND v.ticket = t.ticket) v WHERE v.version IS NOT NULL";

  private static final String INSERT_PASSES = "INSERT INTO pass (site, key, ticket, bridge, seq, at, weight_kg, direction,"
      + " plate, carrier, waste_code, origin_point, origin_insee, destination, operation, mode, manual, manual_reason,"
      + " stored_tare_kg, channel, received_at, chain_seq, chain_hash)"
      + " SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::bigint[],"
      + " $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[],"
      + " $17::boolean[], $18::text[], $19::bigint[], $20::text[], $21::timestamptz[], $22::bigint[], $23::bytea[])";

  private static final String INSERT_VERSIONS = "INSERT INTO ticket_version (site, ticket, version, status, direction,"
      + " plate, carrier, waste_code, bridge, gross_kg, tare_kg, tare_mode, net_kg, opened_at, closed_at, at, origin_point,"
      + " origin_insee, destination, operation, mode, final, manual, revision, cause)"
      + " SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[],"
      + " $8::text[], $9::text[], $10::bigint[], $11::bigint[], $12::text[], $13::bigint[], $14::timestamptz[],"
      + " $15::timestamptz[], $16::timestamptz[], $17::text[], $18::text[], $19::text[], $20::text[], $21::text[],"
      + " $22::boolean[], $23::boolean[], $24::int[], $25::text[])";

  private static final String CURRENT = "SELECT * FROM ticket_current";
  /** A vehicle on site: its ticket is open and has its opening weighing (first pass done, second not yet). */
  private static final String ON_SITE = "status = 'OPEN' AND opened_at IS NOT NULL";

  private final Pool pool;

  public TicketStore(Pool pool) {
    this.pool = pool;
  }

  /** A ticket's identity. */
  public record TicketKey(String site, String ticket) {}

  /**
   * Records a batch in one transaction and answers what became of each submission, in order. The future
   * fails only when the transaction did not commit: then nothing of the batch is stored.
   *
   * <p>The transaction is REPEATABLE READ, so that the passes and the ticket versions it reads come from one
   * snapshot. Two instances writing the same ticket at once then compute the same next version, and the
   * primary key of {@code ticket_version} refuses the second: it fails with a unique violation
   * ({@link #race}) and is tried again on a fresh snapshot. Under READ COMMITTED the two reads could straddle
   * another instance's commit and derive the ticket from half of its passes.
   */
  public Future<List<Recorded>> record(List<Submission> batch, ReferenceData reference) {
    return PipelinedTransaction.run(pool, "BEGIN ISOLATION LEVEL REPEATABLE READ", conn -> recordIn(conn, batch, reference));
  }

  /**
   * Three round trips ({@link PipelinedTransaction}): {@code BEGIN}, the chain's lock and the two reads go out
   * together; then the inserts, the notifications and the chain's new head; then {@code COMMIT}. PostgreSQL runs a
   * connection's statements in the order sent, so the lock is held before the first read takes the snapshot; a
   * failing statement makes the ones after it fail too (the transaction is aborted), the batch's future fails and
   * nothing is stored.
   */
  private Future<List<Recorded>> recordIn(SqlConnection conn, List<Submission> batch, ReferenceData reference) {
    Set<TicketKey> tickets = new LinkedHashSet<>();
    batch.forEach(s -> tickets.add(new TicketKey(s.pass().site(), s.pass().ticket())));
    String[] ticketSites = tickets.stream().map(TicketKey::site).toArray(String[]::new);
    String[] ticketIds = tickets.stream().map(TicketKey::ticket).toArray(String[]::new);
    String[] keySites = batch.stream().map(s -> s.pass().site()).toArray(String[]::new);
    String[] keys = batch.stream().map(s -> s.pass().key()).toArray(String[]::new);
    Future<Chain.Cursor> chain = Chain.open(conn);
    Future<RowSet<Row>> passes = conn.preparedQuery(LOAD_PASSES).execute(args(ticketSites, ticketIds, keySites, keys));
    Future<RowSet<Row>> versions = conn.preparedQuery(LOAD_VERSIONS).execute(args(ticketSites, ticketIds));
    return Future.all(chain, passes, versions).compose(v -> {
      Batch b = new Batch(passes.result(), versions.result(), reference);
      List<Recorded> results = batch.stream().map(b::apply).toList();
      return b.write(conn, chain.result()).map(results);
    });
  }

  /** The batch's view of the recorded passes, and the rows it will append. */
  private static final class Batch {
    final Map<TicketKey, List<Pass>> passesByTicket = new HashMap<>();
    final Map<String, Pass> passByKey = new HashMap<>();
    final Map<TicketKey, Integer> versions = new HashMap<>();
    final List<Submission> newPasses = new ArrayList<>();
    final List<TicketState> newVersions = new ArrayList<>();
    final List<Integer> newVersionNumbers = new ArrayList<>();
    final List<String> newVersionCauses = new ArrayList<>();
    final List<LedgerEntry> newLines = new ArrayList<>();
    final ReferenceData reference;

    Batch(RowSet<Row> passRows, RowSet<Row> versionRows, ReferenceData reference) {
      this.reference = reference;
      for (Row row : passRows) {
        Pass p = passFrom(row);
        passesByTicket.computeIfAbsent(new TicketKey(p.site(), p.ticket()), k -> new ArrayList<>()).add(p);
        passByKey.put(p.site() + "\u0000" + p.key(), p);
      }
      for (Row row : versionRows) {
        versions.put(new TicketKey(row.getString("site"), row.getString("ticket")), row.getInteger("version"));
      }
    }

    Recorded apply(Submission s) {
      Pass pass = s.pass();
      Pass original = passByKey.get(pass.site() + "\u0000" + pass.key());
      if (original != null) {
        List<String> differences = pass.differences(original);
        if (differences.isEmpty()) {
          List<Pass> history = passesByTicket.get(new TicketKey(original.site(), original.ticket()));
          TicketState then = Tickets.derive(history.subList(0, history.indexOf(original) + 1));
          return new Recorded(Recorded.Outcome.DUPLICATE, view(then, allocate(then)), null, false);
        }
        return new Recorded(Recorded.Outcome.CONFLICT, null,
            ConflictException.keyTaken(pass.key(), pass.site(), differences, "weighing"), false);
      }
      TicketKey key = new TicketKey(pass.site(), pass.ticket());
      List<Pass> recorded = passesByTicket.getOrDefault(key, List.of());
      TicketState state;
      try {
        state = Tickets.admit(recorded, pass);
      } catch (ConflictException e) {
        return new Recorded(Recorded.Outcome.CONFLICT, null, e, false);
      } catch (InvalidInputException e) {
        return new Recorded(Recorded.Outcome.REJECTED, null, e, false);
      }
      passesByTicket.computeIfAbsent(key, k -> new ArrayList<>()).add(pass);
      passByKey.put(pass.site() + "\u0000" + pass.key(), pass);
      int version = versions.merge(key, 1, Integer::sum);
      newPasses.add(s);
      newVersions.add(state);
      newVersionNumbers.add(version);
      newVersionCauses.add("pass:" + pass.key());
      List<AllocationLine> lines = allocate(state);
      lines.forEach(l -> newLines.add(LedgerEntry.of(state, l, "close")));
      return new Recorded(Recorded.Outcome.STORED, view(state, lines), null, state.closed());
    }

    /** A closed ticket's lines under the rules in force at its closing; none while open. */
    private List<AllocationLine> allocate(TicketState state) {
      return state.closed() ? Allocation.lines(state, reference.allocationRules(), List.of()) : List.of();
    }

    private TicketView view(TicketState state, List<AllocationLine> lines) {
      return new TicketView(state, Allocation.byPartnerAndActivity(lines), List.of());
    }

    Future<Void> write(SqlConnection conn, Chain.Cursor chain) {
      if (newPasses.isEmpty()) {
        return Future.succeededFuture();
      }
      List<Chain.Link> links = newPasses.stream().map(s -> chain.link(canonical(s))).toList();
      // all pipelined: if one statement fails, the ones after it fail too (aborted transaction)
      Future<RowSet<Row>> passes = conn.preparedQuery(INSERT_PASSES).execute(passTuple(links));
      Future<Void> versions = insertVersions(conn, newVersions, newVersionNumbers, newVersionCauses);
      Future<Void> lines = LedgerStore.append(conn, newLines, chain);
      Future<Void> head = chain.save(conn);
      return Future.all(passes, versions, lines, head).mapEmpty();
    }

    private Tuple passTuple(List<Chain.Link> links) {
      List<Pass> ps = newPasses.stream().map(Submission::pass).toList();
      return args(
          texts(ps, Pass::site), texts(ps, Pass::key), texts(ps, Pass::ticket), texts(ps, Pass::bridge),
          texts(ps, p -> p.seq().wire()), ps.stream().map(p -> utc(p.at())).toArray(OffsetDateTime[]::new),
          ps.stream().map(Pass::weightKg).toArray(Long[]::new), texts(ps, p -> name(p.direction())),
          texts(ps, Pass::plate), texts(ps, Pass::carrier), texts(ps, p -> str(p.wasteCode())),
          texts(ps, p -> p.origin() == null ? null : p.origin().point()),
          texts(ps, p -> p.origin() == null ? null : p.origin().insee()), texts(ps, Pass::destination),
          texts(ps, p -> str(p.operation())), texts(ps, p -> name(p.mode())),
          ps.stream().map(Pass::manual).toArray(Boolean[]::new), texts(ps, Pass::manualReason),
          ps.stream().map(Pass::storedTareKg).toArray(Long[]::new),
          newPasses.stream().map(s -> s.channel().wire()).toArray(String[]::new),
          newPasses.stream().map(s -> utc(s.receivedAt())).toArray(OffsetDateTime[]::new),
          links.stream().map(Chain.Link::seq).toArray(Long[]::new),
          links.stream().map(l -> io.vertx.core.buffer.Buffer.buffer(l.hash())).toArray(io.vertx.core.buffer.Buffer[]::new));
    }

  }

  /**
   * Appends ticket versions (one multi-row statement) and queues their notification on {@link #CHANNEL}, sent by
   * PostgreSQL when the transaction commits (pipelined: the statement goes out with the insert).
   */
  static Future<Void> insertVersions(SqlConnection conn, List<TicketState> vs, List<Integer> versions, List<String> causes) {
    if (vs.isEmpty()) {
      return Future.succeededFuture();
    }
    Future<RowSet<Row>> inserted = conn.preparedQuery(INSERT_VERSIONS).execute(versionTuple(vs, versions, causes));
    Future<RowSet<Row>> notified = conn.preparedQuery(NOTIFY).execute(args((Object) notices(vs)));
    return Future.all(inserted, notified).mapEmpty();
  }

  /**
   * The versions as notification payloads: {@code [site, ticket, status, carrier, destination, onSite]} each, the
   * last saying whether the ticket is now among the vehicles on site ({@link #onSite(TicketState)}).
   */
  static String[] notices(List<TicketState> vs) {
    return Notices.chunks(vs.stream().map(t -> Chain.row(t.site(), t.ticket(), t.status().name(), t.carrier(),
        t.destination(), onSite(t))).toList());
  }

  /** A vehicle on site, as {@link #ON_SITE} says in SQL: its ticket is open and has its opening weighing. */
  public static boolean onSite(TicketState t) {
    return t.status() == TicketStatus.OPEN && t.openedAt() != null;
  }

  private static Tuple versionTuple(List<TicketState> vs, List<Integer> versions, List<String> causes) {
      return args(
          texts(vs, TicketState::site), texts(vs, TicketState::ticket), versions.toArray(Integer[]::new),
          texts(vs, t -> t.status().name()), texts(vs, t -> name(t.direction())), texts(vs, TicketState::plate),
          texts(vs, TicketState::carrier), texts(vs, t -> str(t.wasteCode())), texts(vs, TicketState::bridge),
          vs.stream().map(TicketState::grossKg).toArray(Long[]::new),
          vs.stream().map(TicketState::tareKg).toArray(Long[]::new), texts(vs, t -> name(t.tareMode())),
          vs.stream().map(TicketState::netKg).toArray(Long[]::new),
          vs.stream().map(t -> utc(t.openedAt())).toArray(OffsetDateTime[]::new),
          vs.stream().map(t -> utc(t.closedAt())).toArray(OffsetDateTime[]::new),
          vs.stream().map(t -> utc(t.at())).toArray(OffsetDateTime[]::new),
          texts(vs, t -> t.origin() == null ? null : t.origin().point()),
          texts(vs, t -> t.origin() == null ? null : t.origin().insee()), texts(vs, TicketState::destination),
          texts(vs, t -> str(t.operation())), texts(vs, t -> name(t.mode())),
          vs.stream().map(TicketState::isFinal).toArray(Boolean[]::new),
          vs.stream().map(TicketState::manual).toArray(Boolean[]::new),
          vs.stream().map(TicketState::revision).toArray(Integer[]::new),
          causes.toArray(String[]::new));
  }

  /** A pass's canonical form for the chain, from what is inserted. */
  static String canonical(Submission s) {
    Pass p = s.pass();
    return Chain.pass(p.site(), p.key(), p.ticket(), p.bridge(), p.seq().wire(), p.at(), p.weightKg(), name(p.direction()),
        p.plate(), p.carrier(), str(p.wasteCode()), p.origin() == null ? null : p.origin().point(),
        p.origin() == null ? null : p.origin().insee(), p.destination(), str(p.operation()), name(p.mode()), p.manual(),
        p.manualReason(), p.storedTareKg(), s.channel().wire(), s.receivedAt());
  }

  /** The current state of a ticket with its passes, allocations and final operations, if it exists. */
  public Future<Optional<TicketView>> find(String site, String ticket) {
    return pool.withConnection(conn -> find(conn, site, ticket));
  }

  /** The same, on a connection (inside a transaction that is about to change the ticket). */
  public static Future<Optional<TicketView>> find(SqlConnection conn, String site, String ticket) {
    return conn.preparedQuery(CURRENT + " WHERE site = $1 AND ticket = $2").execute(Tuple.of(site, ticket))
        .compose(current -> {
          if (current.size() == 0) {
            return Future.succeededFuture(Optional.<TicketView>empty());
          }
          Row row = current.iterator().next();
          return conn.preparedQuery("SELECT " + PASS_COLUMNS + " FROM pass p WHERE p.site = $1 AND p.ticket = $2 ORDER BY p.id")
              .execute(Tuple.of(site, ticket))
              .compose(passes -> {
                List<Pass> list = new ArrayList<>();
                passes.forEach(r -> list.add(passFrom(r)));
                TicketState state = stateFrom(row, list);
                return LedgerStore.linesOf(conn, site, ticket)
                    .compose(lines -> FinalOperationStore.of(conn, site, ticket)
                        .map(finals -> Optional.of(new TicketView(state, Allocation.byPartnerAndActivity(lines), finals))));
              });
        });
  }

  /** A page of tickets, newest first, without their passes. */
  /** {@code partner}, when set, keeps the tickets that concern that partner (carrier, destination or credited). */
  public record Query(String site, String partner, Instant from, Instant to, TicketStatus status, Cursor after,
      int limit) {}

  /** Where a page ends: the last ticket's time, site and id. */
  public record Cursor(Instant at, String site, String ticket) {}

  public record Page(List<TicketState> items, Cursor next) {}

  public Future<Page> list(Query q) {
    StringBuilder sql = new StringBuilder(CURRENT + " WHERE true");
    List<Object> args = new ArrayList<>();
    if (q.site() != null) {
      args.add(q.site());
      sql.append(" AND site = $").append(args.size());
    }
    if (q.partner() != null) {
      args.add(q.partner());
      int n = args.size();
      sql.append(" AND (carrier = $").append(n).append(" OR destination = $").append(n)
          .append(" OR EXISTS (SELECT 1 FROM allocation_line a WHERE a.site = ticket_current.site")
          .append(" AND a.ticket = ticket_current.ticket AND a.partner = $").append(n).append("))");
    }
    if (q.from() != null) {
      args.add(utc(q.from()));
      sql.append(" AND at >= $").append(args.size());
    }
    if (q.to() != null) {
      args.add(utc(q.to()));
      sql.append(" AND at < $").append(args.size());
    }
    if (q.status() != null) {
      args.add(q.status().name());
      sql.append(" AND status = $").append(args.size());
    }
    if (q.after() != null) {
      args.add(utc(q.after().at()));
      args.add(q.after().site());
      args.add(q.after().ticket());
      int n = args.size();
      sql.append(" AND (at, site, ticket) < ($").append(n - 2).append(", $").append(n - 1).append(", $").append(n).append(")");
    }
    args.add(q.limit() + 1);
    sql.append(" ORDER BY at DESC, site DESC, ticket DESC LIMIT $").append(args.size());
    return pool.preparedQuery(sql.toString()).execute(Tuple.tuple(args)).map(rows -> {
      List<TicketState> items = new ArrayList<>();
      rows.forEach(r -> items.add(stateFrom(r, List.of())));
      Cursor next = null;
      if (items.size() > q.limit()) {
        items.remove(items.size() - 1);
        TicketState last = items.get(items.size() - 1);
        next = new Cursor(last.at(), last.site(), last.ticket());
      }
      return new Page(items, next);
    });
  }

  /** The open tickets of a site that have their first weighing (vehicles between their passes), with their passes. */
  public Future<List<TicketState>> onSite(String site) {
    return pool.withConnection(conn -> conn
        .preparedQuery(CURRENT + " WHERE site = $1 AND " + ON_SITE + " ORDER BY opened_at")
        .execute(Tuple.of(site))
        .compose(rows -> conn.preparedQuery("SELECT " + PASS_COLUMNS + " FROM pass p WHERE p.site = $1 AND p.ticket = ANY($2)"
                + " ORDER BY p.id")
            .execute(args(site, stream(rows).map(r -> r.getString("ticket")).toArray(String[]::new)))
            .map(passRows -> {
              Map<String, List<Pass>> byTicket = new HashMap<>();
              passRows.forEach(r -> byTicket.computeIfAbsent(r.getString("ticket"), k -> new ArrayList<>()).add(passFrom(r)));
              return stream(rows).map(r -> stateFrom(r, byTicket.getOrDefault(r.getString("ticket"), List.of()))).toList();
            })));
  }

  private static java.util.stream.Stream<Row> stream(RowSet<Row> rows) {
    List<Row> list = new ArrayList<>();
    rows.forEach(list::add);
    return list.stream();
  }

  /** The time of each bridge's last weighing, for the given (site, bridge) pairs that ever weighed. */
  public Future<Map<List<String>, Instant>> lastWeighings(List<List<String>> bridges) {
    return pool.preparedQuery("SELECT b.site, b.bridge, w.at FROM unnest($1::text[], $2::text[]) AS b(site, bridge)"
            + " CROSS JOIN LATERAL (SELECT at FROM pass WHERE site = b.site AND bridge = b.bridge ORDER BY at DESC LIMIT 1) w")
        .execute(args(bridges.stream().map(b -> b.get(0)).toArray(String[]::new),
            bridges.stream().map(b -> b.get(1)).toArray(String[]::new)))
        .map(rows -> {
          Map<List<String>, Instant> out = new HashMap<>();
          rows.forEach(r -> out.put(List.of(r.getString("site"), r.getString("bridge")), r.getOffsetDateTime("at").toInstant()));
          return out;
        });
  }

  /** The tickets {@link #onSite(String)} lists, of every site: the vehicles on site, by site. */
  public Future<Map<String, Set<String>>> ticketsOnSite() {
    return pool.query("SELECT site, ticket FROM ticket_current WHERE " + ON_SITE).execute()
        .map(rows -> {
          Map<String, Set<String>> out = new HashMap<>();
          rows.forEach(r -> out.computeIfAbsent(r.getString("site"), k -> new java.util.HashSet<>()).add(r.getString("ticket")));
          return out;
        });
  }

  /**
   * True when the database could not be reached or refused work for now (connection refused or lost, pool
   * timeout, server shutting down or full): the same batch may succeed later. Anything else is a defect
   * of the batch or of the tracker.
   */
  public static boolean unavailable(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof PgException pg) {
        String state = pg.getSqlState();
        return state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("53300"));
      }
      if (c instanceof java.io.IOException || c instanceof io.vertx.sqlclient.ClosedConnectionException
          || c instanceof java.util.concurrent.TimeoutException || c instanceof io.vertx.core.impl.NoStackTraceTimeoutException) {
        return true;
      }
      // the pool closing (the instance stopping) and a connection caught closing: Vert.x gives these only a message
      String message = c.getMessage();
      if (message != null && (message.equals("Pool closed") || message.startsWith("Connection is not active"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when another transaction recorded a conflicting row first (another instance took the same ticket or
   * key): tried again, the batch sees that row and treats the pass as a duplicate or a conflict.
   */
  public static boolean race(Throwable t) {
    return t instanceof PgException pg && ("23505".equals(pg.getSqlState()) || "40001".equals(pg.getSqlState())
        || "40P01".equals(pg.getSqlState()));
  }

  static Pass passFrom(Row r) {
    String point = r.getString("origin_point");
    String insee = r.getString("origin_insee");
    return new Pass(
        r.getString("key"), r.getString("ticket"), r.getString("site"), r.getString("bridge"),
        r.getOffsetDateTime("at").toInstant(), Seq.fromWire(r.getString("seq")), r.getLong("weight_kg"),
        r.getString("direction") == null ? null : Direction.valueOf(r.getString("direction")),
        r.getString("plate"), r.getString("carrier"),
        r.getString("waste_code") == null ? null : new WasteCode(r.getString("waste_code")),
        point == null && insee == null ? null : new Origin(point, insee),
        r.getString("destination"),
        r.getString("operation") == null ? null : OperationCode.parse(r.getString("operation")).orElseThrow(),
        r.getString("mode") == null ? null : Mode.valueOf(r.getString("mode")),
        r.getBoolean("manual"), r.getString("manual_reason"), r.getLong("stored_tare_kg"));
  }

  static TicketState stateFrom(Row r, List<Pass> passes) {
    String point = r.getString("origin_point");
    String insee = r.getString("origin_insee");
    return new TicketState(
        r.getString("site"), r.getString("ticket"), TicketStatus.valueOf(r.getString("status")),
        r.getString("direction") == null ? null : Direction.valueOf(r.getString("direction")),
        r.getString("plate"), r.getString("carrier"),
        r.getString("waste_code") == null ? null : new WasteCode(r.getString("waste_code")),
        r.getString("bridge"), r.getLong("gross_kg"), r.getLong("tare_kg"),
        r.getString("tare_mode") == null ? null : TareMode.valueOf(r.getString("tare_mode")),
        r.getLong("net_kg"), instant(r.getOffsetDateTime("opened_at")), instant(r.getOffsetDateTime("closed_at")),
        point == null && insee == null ? null : new Origin(point, insee),
        r.getString("destination"),
        r.getString("operation") == null ? null : OperationCode.parse(r.getString("operation")).orElseThrow(),
        r.getString("mode") == null ? null : Mode.valueOf(r.getString("mode")),
        r.getBoolean("final"), r.getBoolean("manual"), r.getInteger("revision"), passes);
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }

  /** {@code t.atOffset(UTC)}, without the zone rules that call builds each time (a few per pass and line). */
  static OffsetDateTime utc(Instant t) {
    return t == null ? null
        : OffsetDateTime.of(java.time.LocalDateTime.ofEpochSecond(t.getEpochSecond(), t.getNano(), ZoneOffset.UTC),
            ZoneOffset.UTC);
  }

  /**
   * A tuple of these values, arrays kept whole: {@code Tuple.of(a, b)} would spread an array given as its
   * varargs parameter into separate values.
   */
  static Tuple args(Object... values) {
    Tuple t = Tuple.tuple();
    for (Object v : values) {
      t.addValue(v);
    }
    return t;
  }

  private static <T> String[] texts(List<T> items, Function<T, String> get) {
    return items.stream().map(get).toArray(String[]::new);
  }

  private static String name(Enum<?> e) {
    return e == null ? null : e.name();
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }
}
