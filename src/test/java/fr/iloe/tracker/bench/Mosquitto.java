package fr.iloe.tracker.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * A Mosquitto of the bench's own, on a free loopback port, with the settings of
 * {@code deploy/mosquitto/mosquitto.conf} (persistence, in-flight 1000, queue 1,000,000) and its data in a
 * temporary directory. The machine's own Mosquitto (1883) is never used.
 */
final class Mosquitto implements AutoCloseable {
  final int port;
  final Path dir;
  final Process process;

  private Mosquitto(int port, Path dir, Process process) {
    this.port = port;
    this.dir = dir;
    this.process = process;
  }

  String url() {
    return "tcp://127.0.0.1:" + port;
  }

  long pid() {
    return process.pid();
  }

  static Mosquitto start(Path productionConf) {
    try {
      int port = fr.iloe.tracker.TestEnv.freePort();
      Path dir = Files.createTempDirectory("iloe-bench-mosquitto");
      Path data = Files.createDirectories(dir.resolve("data"));
      // run as root, mosquitto drops to the user "mosquitto": let it write its database here
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
      Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));
      StringBuilder conf = new StringBuilder();
      for (String line : Files.readAllLines(productionConf)) {
        String t = line.trim();
        if (t.startsWith("listener ")) {
          line = "listener " + port + " 127.0.0.1";
        } else if (t.startsWith("persistence_location ")) {
          line = "persistence_location " + data + "/";
        } else if (t.startsWith("log_dest ")) {
          line = "log_dest file " + dir.resolve("mosquitto.log");
        } else if (t.startsWith("allow_anonymous ")) {
          // the bench measures throughput, not the accounts (BrokerAclTest covers those)
          line = "allow_anonymous true";
        } else if (t.startsWith("password_file ") || t.startsWith("acl_file ")) {
          continue;
        }
        conf.append(line).append('\n');
      }
      Path confFile = dir.resolve("mosquitto.conf");
      Files.writeString(confFile, conf);
      Files.setPosixFilePermissions(confFile, PosixFilePermissions.fromString("rw-r--r--"));
      Process p = new ProcessBuilder("mosquitto", "-c", confFile.toString())
          .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (true) {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress("127.0.0.1", port), 200);
          break;
        } catch (IOException e) {
          if (!p.isAlive() || System.nanoTime() > deadline) {
            p.destroyForcibly();
            throw new IllegalStateException("mosquitto did not start on port " + port + ": "
                + Files.readString(dir.resolve("stdout.log")), e);
          }
          Thread.sleep(50);
        }
      }
      return new Mosquitto(port, dir, p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    fr.iloe.tracker.TestEnv.stopProcess(process, 10);
    Bench.deleteTree(dir);
  }
}
