package fr.iloe.tracker.ingest;

import fr.iloe.tracker.domain.Channel;
import fr.iloe.tracker.domain.ConflictException;
import fr.iloe.tracker.domain.InvalidInputException;
import fr.iloe.tracker.domain.TicketState;
import fr.iloe.tracker.live.Metrics;
import fr.iloe.tracker.store.QuarantineStore;
import fr.iloe.tracker.store.ReadingStore;
import fr.iloe.tracker.store.Recorded;
import fr.iloe.tracker.store.StoreUnavailableException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MQTT ingestion of weighing passes, acknowledged only after commit.
 *
 * <p>The Paho client subscribes at QoS 1 with a persistent session ({@code cleanSession=false}) and a
 * stable client id, and acknowledges manually: {@code messageArrivedComplete} is called once the
 * transaction holding the message has committed, or once an unstorable message is in quarantine. Until
 * then the broker keeps the message and redelivers it after a reconnect.
 *
 * <p>When the database is unreachable, nothing is acknowledged: the client disconnects (so the broker keeps
 * queueing for the session), probes the database every second, and reconnects once it answers; the broker
 * then redelivers what was not acknowledged, and idempotency turns repeats into duplicates.
 *
 * <p>{@code messageArrived} runs on Paho's only callback thread: it copies the message, waits for a slot
 * below {@code maxUnacked} (which stops Paho reading from the socket, so the broker holds the rest), hops
 * onto the Vert.x context and returns. It never throws.
 */
public final class MqttIngest implements MqttCallbackExtended {
  private static final Logger LOG = LoggerFactory.getLogger(MqttIngest.class);

  /** The topics of interface.md: {@code iloe/v1/sites/{site}/weighbridges/{bridge}/passes}. */
  public static final String PASS_FILTER = "iloe/v1/sites/+/weighbridges/+/passes";
  /** And {@code iloe/v1/sites/{site}/points/{point}/readings}. */
  public static final String READING_FILTER = "iloe/v1/sites/+/points/+/readings";
  private static final Pattern PASS_TOPIC = Pattern.compile("iloe/v1/sites/([^/]+)/weighbridges/([^/]+)/passes");
  private static final Pattern READING_TOPIC = Pattern.compile("iloe/v1/sites/([^/]+)/points/([^/]+)/readings");

  /** How this client reaches the broker. */
  public record Settings(String url, String clientId, String shareGroup, String username, String password,
      int maxUnacked, boolean publishTickets) {}

  private final Vertx vertx;
  private final Context context;
  private final Settings settings;
  private final PassIngest ingest;
  private final ReadingIngest readings;
  private final QuarantineStore quarantine;
  private final Supplier<Future<Void>> databaseProbe;
  /** The ticket states published back after commit, on a connection of their own; null when off. */
  private final Confirmations confirmations;
  private final Metrics metrics;
  private final Clock clock;
  private final Semaphore slots;
  private final MqttAsyncClient client;

  /**
   * Counts connections: a message is acknowledged only on the connection that delivered it (a message id
   * names another message once the session has moved on). Bumped on Paho's thread when a connection is lost,
   * before any reconnection, and when ingestion pauses.
   */
  private final java.util.concurrent.atomic.AtomicInteger epoch = new java.util.concurrent.atomic.AtomicInteger();
  // confined to the Vert.x context
  private boolean paused;
  private volatile boolean stopping;
  private long retryTimer = -1;
  private volatile boolean subscribed;

  public MqttIngest(Vertx vertx, Context context, Settings settings, PassIngest ingest, ReadingIngest readings,
      QuarantineStore quarantine,
      Supplier<Future<Void>> databaseProbe, Function<fr.iloe.tracker.store.TicketView, byte[]> ticketJson, Metrics metrics, Clock clock) {
    this.vertx = vertx;
    this.context = context;
    this.settings = settings;
    this.ingest = ingest;
    this.readings = readings;
    this.quarantine = quarantine;
    this.databaseProbe = databaseProbe;
    this.confirmations = settings.publishTickets() ? new Confirmations(vertx, settings, ticketJson, metrics) : null;
    this.metrics = metrics;
    this.clock = clock;
    this.slots = new Semaphore(settings.maxUnacked());
    try {
      this.client = new MqttAsyncClient(settings.url(), settings.clientId(), new MemoryPersistence());
    } catch (MqttException e) {
      throw new IllegalArgumentException("MQTT client cannot be created for " + settings.url() + ": " + e.getMessage(), e);
    }
    client.setManualAcks(true);
    client.setCallback(this);
    metrics.gauge(Metrics.MQTT_CONNECTED, "1 while the MQTT client is connected and subscribed", () -> subscribed ? 1 : 0);
    metrics.gauge(Metrics.MQTT_UNACKED, "MQTT messages received and not yet acknowledged",
        () -> settings.maxUnacked() - slots.availablePermits());
    if (confirmations != null) {
      ingest.onRecorded(this::publishTicket);
    }
  }

