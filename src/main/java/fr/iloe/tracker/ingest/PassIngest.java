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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The path every weighing pass takes, whatever its transport: read and checked against the reference data in
 * force ({@link PassParser}), then recorded by group commit ({@link GroupCommit}) with its ticket version and
 * ledger lines. Counts every outcome.
 */
public final class PassIngest {
  private final PassParser parser;
  private final Supplier<ReferenceData> reference;
  private final Metrics metrics;
  private final Clock clock;
  private final GroupCommit<Submission, Recorded> commit;
  private final List<Consumer<Recorded>> listeners = new CopyOnWriteArrayList<>();

  public PassIngest(Context context, PassParser parser, Supplier<ReferenceData> reference, TicketStore store,
      Metrics metrics, Clock clock, int batchMax, int queueMax) {
    this.parser = parser;
    this.reference = reference;
    this.metrics = metrics;
    this.clock = clock;
    this.commit = new GroupCommit<>("pass", context, batch -> store.record(batch, reference.get()).onSuccess(results ->
        // after the next batch has been sent (see GroupCommit), in commit order
        context.runOnContext(v -> results.stream().filter(r -> r.ticket() != null)
            .forEach(r -> listeners.forEach(l -> l.accept(r))))),
        metrics::batch, batchMax, queueMax);
  }

  /**
   * Reads a pass and queues it for the next transaction. A pass that cannot be read or breaks a rule fails
   * at once with {@link MalformedInputException} or {@link InvalidInputException}, and nothing is stored.
   * Otherwise the future completes after the commit with what became of it, or fails with
   * {@link StoreUnavailableException} (nothing stored, try again later) or {@link OverloadedException}.
   */
  public Future<Recorded> receive(byte[] payload, Channel channel, Instant receivedAt, PassParser.Expected expected) {
    return read(payload, channel, receivedAt, expected).get();
  }

  /**
   * Reads a pass now, on the calling thread (any thread: the parser keeps no state), and answers what queues it,
   * to be called later, on any thread: {@link #receive} in two steps, so that a transport can read its messages
   * off the context that runs the transactions.
   */
  public Supplier<Future<Recorded>> read(byte[] payload, Channel channel, Instant receivedAt, PassParser.Expected expected) {
    Instant received = receivedAt.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    Pass pass;
    try {
      pass = parser.read(payload, expected, reference.get(), clock.instant());
    } catch (MalformedInputException | InvalidInputException e) {
      return () -> { // counted when queued: a message read and then left for redelivery counts once
        metrics.pass(channel, Metrics.Outcome.REJECTED);
        return Future.failedFuture(e);
      };
    }
    Submission s = new Submission(pass, channel, received);
    return () -> commit.submit(s).andThen(ar -> count(s, ar.succeeded() ? ar.result() : null));
  }

  /** Called after each commit, for every stored or duplicate pass. */
  public void onRecorded(Consumer<Recorded> listener) {
    listeners.add(listener);
  }

  /** Passes waiting for a transaction, for the gauges. */
  public int queued() {
    return commit.queued();
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
