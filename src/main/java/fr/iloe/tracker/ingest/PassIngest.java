package fr.iloe.tracker.ingest;

import fr.iloe.tracker.domain.Channel;
import fr.iloe.tracker.domain.InvalidInputException;
import fr.iloe.tracker.domain.Pass;
import fr.iloe.tracker.domain.ReferenceData;
import fr.iloe.tracker.live.Metrics;
import fr.iloe.tracker.store.Recorded;
import fr.iloe.tracker.store.StoreUnavailableException;
import fr.iloe.tracker.store.Submission;
import fr.iloe.tracker.store.TicketStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for weighing passes. One transaction is in flight at a time; the submissions that arrive
 * meanwhile wait and are written together by the next one (up to {@code batchMax}), so a lone pass is
 * committed at once and a burst shares its commits. Each submission's future completes only after the
 * transaction holding it has committed: that is when a transport may acknowledge it.
 *
 * <p>All state is confined to one Vert.x context; {@link #submit} may be called from any thread.
 */
public final class PassIngest {
  private static final Logger LOG = LoggerFactory.getLogger(PassIngest.class);
  private static final int RACE_RETRIES = 5;

  private final Context context;
  private final PassParser parser;
  private final Supplier<ReferenceData> reference;
  private final TicketStore store;
  private final Metrics metrics;
  private final Clock clock;
  private final int batchMax;
  private final int queueMax;
  private final ArrayDeque<Waiting> queue = new ArrayDeque<>();
  private boolean inFlight;
  private final List<java.util.function.Consumer<Recorded>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  private record Waiting(Submission submission, Promise<Recorded> promise) {}

  public PassIngest(Context context, PassParser parser, Supplier<ReferenceData> reference, TicketStore store,
      Metrics metrics, Clock clock, int batchMax, int queueMax) {
    this.context = context;
    this.parser = parser;
    this.reference = reference;
    this.store = store;
    this.metrics = metrics;
    this.clock = clock;
    this.batchMax = batchMax;
    this.queueMax = queueMax;
  }

  /**
   * The path every pass takes, whatever its transport: read and checked against the reference data in
   * force, then queued for the next transaction. A pass that cannot be read or breaks a rule fails at once
   * with {@link MalformedInputException} or {@link InvalidInputException}, and nothing is stored.
   */
  public Future<Recorded> receive(byte[] payload, Channel channel, Instant receivedAt, PassParser.Expected expected) {
    Pass pass;
    try {
      pass = parser.read(payload, expected, reference.get(), clock.instant());
    } catch (MalformedInputException | InvalidInputException e) {
      metrics.pass(channel, Metrics.Outcome.REJECTED);
      return Future.failedFuture(e);
    }
    return submit(new Submission(pass, channel, receivedAt));
  }

  /**
   * Queues a pass for the next transaction. The future completes after the commit with what became of it,
   * or fails with {@link StoreUnavailableException} (nothing stored, try again later),
   * {@link OverloadedException} (not queued) or the store's error.
   */
  public Future<Recorded> submit(Submission submission) {
    Promise<Recorded> promise = Promise.promise();
    context.runOnContext(v -> {
      if (queue.size() >= queueMax) {
        promise.fail(new OverloadedException(queue.size()));
        return;
      }
      queue.add(new Waiting(submission, promise));
      drain();
    });
    return promise.future().andThen(ar -> count(submission, ar.succeeded() ? ar.result() : null));
  }

  /** Called on the ingest context after each commit, for every stored or duplicate pass. */
  public void onRecorded(java.util.function.Consumer<Recorded> listener) {
    listeners.add(listener);
  }

  /** Messages waiting for a transaction, for the gauges. */
  public int queued() {
    return queue.size();
  }

  private void drain() {
    if (inFlight || queue.isEmpty()) {
      return;
    }
    List<Waiting> batch = new ArrayList<>(Math.min(queue.size(), batchMax));
    while (!queue.isEmpty() && batch.size() < batchMax) {
      batch.add(queue.poll());
    }
    inFlight = true;
    metrics.batch(batch.size());
    write(batch, 1).onComplete(ar -> {
      inFlight = false;
      drain();
    });
  }

  /**
   * Writes a batch, trying again after a race with another instance (a few times, then it counts as the
   * database being busy: nothing stored, try later) and isolating a message that fails on its own.
   */
  private Future<Void> write(List<Waiting> batch, int attempt) {
    return store.record(batch.stream().map(Waiting::submission).toList(), reference.get())
        .transform(ar -> {
          if (ar.succeeded()) {
            for (int i = 0; i < batch.size(); i++) {
              Recorded r = ar.result().get(i);
              batch.get(i).promise().complete(r);
              if (r.ticket() != null) {
                listeners.forEach(l -> l.accept(r));
              }
            }
            return Future.succeededFuture();
          }
          Throwable error = ar.cause();
          if (TicketStore.race(error) && attempt < RACE_RETRIES) {
            return write(batch, attempt + 1);
          }
          if (TicketStore.unavailable(error) || TicketStore.race(error)) {
            LOG.warn("batch not stored, database unavailable or busy [messages: {}]: {}", batch.size(), error.getMessage());
            batch.forEach(w -> w.promise().fail(new StoreUnavailableException(error)));
            return Future.succeededFuture();
          }
          if (batch.size() > 1) {
            LOG.warn("batch failed, writing its {} messages one by one: {}", batch.size(), error.getMessage());
            Future<Void> chain = Future.succeededFuture();
            for (Waiting w : batch) {
              chain = chain.compose(v -> write(List.of(w), 1));
            }
            return chain;
          }
          Submission s = batch.get(0).submission();
          LOG.error("pass not stored [site: {}, key: {}]", s.pass().site(), s.pass().key(), error);
          batch.get(0).promise().fail(error);
          return Future.succeededFuture();
        });
  }

  private void count(Submission s, Recorded recorded) {
    Metrics.Outcome outcome = recorded == null ? Metrics.Outcome.FAILED : Metrics.Outcome.valueOf(recorded.outcome().name());
    metrics.pass(s.channel(), outcome);
    if (recorded != null) {
      metrics.latency(s.channel(), Duration.between(s.receivedAt(), clock.instant()));
      if (recorded.closedNow()) {
        metrics.closed(recorded.ticket().direction(), recorded.ticket().wasteCode().code(), recorded.ticket().netKg());
      }
    }
  }
}