  /** The subscriptions: passes and readings, through {@code $share/<group>/} when instances share the load. */
  public String[] subscription() {
    String prefix = settings.shareGroup().isEmpty() ? "" : "$share/" + settings.shareGroup() + "/";
    return new String[] {prefix + PASS_FILTER, prefix + READING_FILTER};
  }

  /**
   * Connects and subscribes. A broker that cannot be reached yet does not fail the start: the client keeps
   * trying every few seconds, and readiness reports it.
   */
  public Future<Void> start() {
    if (confirmations != null) {
      confirmations.start();
    }
    Promise<Void> first = Promise.promise();
    context.runOnContext(v -> connect(first));
    return first.future().recover(e -> {
      LOG.warn("mqtt broker not reachable yet, retrying [url: {}]: {}", settings.url(), e.getMessage());
      return Future.succeededFuture();
    });
  }

  public boolean connected() {
    return subscribed;
  }

  private void connect(Promise<Void> done) {
    if (stopping) {
      done.tryComplete();
      return;
    }
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(false);
    options.setAutomaticReconnect(true);
    options.setMaxReconnectDelay(5_000);
    options.setKeepAliveInterval(20);
    options.setConnectionTimeout(10);
    options.setMaxInflight(1_000);
    if (!settings.username().isEmpty()) {
      options.setUserName(settings.username());
      options.setPassword(settings.password().toCharArray());
    }
    try {
      client.connect(options, null, new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          done.tryComplete();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable e) {
          done.tryFail(e);
          context.runOnContext(v -> retryLater());
        }
      });
    } catch (MqttException e) {
      done.tryFail(e);
      retryLater();
    }
  }

  private void retryLater() {
    if (stopping || retryTimer >= 0 || client.isConnected()) {
      return;
    }
    retryTimer = vertx.setTimer(2_000, id -> {
      retryTimer = -1;
      if (!paused && !client.isConnected()) {
        connect(Promise.promise());
      }
    });
  }

  /** Paho thread: after each (re)connection, the subscription again (the broker may have lost the session). */
  @Override
  public void connectComplete(boolean reconnect, String serverUri) {
    context.runOnContext(v -> {
      try {
        String[] filters = subscription();
        client.subscribe(filters, new int[] {1, 1}, null, new IMqttActionListener() {
          @Override
          public void onSuccess(IMqttToken token) {
            int[] granted = token.getGrantedQos() == null ? new int[0] : token.getGrantedQos();
            if (java.util.Arrays.stream(granted).anyMatch(g -> g == 0x80)) {
              LOG.error("mqtt subscription refused by the broker [filters: {}]", String.join(", ", filters));
              return;
            }
            subscribed = true;
            LOG.info("mqtt subscribed [url: {}, client: {}, filters: {}, reconnect: {}]", serverUri, settings.clientId(),
                String.join(", ", filters), reconnect);
          }

          @Override
          public void onFailure(IMqttToken token, Throwable e) {
            LOG.error("mqtt subscription failed [filters: {}]: {}", String.join(", ", filters), e.getMessage());
          }
        });
      } catch (MqttException e) {
        LOG.error("mqtt subscription failed: {}", e.getMessage());
      }
    });
  }

  @Override
  public void connectionLost(Throwable cause) {
    epoch.incrementAndGet();
    subscribed = false;
    LOG.warn("mqtt connection lost, reconnecting [url: {}]: {}", settings.url(), cause == null ? "" : cause.getMessage());
  }

  /**
   * Paho's callback thread: copy, wait for a slot, read the message (here, off the context that runs the
   * transactions), hop onto the context, return. Never throws.
   */
  @Override
  public void messageArrived(String topic, MqttMessage message) {
    Instant receivedAt = clock.instant();
    int id = message.getId();
    int qos = message.getQos();
    byte[] payload = message.getPayload();
    try {
      while (!slots.tryAcquire(1, TimeUnit.SECONDS)) {
        if (stopping) {
          return;
        }
      }
      int arrivalEpoch = epoch.get();
      Supplier<Future<RuntimeException>> outcome = read(topic, payload, receivedAt);
      context.runOnContext(v -> handle(topic, id, qos, payload, receivedAt, arrivalEpoch, outcome));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      slots.release();
      LOG.error("mqtt message not taken [topic: {}, id: {}]", topic, id, e);
    }
  }

  /**
   * Reads a message now and answers what queues it: its future succeeds with null once stored (or a duplicate),
   * with the refusal of a pass or reading that cannot be (kept for the quarantine), and fails when unreadable,
   * invalid or not stored.
   */
  private Supplier<Future<RuntimeException>> read(String topic, byte[] payload, Instant receivedAt) {
    Matcher pass = PASS_TOPIC.matcher(topic);
    if (pass.matches()) {
      Supplier<Future<Recorded>> queue = ingest.read(payload, Channel.MQTT, receivedAt,
          new PassParser.Expected(pass.group(1), pass.group(2)));
      return () -> queue.get().map(Recorded::refusal);
    }
    Matcher reading = READING_TOPIC.matcher(topic);
    if (reading.matches()) {
      Supplier<Future<ReadingStore.Recorded>> queue = readings.read(payload, Channel.MQTT, receivedAt,
          new ReadingParser.Expected(reading.group(1), reading.group(2)));
      return () -> queue.get().map(r -> r.refusal());
    }
    return () -> Future.failedFuture(new InvalidInputException("topic", "is not a topic of interface.md"));
  }

  private void handle(String topic, int id, int qos, byte[] payload, Instant receivedAt, int arrivalEpoch,
      Supplier<Future<RuntimeException>> read) {
    if (paused || arrivalEpoch != epoch.get()) {
      // received before a pause or a reconnection: the broker redelivers it, unacknowledged
      slots.release();
      return;
    }
    Future<RuntimeException> outcome = read.get();
    Future<Void> settled = outcome.transform(ar -> ar.succeeded()
        ? (ar.result() == null ? Future.succeededFuture() : quarantine(topic, payload, receivedAt, ar.result()))
        : settleFailure(topic, payload, receivedAt, ar.cause()));
    settled.onComplete(ar -> {
      if (ar.succeeded()) {
        ack(id, qos, arrivalEpoch);
      } else {
        slots.release();
        pause(ar.cause());
      }
    });
  }

  /** The site level of a pass or reading topic, or null for another topic. */
  static String topicSite(String topic) {
    Matcher pass = PASS_TOPIC.matcher(topic);
    if (pass.matches()) {
      return pass.group(1);
    }
    Matcher reading = READING_TOPIC.matcher(topic);
    return reading.matches() ? reading.group(1) : null;
  }

  /** An unreadable or invalid pass is quarantined; an unavailable database leaves the message unsettled. */
  private Future<Void> settleFailure(String topic, byte[] payload, Instant receivedAt, Throwable failure) {
    if (failure instanceof StoreUnavailableException || failure instanceof OverloadedException) {
      return Future.failedFuture(failure);
    }
    return quarantine(topic, payload, receivedAt, failure);
  }

  private Future<Void> quarantine(String topic, byte[] payload, Instant receivedAt, Throwable why) {
    QuarantineStore.Reason reason;
    List<fr.iloe.tracker.domain.FieldError> errors = List.of();
    if (why instanceof MalformedInputException) {
      reason = QuarantineStore.Reason.MALFORMED;
    } else if (why instanceof InvalidInputException e) {
      reason = QuarantineStore.Reason.INVALID;
      errors = e.errors();
    } else if (why instanceof ConflictException e) {
      reason = QuarantineStore.Reason.CONFLICT;
      errors = e.errors();
    } else {
      reason = QuarantineStore.Reason.INTERNAL;
      LOG.error("mqtt message could not be stored, quarantined [topic: {}]", topic, why);
    }
    // the topic's site first: the broker's ACL lets a site's terminals publish under their own site only, so
    // that site's operators see what their terminals sent, even unreadable or claiming another site
    String site = topicSite(topic);
    String key = null;
    try {
      io.vertx.core.json.JsonObject json = StrictJson.parseObject(payload);
      if (site == null) {
        site = json.getValue("site") instanceof String s ? s : null;
      }
      key = json.getValue("key") instanceof String k ? k : null;
    } catch (RuntimeException unreadable) {
      // a malformed payload has no key
    }
    QuarantineStore.Reason r = reason;
    String keyForLog = key;
    return quarantine.add(new QuarantineStore.Entry(0, Channel.MQTT, topic, payload, receivedAt, null, reason,
            why.getMessage() == null ? why.getClass().getSimpleName() : why.getMessage(), errors, site, key))
        .onSuccess(v -> {
          metrics.quarantined(Channel.MQTT, r.tag());
          LOG.info("mqtt message quarantined [topic: {}, key: {}, reason: {}]: {}", topic, keyForLog, r.tag(),
              why.getMessage());
        })
        .recover(e -> Future.failedFuture(new StoreUnavailableException(e)));
  }

  private void ack(int id, int qos, int arrivalEpoch) {
    slots.release();
    if (arrivalEpoch != epoch.get()) {
      return; // another connection by now: its id may name another message; the redelivery is a duplicate
    }
    if (stopping) {
      return; // the client is closing or closed (Paho then fails with a NullPointerException): redelivered
    }
    try {
      client.messageArrivedComplete(id, qos);
    } catch (MqttException | RuntimeException e) {
      LOG.warn("mqtt acknowledgement not sent [id: {}], the broker will redeliver: {}", id, e.toString());
    }
  }

  /** The database cannot take messages: stop reading until it answers again. */
  private void pause(Throwable cause) {
    if (paused || stopping) {
      return;
    }
    paused = true;
    subscribed = false;
    epoch.incrementAndGet();
    LOG.warn("mqtt ingestion paused, nothing acknowledged until the database answers: {}", cause.getMessage());
    try {
      client.disconnect(0, null, new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          context.runOnContext(v -> probe());
        }

        @Override
        public void onFailure(IMqttToken token, Throwable e) {
          context.runOnContext(v -> probe());
        }
      });
    } catch (MqttException e) {
      probe();
    }
  }

  private void probe() {
    if (stopping) {
      return;
    }
    databaseProbe.get().onComplete(ar -> {
      if (ar.succeeded()) {
        paused = false;
        LOG.info("database answers again, mqtt ingestion resumes");
        connect(Promise.promise());
      } else {
        vertx.setTimer(1_000, id -> probe());
      }
    });
  }

  /** After commit, the ticket's state for the terminal to print (QoS 1, not retained), see {@link Confirmations}. */
  private void publishTicket(Recorded recorded) {
    confirmations.publish(recorded.view());
  }

  /** Blocking: disconnects (waiting up to 2 s) and closes a client; a failure is only logged (we are stopping). */
  static void closeQuietly(MqttAsyncClient client, String what) {
    try {
      if (client.isConnected()) {
        client.disconnect(1_000).waitForCompletion(2_000);
      }
    } catch (MqttException e) {
      LOG.debug("{} disconnect: {}", what, e.getMessage());
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      LOG.debug("{} close: {}", what, e.getMessage());
    }
  }

  /** A topic level for an id: the MQTT wildcards and separators it may contain are percent-encoded. */
  static String segment(String id) {
    return id.replace("%", "%25").replace("/", "%2F").replace("+", "%2B").replace("#", "%23");
  }

  @Override
  public void deliveryComplete(IMqttDeliveryToken token) {
    // this client publishes nothing: the confirmations have their own connection
  }

  /** Disconnects without acknowledging what is still in progress: the broker redelivers it next time. */
  public Future<Void> stop() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      stopping = true;
      subscribed = false;
      if (retryTimer >= 0) {
        vertx.cancelTimer(retryTimer);
      }
      vertx.<Void>executeBlocking(() -> {
        closeQuietly(client, "mqtt");
        if (confirmations != null) {
          confirmations.stop();
        }
        return null;
      }).onComplete(ar -> done.complete());
    });
    return done.future();
  }
}
