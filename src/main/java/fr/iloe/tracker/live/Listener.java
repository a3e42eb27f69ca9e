package fr.iloe.tracker.live;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;

/**
 * One PostgreSQL connection that LISTENs on behalf of every part of an instance (ledger, readings, reference
 * data, tokens), reconnecting by itself. A part registers its channel before {@link #connect()}; its
 * {@code subscribed} handler runs after each (re)subscription, when it must read its state in full again,
 * since notifications sent while the connection was down are lost.
 */
public final class Listener {
  private final PgSubscriber subscriber;

  public Listener(Vertx vertx, PgConnectOptions options) {
    this.subscriber = PgSubscriber.subscriber(vertx, options);
    subscriber.reconnectPolicy(attempt -> 1_000L);
  }

  public void channel(String name, Handler<String> notification, Handler<Void> subscribed) {
    subscriber.channel(name).handler(notification).subscribeHandler(subscribed);
  }

  public Future<Void> connect() {
    return subscriber.connect();
  }

  public Future<Void> close() {
    return subscriber.close();
  }
}
