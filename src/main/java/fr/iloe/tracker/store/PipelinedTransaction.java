package fr.iloe.tracker.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.function.Function;

/**
 * A transaction written as a pipeline on one connection: {@code BEGIN} goes out with the first statements and
 * {@code COMMIT} right behind the last ones, without waiting for their answers, so that a group commit costs two
 * round trips (its reads, then its writes) instead of one per statement. PostgreSQL runs a connection's
 * statements in the order sent; once one fails the transaction is aborted, every later statement fails, and the
 * pipelined {@code COMMIT} ends it without committing anything.
 *
 * <p>The work must wait, in the future it answers, for every statement it sent: that is how a failure reaches the
 * caller (PostgreSQL answers a {@code COMMIT} of an aborted transaction without an error).
 */
public final class PipelinedTransaction {
  private final SqlConnection conn;
  private Future<Void> commit;

  private PipelinedTransaction(SqlConnection conn) {
    this.conn = conn;
  }

  /**
   * Runs {@code work} in a transaction begun by {@code begin} (e.g. {@code BEGIN ISOLATION LEVEL REPEATABLE
   * READ}). The answer succeeds only once the work's statements have succeeded and the commit has answered; on any
   * failure the transaction is rolled back and the failure answered.
   */
  public static <T> Future<T> run(Pool pool, String begin, Function<PipelinedTransaction, Future<T>> work) {
    return pool.withConnection(conn -> {
      PipelinedTransaction tx = new PipelinedTransaction(conn);
      Future<?> began = conn.query(begin).execute();
      Future<T> done;
      try {
        done = work.apply(tx);
      } catch (RuntimeException e) {
        done = Future.failedFuture(e);
      }
      Future<T> result = done;
      return Future.all(began, result)
          .compose(v -> tx.commit())
          .map(v -> result.result())
          .recover(e -> tx.commit != null
              // COMMIT went out: it ended the transaction, committing nothing if a statement before it failed
              ? Future.<T>failedFuture(e)
              : conn.query("ROLLBACK").execute().transform(x -> Future.<T>failedFuture(e)));
    });
  }

  /** The transaction's connection. */
  public SqlConnection conn() {
    return conn;
  }

  /** Sends {@code COMMIT} now, behind the statements already sent (once; the transaction's answer waits for it). */
  public Future<Void> commit() {
    if (commit == null) {
      commit = conn.query("COMMIT").execute().mapEmpty();
    }
    return commit;
  }
}
