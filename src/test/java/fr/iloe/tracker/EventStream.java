package fr.iloe.tracker;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A test client of {@code GET /api/v1/events} (server-sent events), on its own Vert.x instance: it parses the
 * stream into events and queues them for the test to wait on.
 */
public final class EventStream implements AutoCloseable {
  /** One event: {@code event:} and the JSON of {@code data:}. */
  public record Event(String type, JsonObject data) {}

  private final Vertx vertx = Vertx.vertx();
  private final HttpClient client = vertx.createHttpClient();
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final StringBuilder pending = new StringBuilder();
  private final HttpClientResponse response;
  private final String body;

  private EventStream(int port, String token) {
    // the whole chain is built on the client's context, so that the handlers are set as the response arrives and no
    // chunk goes by unseen (built on the test thread, a response could arrive, and end, before they were set)
    io.vertx.core.Promise<io.vertx.core.buffer.Buffer> refused = io.vertx.core.Promise.promise();
    io.vertx.core.Promise<HttpClientResponse> opened = io.vertx.core.Promise.promise();
    vertx.runOnContext(v -> client.request(HttpMethod.GET, port, "127.0.0.1", "/api/v1/events")
        .compose(req -> {
          if (token != null) {
            req.putHeader("Authorization", "Bearer " + token);
          }
          return req.send();
        })
        .map(resp -> {
          if (resp.statusCode() == 200) {
            resp.handler(chunk -> chunk(chunk.toString()));
          } else {
            resp.body().onComplete(refused);
          }
          return resp;
        }).onComplete(opened));
    this.response = opened.future().await();
    this.body = response.statusCode() == 200 ? null : refused.future().await().toString();
  }

  private void chunk(String text) {
    pending.append(text);
    int end;
    while ((end = pending.indexOf("\n\n")) >= 0) {
      parse(pending.substring(0, end));
      pending.delete(0, end + 2);
    }
  }

  /** Opens a stream with this token (null: none); a refused one keeps its status and body. */
  public static EventStream open(int port, String token) {
    return new EventStream(port, token);
  }

  public int status() {
    return response.statusCode();
  }

  public String header(String name) {
    return response.getHeader(name);
  }

  /** The body of a refused stream. */
  public String body() {
    return body;
  }

  private void parse(String block) {
    String type = "message";
    StringBuilder data = new StringBuilder();
    for (String line : block.split("\n")) {
      if (line.startsWith("event: ")) {
        type = line.substring(7);
      } else if (line.startsWith("data: ")) {
        data.append(line.substring(6));
      }
    }
    if (data.length() > 0) {
      events.add(new Event(type, new JsonObject(data.toString())));
    }
  }

  /** The next event, skipping none; fails after the timeout. */
  public Event next(Duration timeout) {
    try {
      Event e = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (e == null) {
        throw new AssertionError("no event within " + timeout);
      }
      return e;
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new AssertionError(ex);
    }
  }

  /** The first event that matches, dropping the ones before it; fails after the timeout. */
  public Event await(Predicate<Event> wanted, Duration timeout) {
    long until = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = until - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no matching event within " + timeout);
      }
      Event e = next(Duration.ofNanos(left));
      if (wanted.test(e)) {
        return e;
      }
    }
  }

  @Override
  public void close() {
    response.request().reset();
    client.close().await();
    vertx.close().await();
  }
}
