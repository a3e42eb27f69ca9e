package fr.iloe.tracker.live;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.pubsub.PgSubscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PostgreSQL connection that LISTENs on behalf of every part of an instance (ledger, readings, reference
 * data, tokens), reconnecting by itself. A part registers its channel before {@link #connect()}; its
 * {@code subscribed} handler runs after each (re)subscription, when it must read its state in full again,
 * since notifications sent while the connection was down are lost.
 */
public final class Listener {
  private static final Logger LOG = LoggerFactory.getLogger(Listener.class);
  private final PgSubscriber subscriber;
  private volatile boolean closing;

  public Listener(Vertx vertx, PgConnectOptions options) {
    this.subscriber = PgSubscriber.subscriber(vertx, options);
    subscriber.reconnectPolicy(attempt -> 1_000L);
  }

  public void channel(String name, Handler<String> notification, Handler<Void> subscribed) {
    subscriber.channel(name).handler(notification).subscribeHandler(v -> {
      handleFailures();
      subscribed.handle(v);
    });
  }

  public Future<Void> connect() {
    return subscriber.connect().onSuccess(v -> handleFailures());
  }

  /** The instance is stopping: a failure of the connection from now on (the database going down too) is expected. */
  public void stopping() {
    closing = true;
  }

  public Future<Void> close() {
    stopping();
    return subscriber.close();
  }

  /**
   * A connection without an exception handler prints the stack trace of its failure on the standard error; this
   * one's failure (the database stopped or unreachable) is expected and followed by a reconnection, so it is
   * logged as one line instead, and not at all once the instance is closing.
   */
  private void handleFailures() {
    PgConnection conn = subscriber.actualConnection();
    if (conn != null) {
      conn.exceptionHandler(e -> {
        if (!closing) {
          LOG.warn("database listener connection failed, reconnecting: {}", e.getMessage());
        }
      });
    }
  }
}
