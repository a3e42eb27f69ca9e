package fr.iloe.tracker.bench;

import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A terminal publishing at QoS 1 as fast as the broker takes the messages: Paho async client, clean
 * session, at most {@code window} messages awaiting their PUBACK.
 */
final class Publisher implements AutoCloseable {
  private final MqttAsyncClient client;
  private final Semaphore window;
  final AtomicLong acked = new AtomicLong();
  final AtomicLong failed = new AtomicLong();
  private final IMqttActionListener listener = new IMqttActionListener() {
    @Override
    public void onSuccess(IMqttToken token) {
      acked.incrementAndGet();
      window.release();
    }

    @Override
    public void onFailure(IMqttToken token, Throwable e) {
      failed.incrementAndGet();
      window.release();
    }
  };

  Publisher(String url, int window) {
    this.window = new Semaphore(window);
    try {
      client = new MqttAsyncClient(url, "bench-pub-" + UUID.randomUUID().toString().substring(0, 8), new MemoryPersistence());
      MqttConnectOptions options = new MqttConnectOptions();
      options.setCleanSession(true);
      options.setMaxInflight(window);
      options.setKeepAliveInterval(60);
      client.connect(options).waitForCompletion(10_000);
    } catch (MqttException e) {
      throw new IllegalStateException("publisher cannot connect to " + url, e);
    }
  }

  /**
   * Blocks while the window is full; answers once the message is handed to Paho, having written the time
   * (epoch µs) it was handed over in {@code times[index]}.
   */
  void publish(String topic, byte[] payload, long[] times, int index) {
    window.acquireUninterruptibly();
    times[index] = Bench.nowMicros();
    while (true) {
      try {
        client.publish(topic, payload, 1, false, null, listener);
        return;
      } catch (MqttException e) {
        if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) {
          window.release();
          failed.incrementAndGet();
          throw new IllegalStateException("publish failed: " + e.getMessage(), e);
        }
        Thread.onSpinWait();
      }
    }
  }

  @Override
  public void close() {
    try {
      client.disconnect(5_000).waitForCompletion(6_000);
    } catch (MqttException e) {
      // the measure is over
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      // idem
    }
  }
}
