package fr.iloe.tracker.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.function.Function;

/**
 * A transaction written as a pipeline on one connection: {@code BEGIN} goes out with the first statements, and
 * the work sends its statements without waiting for their answers, so that a group commit costs three round
 * trips (its reads, its writes, {@code COMMIT}) instead of one per statement. PostgreSQL runs a connection's
 * statements in the order sent, and once one fails the transaction is aborted and every later one fails.
 *
 * <p>{@code COMMIT} goes out only once every statement of the work has answered successfully, never pipelined
 * behind them: a statement the client refuses without sending it (a parameter of the wrong type for a prepared
 * statement) aborts nothing on the server, so a pipelined {@code COMMIT} would have committed the others.
 */
public final class PipelinedTransaction {
  private PipelinedTransaction() {}

  /**
   * Runs {@code work} on a connection in a transaction begun by {@code begin} (e.g. {@code BEGIN ISOLATION LEVEL
   * REPEATABLE READ}). The work answers once all the statements it sent have answered. The answer succeeds only
   * once they have all succeeded and {@code COMMIT} has; on any failure the transaction is rolled back and the
   * failure answered.
   */
  public static <T> Future<T> run(Pool pool, String begin, Function<SqlConnection, Future<T>> work) {
    return pool.withConnection(conn -> {
      Future<?> began = conn.query(begin).execute();
      Future<T> done;
      try {
        done = work.apply(conn);
      } catch (RuntimeException e) {
        done = Future.failedFuture(e);
      }
      Future<T> result = done;
      return Future.all(began, result).transform(ar -> ar.succeeded()
          // a COMMIT that fails has ended the transaction too
          ? conn.query("COMMIT").execute().map(v -> result.result())
          : conn.query("ROLLBACK").execute().transform(x -> Future.<T>failedFuture(ar.cause())));
    });
  }
}
