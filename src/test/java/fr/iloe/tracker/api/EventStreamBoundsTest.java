package fr.iloe.tracker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.iloe.tracker.domain.Principal;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.WriteStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
@DisplayName("An event stream's memory is bounded: a client that does not keep up is dropped, not buffered")
class EventStreamBoundsTest {
  private Vertx vertx;
  private Context context;
  private final Connection out = new Connection();
  private final AtomicInteger resets = new AtomicInteger();
  private final AtomicBoolean forgotten = new AtomicBoolean();

  /** A connection whose write queue the test fills or empties. */
  private static final class Connection implements WriteStream<Buffer> {
    final List<String> written = new CopyOnWriteArrayList<>();
    volatile boolean full;

    @Override
    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
      return this;
    }

    @Override
    public Future<Void> write(Buffer data) {
      written.add(data.toString());
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> end() {
      return Future.succeededFuture();
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
      return this;
    }

    @Override
    public boolean writeQueueFull() {
      return full;
    }

    @Override
    public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
      return this;
    }
  }

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private EventsApi.Stream stream() {
    return new EventsApi.Stream(Principal.BOOTSTRAP_ADMIN, out, context, resets::incrementAndGet, s -> forgotten.set(true));
  }

  /** Waits until the context has run what was queued before. */
  private void drain() throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    context.runOnContext(v -> done.countDown());
    assertTrue(done.await(5, TimeUnit.SECONDS));
  }

  @Test
  @DisplayName("events are written in order, as server-sent event frames")
  void frames() throws InterruptedException {
    EventsApi.Stream s = stream();
    s.send("ticket", new JsonObject().put("ticket", "T-1"));
    s.send("ticket", new JsonObject().put("ticket", "T-2"));
    drain();
    assertEquals(List.of("event: ticket\ndata: {\"ticket\":\"T-1\"}\n\n", "event: ticket\ndata: {\"ticket\":\"T-2\"}\n\n"),
        out.written);
    assertTrue(s.isOpen());
  }

  @Test
  @DisplayName("a full write queue (the client does not read) drops the stream: reset, forgotten, nothing more written")
  void fullWriteQueue() throws InterruptedException {
    EventsApi.Stream s = stream();
    out.full = true;
    s.send("ticket", new JsonObject());
    drain();
    drain();
    assertFalse(s.isOpen());
    assertTrue(forgotten.get());
    assertEquals(1, resets.get());
    out.full = false;
    s.send("ticket", new JsonObject());
    drain();
    assertEquals(List.of(), out.written);
  }

  @Test
  @DisplayName("more events waiting than the bound (the connection's thread is busy) drops the stream at once")
  void tooManyWaiting() throws InterruptedException {
    EventsApi.Stream s = stream();
    CountDownLatch busy = new CountDownLatch(1);
    context.runOnContext(v -> {
      try {
        busy.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    for (int i = 0; i < EventsApi.MAX_PENDING + 1; i++) {
      s.send("ticket", new JsonObject().put("n", i));
    }
    assertFalse(s.isOpen(), "dropped as the bound is passed, before the thread is free");
    assertTrue(forgotten.get());
    busy.countDown();
    drain();
    drain();
    assertEquals(1, resets.get());
    assertEquals(List.of(), out.written, "what waited is not written to a dropped stream");
  }
}
