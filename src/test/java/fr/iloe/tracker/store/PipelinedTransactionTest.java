package fr.iloe.tracker.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.iloe.tracker.TestEnv;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A transaction sent as a pipeline commits all of its statements or none, answers the failure of any of them (or of
 * its commit), and gives its connection back outside any transaction. Real PostgreSQL, a pool of one connection, so
 * that the next transaction runs on the same connection.
 */
@DisplayName("Pipelined transactions: all or nothing, failures answered")
class PipelinedTransactionTest {
  private static final String INSERT = "INSERT INTO item (n) VALUES ($1)";
  private static Vertx vertx;
  private static String schema;
  private static Pool pool;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    schema = TestEnv.freshSchema();
    TestEnv.sql(TestEnv.databaseUrl(), "CREATE SCHEMA " + schema);
    TestEnv.sql(TestEnv.databaseUrl(), "CREATE TABLE " + schema + ".item (n int NOT NULL CHECK (n > 0),"
        + " CONSTRAINT item_once UNIQUE (n) DEFERRABLE INITIALLY DEFERRED)");
    pool = new Database(TestEnv.databaseUrl(), schema).pool(vertx, 1);
  }

  @AfterAll
  static void stop() {
    pool.close().await();
    vertx.close().await();
    TestEnv.dropSchema(TestEnv.databaseUrl(), schema);
  }

  @BeforeEach
  void empty() {
    TestEnv.sql(TestEnv.databaseUrl(), "TRUNCATE " + schema + ".item");
  }

  private static long items() {
    return TestEnv.sql(TestEnv.databaseUrl(), "SELECT count(*) FROM " + schema + ".item");
  }

  private static Future<Void> insert(SqlConnection conn, int n) {
    return conn.preparedQuery(INSERT).execute(Tuple.of(n)).mapEmpty();
  }

  /** The pool's one connection is outside any transaction: a row it inserts is seen at once by another session. */
  private static void connectionIsClean() {
    pool.preparedQuery(INSERT).execute(Tuple.of(1000)).await();
    assertEquals(1L, TestEnv.sql(TestEnv.databaseUrl(), "SELECT count(*) FROM " + schema + ".item WHERE n = 1000"),
        "the connection was left inside a transaction");
  }

  @Test
  @DisplayName("statements sent together, then COMMIT: every row is stored, the work's answer is answered")
  void commits() {
    String answer = PipelinedTransaction.run(pool, "BEGIN ISOLATION LEVEL REPEATABLE READ", conn -> {
      Future<Void> a = insert(conn, 1);
      Future<Void> b = insert(conn, 2);
      return Future.all(a, b).map("done");
    }).await();
    assertEquals("done", answer);
    assertEquals(2L, items());
    connectionIsClean();
  }

  @Test
  @DisplayName("a statement refused in the middle: nothing is stored, its error is answered")
  void failingStatement() {
    Throwable e = assertThrows(Throwable.class, () -> PipelinedTransaction.run(pool, "BEGIN", conn -> {
      Future<Void> a = insert(conn, 1);
      Future<Void> bad = insert(conn, -1);
      Future<Void> c = insert(conn, 3);
      return Future.all(a, bad, c).mapEmpty();
    }).await());
    assertInstanceOf(PgException.class, e);
    assertEquals("23514", ((PgException) e).getSqlState(), "the check violation, not a later statement's error: " + e);
    assertEquals(0L, items());
    connectionIsClean();
  }

  @Test
  @DisplayName("a statement the client refuses without sending it (a text for an int): the others are not committed")
  void statementRefusedUnsent() {
    pool.preparedQuery(INSERT).execute(Tuple.of(9)).await(); // prepared and cached on the pool's one connection
    TestEnv.sql(TestEnv.databaseUrl(), "TRUNCATE " + schema + ".item");
    Throwable e = assertThrows(Throwable.class, () -> PipelinedTransaction.run(pool, "BEGIN", conn -> {
      Future<Void> a = insert(conn, 1);
      Future<Void> refused = conn.preparedQuery(INSERT).execute(Tuple.of("two")).mapEmpty();
      Future<Void> c = insert(conn, 3);
      return Future.all(a, refused, c).mapEmpty();
    }).await());
    assertTrue(!(e instanceof PgException), "refused by PostgreSQL, not by the client: " + e);
    assertEquals(0L, items(), "rows of the other statements committed");
    connectionIsClean();
  }

  @Test
  @DisplayName("a commit that fails (a deferred constraint): nothing is stored, the failure is answered")
  void failingCommit() {
    Throwable e = assertThrows(Throwable.class, () -> PipelinedTransaction.run(pool, "BEGIN", conn -> {
      Future<Void> a = insert(conn, 5);
      Future<Void> b = insert(conn, 5);
      return Future.all(a, b).mapEmpty();
    }).await());
    assertInstanceOf(PgException.class, e);
    assertEquals("23505", ((PgException) e).getSqlState());
    assertEquals(0L, items());
    connectionIsClean();
  }

  @Test
  @DisplayName("work that throws after sending a statement: rolled back, its exception answered")
  void throwingWork() {
    IllegalStateException thrown = new IllegalStateException("defect");
    Throwable e = assertThrows(Throwable.class, () -> PipelinedTransaction.run(pool, "BEGIN", conn -> {
      insert(conn, 4);
      throw thrown;
    }).await());
    assertTrue(e == thrown, "answered " + e);
    assertEquals(0L, items());
    connectionIsClean();
  }

  @Test
  @DisplayName("the pool's sessions plan every execution for its values (a cached generic plan froze a sequential scan)")
  void customPlans() {
    assertEquals("force_custom_plan", pool.query("SHOW plan_cache_mode").execute().await().iterator().next().getString(0));
  }
}
