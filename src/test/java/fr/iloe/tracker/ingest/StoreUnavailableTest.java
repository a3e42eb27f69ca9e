package fr.iloe.tracker.ingest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.iloe.tracker.TestEnv;
import fr.iloe.tracker.store.Database;
import fr.iloe.tracker.store.TicketStore;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What the group commit takes for "the database is unavailable" (the message stays unacknowledged, and is
 * redelivered) against a defect of the message (quarantined, then acknowledged): failures produced by a real
 * PostgreSQL and a real pool, not built by hand.
 */
@DisplayName("Failures of the database are told apart from failures of the message")
class StoreUnavailableTest {
  private static Vertx vertx;
  private static String schema;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    schema = TestEnv.freshSchema();
    new Database(TestEnv.databaseUrl(), schema).migrate();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
    TestEnv.dropSchema(TestEnv.databaseUrl(), schema);
  }

  private static Throwable failureOf(io.vertx.core.Future<?> f) {
    try {
      f.await();
    } catch (Throwable e) {
      return e;
    }
    throw new AssertionError("the statement succeeded");
  }

  @Test
  @DisplayName("a closed pool (the instance stopping) is unavailable, not a bad message")
  void closedPool() {
    Pool pool = new Database(TestEnv.databaseUrl(), schema).pool(vertx, 1);
    pool.close().await();
    Throwable e = failureOf(pool.query("SELECT 1").execute());
    assertTrue(TicketStore.unavailable(e), "classified as a bad message: " + e);
  }

  @Test
  @DisplayName("a connection whose server process was terminated is unavailable")
  void terminatedBackend() {
    Pool pool = new Database(TestEnv.databaseUrl(), schema).pool(vertx, 1);
    try {
      SqlConnection conn = pool.getConnection().await();
      int pid = conn.query("SELECT pg_backend_pid()").execute().await().iterator().next().getInteger(0);
      TestEnv.sql(TestEnv.databaseUrl(), "SELECT count(*) FILTER (WHERE pg_terminate_backend(" + pid + "))");
      Throwable e = failureOf(conn.query("SELECT 1").execute());
      assertTrue(TicketStore.unavailable(e), "classified as a bad message: " + e);
      conn.close();
    } finally {
      pool.close().await();
    }
  }

  @Test
  @DisplayName("a statement PostgreSQL refuses for its content is not unavailable")
  void refusedStatement() {
    Pool pool = new Database(TestEnv.databaseUrl(), schema).pool(vertx, 1);
    try {
      Throwable e = failureOf(pool.query("SELECT 1 / 0").execute());
      assertFalse(TicketStore.unavailable(e), "a division by zero taken for an unavailable database: " + e);
    } finally {
      pool.close().await();
    }
  }
}
