package fr.iloe.tracker;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A plain Paho client for tests: publishes at QoS 1 and collects what it receives. */
public final class MqttClient implements AutoCloseable {
  private final org.eclipse.paho.client.mqttv3.MqttClient client;
  private final List<Received> received = new CopyOnWriteArrayList<>();

  public record Received(String topic, String payload) {}

  public MqttClient(String url) {
    try {
      client = new org.eclipse.paho.client.mqttv3.MqttClient(url, "test-" + UUID.randomUUID(), new MemoryPersistence());
      MqttConnectOptions options = new MqttConnectOptions();
      options.setCleanSession(true);
      options.setMaxInflight(1000);
      client.connect(options);
    } catch (MqttException e) {
      throw new IllegalStateException("cannot connect to " + url, e);
    }
  }

  public void publish(String topic, byte[] payload) {
    try {
      client.publish(topic, payload, 1, false);
    } catch (MqttException e) {
      throw new IllegalStateException("publish failed on " + topic, e);
    }
  }

  public void publish(String topic, String payload) {
    publish(topic, payload.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  public void subscribe(String filter) {
    try {
      client.subscribe(filter, 1, (topic, message) -> received.add(new Received(topic, new String(message.getPayload(),
          java.nio.charset.StandardCharsets.UTF_8))));
    } catch (MqttException e) {
      throw new IllegalStateException("subscribe failed on " + filter, e);
    }
  }

  public List<Received> received() {
    return received;
  }

  /** Removes the persistent session a tracker left on the broker (connect with a clean session, then leave). */
  public static void forgetSession(String url, String clientId) {
    try {
      var c = new org.eclipse.paho.client.mqttv3.MqttClient(url, clientId, new MemoryPersistence());
      MqttConnectOptions options = new MqttConnectOptions();
      options.setCleanSession(true);
      c.connect(options);
      c.disconnect();
      c.close();
    } catch (MqttException e) {
      throw new IllegalStateException("cannot clear session " + clientId, e);
    }
  }

  @Override
  public void close() {
    try {
      client.disconnect();
      client.close();
    } catch (MqttException e) {
      // the test is over
    }
  }
}
