package fr.iloe.tracker.ingest;

import fr.iloe.tracker.domain.TicketState;
import fr.iloe.tracker.store.TicketView;
import fr.iloe.tracker.live.Metrics;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ticket states published back to the terminals after commit ({@code MQTT_PUBLISH_TICKETS}), QoS 1, not
 * retained, on a connection of their own (client id {@code MQTT_CLIENT_ID-out}, clean session).
 *
 * <p>Why not the ingesting connection: Paho completes an outgoing QoS 1 message, and frees its place in the
 * in-flight window, on the client's one callback thread, which {@link MqttIngest#messageArrived} blocks
 * whenever {@code MQTT_MAX_UNACKED} messages await their commit: that is the back-pressure, and under a
 * sustained burst it is the normal state. Published through that client, the confirmations stalled behind the
 * ingestion and most were dropped (17,782 of 20,000 in a 20,000-pass burst).
 *
 * <p>A commit hands over hundreds of tickets at once, more than the in-flight window takes: they wait, in
 * order, in a bounded outbox and go out as the broker acknowledges the earlier ones. Beyond
 * {@link #OUTBOX_MAX} waiting, or while the connection is down, a confirmation is dropped and counted as
 * failed ({@code iloe_mqtt_confirmations_total{outcome="failed"}}); the ticket stays readable over HTTP.
 */
final class Confirmations {
  private static final Logger LOG = LoggerFactory.getLogger(Confirmations.class);
  static final int IN_FLIGHT_MAX = 1_000;
  static final int OUTBOX_MAX = 10_000;

  private final Vertx vertx;
  private final MqttIngest.Settings settings;
  private final Function<TicketView, byte[]> json;
  private final Metrics metrics;
  private final MqttAsyncClient client;
  // guarded by this: the outbox, in the order of the commits
  private final ArrayDeque<TicketView> outbox = new ArrayDeque<>();
  /** Handed to Paho and not yet acknowledged; decremented on this client's callback thread, never blocked. */
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean stopping;
  /**
   * Encodes and sends, off the ingest context: a commit of 500 tickets is 500 JSON documents to write, and
   * the next transaction should not wait for them.
   */
  private final java.util.concurrent.ExecutorService sender = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "mqtt-confirmations");
    t.setDaemon(true);
    return t;
  });
  private final java.util.concurrent.atomic.AtomicBoolean flushScheduled = new java.util.concurrent.atomic.AtomicBoolean();
  private final IMqttActionListener listener = new IMqttActionListener() {
    @Override
    public void onSuccess(IMqttToken token) {
      inFlight.decrementAndGet();
      metrics.confirmation(true);
      flush();
    }

    @Override
    public void onFailure(IMqttToken token, Throwable e) {
      inFlight.decrementAndGet();
      metrics.confirmation(false);
      flush();
    }
  };

  Confirmations(Vertx vertx, MqttIngest.Settings settings, Function<TicketView, byte[]> json, Metrics metrics) {
    this.vertx = vertx;
    this.settings = settings;
    this.json = json;
    this.metrics = metrics;
    try {
      this.client = new MqttAsyncClient(settings.url(), settings.clientId() + "-out", new MemoryPersistence());
    } catch (MqttException e) {
      throw new IllegalArgumentException("MQTT client cannot be created for " + settings.url() + ": " + e.getMessage(), e);
    }
  }

  /** Connects; a broker not reachable yet is tried again every 2 s, then Paho reconnects by itself. */
  void start() {
    if (stopping) {
      return;
    }
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(true);
    options.setAutomaticReconnect(true);
    options.setMaxReconnectDelay(5_000);
    options.setKeepAliveInterval(20);
    options.setConnectionTimeout(10);
    options.setMaxInflight(IN_FLIGHT_MAX);
    if (!settings.username().isEmpty()) {
      options.setUserName(settings.username());
      options.setPassword(settings.password().toCharArray());
    }
    try {
      client.connect(options, null, new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          LOG.info("mqtt confirmations connected [url: {}, client: {}]", settings.url(), settings.clientId() + "-out");
        }

        @Override
        public void onFailure(IMqttToken token, Throwable e) {
          vertx.setTimer(2_000, id -> start());
        }
      });
    } catch (MqttException e) {
      vertx.setTimer(2_000, id -> start());
    }
  }

  /** After a commit, from any thread. */
  void publish(TicketView ticket) {
    boolean queued;
    synchronized (this) {
      queued = client.isConnected() && outbox.size() < OUTBOX_MAX && outbox.add(ticket);
    }
    if (!queued) {
      metrics.confirmation(false);
      return;
    }
    if (flushScheduled.compareAndSet(false, true)) {
      try {
        sender.execute(() -> {
          flushScheduled.set(false);
          flush();
        });
      } catch (java.util.concurrent.RejectedExecutionException stopped) {
        flushScheduled.set(false);
      }
    }
  }

  /** Sends what waits while the window has room, in order (one sender at a time). */
  private synchronized void flush() {
    while (!outbox.isEmpty() && inFlight.get() < IN_FLIGHT_MAX) {
      TicketView view = outbox.poll();
      TicketState t = view.state();
      String topic = "iloe/v1/sites/" + MqttIngest.segment(t.site()) + "/weighbridges/" + MqttIngest.segment(t.bridge())
          + "/tickets/" + MqttIngest.segment(t.ticket());
      inFlight.incrementAndGet();
      try {
        client.publish(topic, json.apply(view), 1, false, null, listener);
      } catch (MqttException | RuntimeException e) {
        inFlight.decrementAndGet();
        metrics.confirmation(false);
      }
    }
  }

  /** Blocking: disconnects and closes; what is still waiting is dropped. */
  void stop() {
    stopping = true;
    sender.shutdownNow();
    MqttIngest.closeQuietly(client, "mqtt confirmations");
  }
}
