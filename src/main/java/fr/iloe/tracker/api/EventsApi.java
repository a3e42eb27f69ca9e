package fr.iloe.tracker.api;

import fr.iloe.tracker.domain.Principal;
import fr.iloe.tracker.live.LiveEvents;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.streams.WriteStream;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/events}: a server-sent event stream ({@code text/event-stream}) of what changes, in the
 * caller's scope ({@link LiveEvents}): {@code ready} first, then {@code ticket}, {@code figures}, {@code points} and
 * {@code resync}, and a comment line every {@value #HEARTBEAT_MS} ms so that proxies keep the connection open and a
 * vanished client is noticed.
 *
 * <p>Memory stays bounded: a stream holds at most {@value #MAX_PENDING} events not yet handed to its connection, and
 * a connection whose write queue is full (the client does not read) is closed rather than buffered; the client
 * reconnects and reads its figures again. At most {@value #MAX_STREAMS} streams are open on an instance (503 beyond).
 */
final class EventsApi {
  private static final Logger LOG = LoggerFactory.getLogger(EventsApi.class);
  static final int MAX_STREAMS = 500;
  static final int MAX_PENDING = 64;
  static final long HEARTBEAT_MS = 15_000;
  private static final int WRITE_QUEUE_BYTES = 64 * 1024;

  private final LiveEvents events;
  private final Set<Stream> streams = ConcurrentHashMap.newKeySet();

  EventsApi(Vertx vertx, LiveEvents events) {
    this.events = events;
    vertx.setPeriodic(HEARTBEAT_MS, id -> streams.forEach(s -> s.offer(": keep-alive\n\n")));
  }

  void stream(RoutingContext ctx) {
    if (streams.size() >= MAX_STREAMS) {
      ctx.response().putHeader("Retry-After", "30");
      throw new ApiException(503, "Service busy", "too many event streams are open on this instance", List.of());
    }
    Principal p = Auth.principal(ctx);
    HttpServerResponse response = ctx.response();
    response.setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("X-Accel-Buffering", "no")
        .setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
    Stream s = new Stream(p, response, ctx.vertx().getOrCreateContext(), () -> response.reset(), this::forget);
    response.closeHandler(v -> s.closed());
    response.exceptionHandler(e -> s.closed());
    streams.add(s);
    events.add(s);
    response.write("retry: 3000\n\n");
    s.send("ready", new JsonObject().put("role", p.role().name().toLowerCase(java.util.Locale.ROOT))
        .put("sites", new JsonArray(p.sites().stream().sorted().toList())).put("partner", p.partner()));
  }

  private void forget(Stream s) {
    streams.remove(s);
    events.remove(s);
  }

  /**
   * One open stream: events are written on its connection's context, in order. A stream with more than
   * {@value #MAX_PENDING} events waiting for that context, or whose connection's write queue is full, is dropped:
   * its connection reset, its events forgotten.
   */
  static final class Stream implements LiveEvents.Sink {
    private final Principal principal;
    private final WriteStream<Buffer> out;
    private final Context context;
    private final Runnable reset;
    private final Consumer<Stream> forget;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile boolean open = true;

    Stream(Principal principal, WriteStream<Buffer> out, Context context, Runnable reset, Consumer<Stream> forget) {
      this.principal = principal;
      this.out = out;
      this.context = context;
      this.reset = reset;
      this.forget = forget;
    }

    @Override
    public Principal principal() {
      return principal;
    }

    @Override
    public void send(String type, JsonObject data) {
      offer("event: " + type + "\ndata: " + data.encode() + "\n\n");
    }

    void offer(String frame) {
      if (!open) {
        return;
      }
      if (pending.incrementAndGet() > MAX_PENDING) {
        drop("more than " + MAX_PENDING + " events waiting");
        return;
      }
      context.runOnContext(v -> {
        pending.decrementAndGet();
        if (!open) {
          return;
        }
        if (out.writeQueueFull()) {
          drop("its connection's write queue is full");
        } else {
          out.write(Buffer.buffer(frame));
        }
      });
    }

    private void drop(String why) {
      LOG.info("event stream dropped [token: {}]: {}", principal.tokenId() == null ? "admin" : principal.tokenId(), why);
      closed();
      context.runOnContext(v -> reset.run());
    }

    /** Forgets the stream (the client went away, or was dropped). */
    void closed() {
      open = false;
      forget.accept(this);
    }

    boolean isOpen() {
      return open;
    }
  }

  /** Open streams on this instance (for the tests and metrics). */
  int open() {
    return streams.size();
  }
}
