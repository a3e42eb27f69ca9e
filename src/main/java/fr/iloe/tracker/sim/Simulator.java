package fr.iloe.tracker.sim;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Sends a {@link Scenario} to a tracker at a given rate, over MQTT (QoS 1) or HTTP, with a progress line, and
 * checks afterwards, through the API, that the tracker shows what the scenario expects.
 */
public final class Simulator {
  /** Where the tracker is and how to reach it. */
  public record Target(String mqttUrl, String mqttUser, String mqttPassword, String httpUrl, String token) {}

  /** What was sent: messages handed to the broker (PUBACKed) or answered over HTTP, by outcome. */
  public record Sent(long messages, long acknowledged, long accepted, long refused, long failed, double seconds) {
    public JsonObject json() {
      return new JsonObject().put("messages", messages).put("acknowledged", acknowledged).put("accepted", accepted)
          .put("refused", refused).put("failed", failed).put("seconds", seconds);
    }
  }

  private final Target target;
  private final PrintStream progress;

  public Simulator(Target target, PrintStream progress) {
    this.target = target;
    this.progress = progress;
  }

  /**
   * Sends every message, {@code rate} a second (0: as fast as the transport takes them), over {@code channel}
   * ({@code mqtt}, {@code http}, or {@code both}: passes over MQTT, readings over HTTP).
   */
  public Sent send(Scenario scenario, String channel, int rate) throws Exception {
    List<Scenario.Message> messages = scenario.messages();
    AtomicLong acknowledged = new AtomicLong();
    AtomicLong accepted = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    Semaphore window = new Semaphore(500);
    Vertx vertx = Vertx.vertx();
    MqttAsyncClient mqtt = null;
    HttpClient http = null;
    long start = System.nanoTime();
    try {
      if (!channel.equals("http")) {
        mqtt = new MqttAsyncClient(target.mqttUrl(), "simulator-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        // a persistent session: what is in flight when the broker restarts is sent again after the reconnection
        o.setCleanSession(false);
        o.setMaxInflight(1000);
        o.setAutomaticReconnect(true);
        if (target.mqttUser() != null && !target.mqttUser().isEmpty()) {
          o.setUserName(target.mqttUser());
          o.setPassword(target.mqttPassword().toCharArray());
        }
        mqtt.connect(o).waitForCompletion(10_000);
      }
      if (!channel.equals("mqtt")) {
        URI uri = URI.create(target.httpUrl());
        http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(uri.getHost()).setDefaultPort(uri.getPort()),
            new PoolOptions().setHttp1MaxSize(32));
      }
      long last = System.nanoTime();
      for (int i = 0; i < messages.size(); i++) {
        Scenario.Message m = messages.get(i);
        if (rate > 0) {
          long due = start + (long) (i * 1e9 / rate);
          long wait = due - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
        }
        window.acquire();
        boolean overMqtt = channel.equals("mqtt") || (channel.equals("both") && m.kind().equals("pass"));
        if (overMqtt) {
          publish(mqtt, m, acknowledged, failed, window);
        } else {
          post(http, m, accepted, refused, failed, window);
        }
        if (System.nanoTime() - last > 1_000_000_000L) {
          last = System.nanoTime();
          line(i + 1, messages.size(), acknowledged.get() + accepted.get(), refused.get(), failed.get());
        }
      }
      window.acquire(500);
      line(messages.size(), messages.size(), acknowledged.get() + accepted.get(), refused.get(), failed.get());
      progress.println();
    } finally {
      if (mqtt != null) {
        mqtt.disconnect().waitForCompletion(5_000);
        mqtt.close();
        forget(target, mqtt.getClientId());
      }
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
    return new Sent(messages.size(), acknowledged.get(), accepted.get(), refused.get(), failed.get(),
        (System.nanoTime() - start) / 1e9);
  }

  /** Clears the publisher's session on the broker once everything was acknowledged. */
  private static void forget(Target target, String clientId) {
    try {
      MqttAsyncClient c = new MqttAsyncClient(target.mqttUrl(), clientId, new MemoryPersistence());
      MqttConnectOptions o = new MqttConnectOptions();
      o.setCleanSession(true);
      if (target.mqttUser() != null && !target.mqttUser().isEmpty()) {
        o.setUserName(target.mqttUser());
        o.setPassword(target.mqttPassword().toCharArray());
      }
      c.connect(o).waitForCompletion(5_000);
      c.disconnect().waitForCompletion(5_000);
      c.close();
    } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
      // the session expires on its own
    }
  }

  private void line(int sent, int total, long done, long refused, long failed) {
    progress.printf("\rsent %d/%d, taken %d, refused %d, failed %d   ", sent, total, done, refused, failed);
    progress.flush();
  }

