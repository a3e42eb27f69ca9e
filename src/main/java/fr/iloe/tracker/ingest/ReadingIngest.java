package fr.iloe.tracker.ingest;

import fr.iloe.tracker.domain.Channel;
import fr.iloe.tracker.domain.InvalidInputException;
import fr.iloe.tracker.domain.Reading;
import fr.iloe.tracker.domain.ReferenceData;
import fr.iloe.tracker.live.Metrics;
import fr.iloe.tracker.store.ReadingStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The path every collection-point reading takes, whatever its transport: read and checked
 * ({@link ReadingParser}), then recorded by group commit, acknowledged after commit like a pass.
 */
public final class ReadingIngest {
  private final ReadingParser parser;
  private final Supplier<ReferenceData> reference;
  private final Metrics metrics;
  private final Clock clock;
  private final GroupCommit<ReadingStore.Submission, ReadingStore.Recorded> commit;

  public ReadingIngest(Context context, ReadingParser parser, Supplier<ReferenceData> reference, ReadingStore store,
      Metrics metrics, Clock clock, int batchMax, int queueMax) {
    this.parser = parser;
    this.reference = reference;
    this.metrics = metrics;
    this.clock = clock;
    this.commit = new GroupCommit<>("reading", context, store::record, size -> { }, batchMax, queueMax);
  }

  /** As {@link PassIngest#receive}: refused at once when unreadable or invalid, else settled after the commit. */
  public Future<ReadingStore.Recorded> receive(byte[] payload, Channel channel, Instant receivedAt,
      ReadingParser.Expected expected) {
    return read(payload, channel, receivedAt, expected).get();
  }

  /** As {@link PassIngest#read}: reads now, on the calling thread, and answers what queues the reading. */
  public Supplier<Future<ReadingStore.Recorded>> read(byte[] payload, Channel channel, Instant receivedAt,
      ReadingParser.Expected expected) {
    Instant received = receivedAt.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    Reading reading;
    try {
      reading = parser.read(payload, expected, reference.get(), clock.instant());
    } catch (MalformedInputException | InvalidInputException e) {
      return () -> { // counted when queued, as a pass is
        metrics.reading(channel, Metrics.Outcome.REJECTED, null);
        return Future.failedFuture(e);
      };
    }
    return () -> commit.submit(new ReadingStore.Submission(reading, channel, received)).andThen(ar -> {
      if (ar.failed()) {
        metrics.reading(channel, Metrics.Outcome.FAILED, null);
      } else {
        metrics.reading(channel, Metrics.Outcome.valueOf(ar.result().outcome().name()),
            ar.result().outcome() == ReadingStore.Outcome.STORED ? reading : null);
      }
    });
  }

  public int queued() {
    return commit.queued();
  }
}
