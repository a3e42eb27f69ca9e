package fr.iloe.tracker.ingest;

import fr.iloe.tracker.store.StoreUnavailableException;
import fr.iloe.tracker.store.TicketStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit. One transaction is in flight at a time; what is submitted meanwhile waits and is written
 * together by the next one (up to {@code batchMax}), so that a lone message is committed at once and a burst
 * shares its commits. Each submission's future completes only after the transaction holding it has
 * committed: that is when a transport may acknowledge it.
 *
 * <p>A batch that loses a race with another instance (a unique key taken meanwhile) is tried again on a fresh
 * snapshot, a few times, then counts as the database being busy. When the database is unavailable every
 * submission of the batch fails with {@link StoreUnavailableException}: nothing was stored. A batch that fails
 * otherwise is written again one message at a time, so that one bad message cannot fail its neighbours.
 *
 * <p>All state is confined to one Vert.x context; {@link #submit} may be called from any thread.
 */
public final class GroupCommit<S, R> {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);
  private static final int RACE_RETRIES = 5;
  /**
   * A batch that has not answered by then is failed as unavailable, so that one stuck transaction cannot stop
   * ingestion; if it commits after all, the redelivery or the client's retry is answered as a duplicate.
   */
  private static final long BATCH_TIMEOUT_MS = 60_000;

  private final String name;
  private final Context context;
  private final Function<List<S>, Future<List<R>>> writer;
  private final IntConsumer batchSizes;
  private final int batchMax;
  private final int queueMax;
  private final ArrayDeque<Waiting<S, R>> queue = new ArrayDeque<>();
  private boolean inFlight;

  private record Waiting<S, R>(S submission, Promise<R> promise) {}

  /**
   * @param writer writes a batch in one transaction and answers one result per submission, in order
   * @param batchSizes told the size of each batch written
   */
  public GroupCommit(String name, Context context, Function<List<S>, Future<List<R>>> writer, IntConsumer batchSizes,
      int batchMax, int queueMax) {
    this.name = name;
    this.context = context;
    this.writer = writer;
    this.batchSizes = batchSizes;
    this.batchMax = batchMax;
    this.queueMax = queueMax;
  }

  /** Queues a submission for the next transaction; fails with {@link OverloadedException} when the queue is full. */
  public Future<R> submit(S submission) {
    Promise<R> promise = Promise.promise();
    context.runOnContext(v -> {
      if (queue.size() >= queueMax) {
        promise.fail(new OverloadedException(queue.size()));
        return;
      }
      queue.add(new Waiting<>(submission, promise));
      drain();
    });
    return promise.future();
  }

  /** The writer's answer, or a failure if it throws or does not answer within {@link #BATCH_TIMEOUT_MS}. */
  private Future<List<R>> guarded(List<S> submissions) {
    Promise<List<R>> answer = Promise.promise();
    long timer = context.owner().setTimer(BATCH_TIMEOUT_MS, id -> answer.tryFail(new java.util.concurrent.TimeoutException(
        name + " batch of " + submissions.size() + " did not answer within " + BATCH_TIMEOUT_MS + " ms")));
    try {
      writer.apply(submissions).onComplete(ar -> {
        context.owner().cancelTimer(timer);
        if (ar.succeeded()) {
          answer.tryComplete(ar.result());
        } else {
          answer.tryFail(ar.cause());
        }
      });
    } catch (RuntimeException e) {
      context.owner().cancelTimer(timer);
      answer.tryFail(e);
    }
    return answer.future();
  }

  /** Submissions waiting for a transaction. */
  public int queued() {
    return queue.size();
  }

  private void drain() {
    if (inFlight || queue.isEmpty()) {
      return;
    }
    List<Waiting<S, R>> batch = new ArrayList<>(Math.min(queue.size(), batchMax));
    while (!queue.isEmpty() && batch.size() < batchMax) {
      batch.add(queue.poll());
    }
    inFlight = true;
    batchSizes.accept(batch.size());
    write(batch, 1).onComplete(ar -> {
      inFlight = false;
      drain();
    });
  }

  private Future<Void> write(List<Waiting<S, R>> batch, int attempt) {
    return guarded(batch.stream().map(Waiting::submission).toList())
        .transform(ar -> {
          if (ar.succeeded()) {
            // answered on the next turn of the context, once drain() has sent the next batch on its way: the
            // acknowledgements and what listens to them then run while PostgreSQL works on that batch
            List<R> results = ar.result();
            context.runOnContext(v -> {
              for (int i = 0; i < batch.size(); i++) {
                batch.get(i).promise().complete(results.get(i));
              }
            });
            return Future.succeededFuture();
          }
          Throwable error = ar.cause();
          if (TicketStore.race(error) && attempt < RACE_RETRIES) {
            return write(batch, attempt + 1);
          }
          if (TicketStore.unavailable(error) || TicketStore.race(error)) {
            LOG.warn("{} batch not stored, database unavailable or busy [messages: {}]: {}", name, batch.size(),
                error.getMessage());
            batch.forEach(w -> w.promise().fail(new StoreUnavailableException(error)));
            return Future.succeededFuture();
          }
          if (batch.size() > 1) {
            LOG.warn("{} batch failed, writing its {} messages one by one: {}", name, batch.size(), error.getMessage());
            Future<Void> chain = Future.succeededFuture();
            for (Waiting<S, R> w : batch) {
              chain = chain.compose(v -> write(List.of(w), 1));
            }
            return chain;
          }
          LOG.error("{} message not stored [{}]", name, batch.get(0).submission(), error);
          batch.get(0).promise().fail(error);
          return Future.succeededFuture();
        });
  }
}