  /** QoS 1: the broker's PUBACK means it took the message; the tracker stores it (or quarantines it) after. */
  private static void publish(MqttAsyncClient mqtt, Scenario.Message m, AtomicLong acknowledged, AtomicLong failed,
      Semaphore window) throws Exception {
    while (true) {
      try {
        mqtt.publish(m.topic(), m.payload(), 1, false, null, new org.eclipse.paho.client.mqttv3.IMqttActionListener() {
          @Override
          public void onSuccess(org.eclipse.paho.client.mqttv3.IMqttToken token) {
            acknowledged.incrementAndGet();
            window.release();
          }

          @Override
          public void onFailure(org.eclipse.paho.client.mqttv3.IMqttToken token, Throwable e) {
            failed.incrementAndGet();
            window.release();
          }
        });
        return;
      } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
        // not connected right now (a broker restart): wait for the client to reconnect and send it again
        TimeUnit.MILLISECONDS.sleep(200);
      }
    }
  }

  /** HTTP: 2xx taken, 4xx refused (the malformed ones), 503 and network errors tried again until taken. */
  private void post(HttpClient http, Scenario.Message m, AtomicLong accepted, AtomicLong refused, AtomicLong failed,
      Semaphore window) {
    String path = m.kind().equals("pass") ? "/api/v1/passes" : "/api/v1/readings";
    attempt(http, path, m, 0).onComplete(ar -> {
      if (ar.failed()) {
        failed.incrementAndGet();
      } else if (ar.result() < 300) {
        accepted.incrementAndGet();
      } else {
        refused.incrementAndGet();
      }
      window.release();
    });
  }

  private Future<Integer> attempt(HttpClient http, String path, Scenario.Message m, int tries) {
    return http.request(new RequestOptions().setMethod(HttpMethod.POST).setURI(path)
            .putHeader("Authorization", "Bearer " + target.token()).putHeader("Content-Type", "application/json"))
        .compose(req -> req.send(Buffer.buffer(m.payload())))
        .compose(resp -> resp.body().map(b -> resp.statusCode()))
        .transform(ar -> {
          boolean retry = (ar.failed() || ar.result() == 503 || ar.result() == 429) && tries < 600;
          if (!retry) {
            return ar.succeeded() ? Future.succeededFuture(ar.result()) : Future.failedFuture(ar.cause());
          }
          Promise<Integer> later = Promise.promise();
          Vertx.currentContext().owner().setTimer(200, id -> attempt(http, path, m, tries + 1).onComplete(later));
          return later.future();
        });
  }

  /** The tracker's figures for the scenario's day, and how they differ from the expectation (empty: none). */
  public record Check(JsonObject seen, List<String> differences) {
    public boolean ok() {
      return differences.isEmpty();
    }
  }

  /** Reads the day's tonnages and rates through the API and compares them with the expectation. */
  public Check check(Scenario.Expectation e) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      URI uri = URI.create(target.httpUrl());
      HttpClient http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(uri.getHost()).setDefaultPort(uri.getPort()));
      JsonObject tonnages = get(http, "/api/v1/tonnages?period=" + e.day() + "&groupBy=partner,activity");
      JsonObject rates = get(http, "/api/v1/valorisation?period=" + e.day());
      JsonObject closed = get(http, "/api/v1/tickets?period=" + e.day() + "&status=CLOSED&limit=500");
      long tickets = closed.getJsonArray("items").size();
      while (closed.getString("nextCursor") != null) {
        closed = get(http, "/api/v1/tickets?period=" + e.day() + "&status=CLOSED&limit=500&cursor=" + closed.getString("nextCursor"));
        tickets += closed.getJsonArray("items").size();
      }
      Map<String, Long> kg = new TreeMap<>();
      for (Object o : tonnages.getJsonArray("rows")) {
        JsonObject r = (JsonObject) o;
        kg.put(r.getString("partner") + "/" + r.getString("activity"), r.getLong("kg"));
      }
      List<String> differences = new ArrayList<>();
      if (tickets != e.tickets()) {
        differences.add("closed tickets: " + tickets + ", expected " + e.tickets());
      }
      if (!kg.equals(e.kgByPartnerActivity())) {
        differences.add("kg by partner and activity: " + kg + ", expected " + e.kgByPartnerActivity());
      }
      if (rates.getLong("inKg") != e.inKg()) {
        differences.add("IN kg: " + rates.getLong("inKg") + ", expected " + e.inKg());
      }
      if (rates.getLong("pendingKg") != e.pendingKg()) {
        differences.add("pending kg: " + rates.getLong("pendingKg") + ", expected " + e.pendingKg());
      }
      JsonObject byMode = rates.getJsonObject("byMode");
      e.outByMode().forEach((mode, v) -> {
        if (byMode.getLong(mode.name()) != v.longValue()) {
          differences.add(mode + " kg: " + byMode.getLong(mode.name()) + ", expected " + v);
        }
      });
      JsonObject seen = new JsonObject().put("tickets", tickets).put("kgByPartnerActivity", new JsonObject(new java.util.LinkedHashMap<>(kg)))
          .put("inKg", rates.getLong("inKg")).put("byMode", byMode).put("pendingKg", rates.getLong("pendingKg"))
          .put("materialRate", rates.getValue("materialRate")).put("globalRate", rates.getValue("globalRate"));
      return new Check(seen, differences);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  private JsonObject get(HttpClient http, String path) {
    return http.request(new RequestOptions().setMethod(HttpMethod.GET).setURI(path)
            .putHeader("Authorization", "Bearer " + target.token()))
        .compose(req -> req.send().compose(resp -> resp.body().map(b -> {
          if (resp.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + resp.statusCode() + ": " + b);
          }
          return b.toJsonObject();
        })))
        .await();
  }
}
