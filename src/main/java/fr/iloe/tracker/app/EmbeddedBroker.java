package fr.iloe.tracker.app;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MQTT broker in the tracker's process (Moquette), listening on loopback only, for {@code make run} and
 * tests on a machine without a broker. With a data directory its sessions and queues survive restarts.
 * Blocking: start and stop it off the event loop.
 */
public final class EmbeddedBroker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
  private final Server server;
  private final int port;

  private EmbeddedBroker(Server server, int port) {
    this.server = server;
    this.port = port;
  }

  /** @param dataDir where queued messages and sessions persist; null = in memory */
  public static EmbeddedBroker start(int port, Path dataDir) {
    Properties p = new Properties();
    p.setProperty("host", "127.0.0.1");
    p.setProperty("port", Integer.toString(port));
    p.setProperty("websocket_port", "disabled");
    p.setProperty("telemetry_enabled", "false");
    p.setProperty("allow_anonymous", "true");
    p.setProperty("netty.mqtt.message_size", "65536");
    if (dataDir != null) {
      try {
        Files.createDirectories(dataDir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      p.setProperty("persistence_enabled", "true");
      p.setProperty("data_path", dataDir.toAbsolutePath().toString());
    } else {
      p.setProperty("persistence_enabled", "false");
    }
    Server server = new Server();
    try {
      server.startServer(new MemoryConfig(p));
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded MQTT broker on port " + port, e);
    }
    LOG.info("embedded mqtt broker started [port: {}, data: {}]", port, dataDir == null ? "memory" : dataDir);
    return new EmbeddedBroker(server, port);
  }

  public String url() {
    return "tcp://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    server.stopServer();
  }
}
