package fr.iloe.tracker.drills;

import fr.iloe.tracker.Await;
import fr.iloe.tracker.TestEnv;
import fr.iloe.tracker.domain.Period;
import fr.iloe.tracker.ingest.ReferenceJson;
import fr.iloe.tracker.ingest.StrictJson;
import fr.iloe.tracker.sim.Scenario;
import fr.iloe.tracker.sim.Simulator;
import java.io.IOException;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The parts a fault drill plays with, each a real process it can stop: a Mosquitto broker (this machine's
 * binary, persistence on), trackers as separate JVMs (so that SIGKILL is real), the simulator's traffic, and the
 * final count: published, stored, duplicated, lost, and the day's figures against the expectation.
 */
final class Drill implements AutoCloseable {
  static final String TOKEN = "drill-admin-token-0123456789";
  private final Path dir;
  private final List<Process> processes = new ArrayList<>();
  final String schema = TestEnv.freshSchema();
  final int brokerPort = TestEnv.freePort();
  Process broker;

  Drill(String name) throws IOException {
    this.dir = Files.createTempDirectory("drill-" + name);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
  }

  static boolean mosquittoInstalled() {
    return Files.isExecutable(Path.of("/usr/sbin/mosquitto")) || Files.isExecutable(Path.of("/usr/bin/mosquitto"));
  }

  String brokerUrl() {
    return "tcp://127.0.0.1:" + brokerPort;
  }

  /** Mosquitto with the production limits, persistence in the drill's folder: a restart keeps the sessions. */
  void startBroker() throws IOException {
    Path conf = dir.resolve("mosquitto.conf");
    Files.writeString(conf, String.join("\n", "listener " + brokerPort + " 127.0.0.1", "allow_anonymous true",
        "persistence true", "persistence_location " + dir + "/", "autosave_interval 1", "max_queued_messages 1000000",
        "max_inflight_messages 1000", "log_dest file " + dir.resolve("mosquitto.log"), ""));
    Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-r--r--"));
    broker = new ProcessBuilder(Files.isExecutable(Path.of("/usr/sbin/mosquitto")) ? "/usr/sbin/mosquitto" : "mosquitto",
        "-c", conf.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.out").toFile()).start();
    processes.add(broker);
    Await.until("the broker on " + brokerPort, Duration.ofSeconds(10), () -> listening(brokerPort));
  }

  /** SIGTERM: Mosquitto saves its database and leaves. */
  void stopBroker() throws InterruptedException {
    broker.destroy();
    broker.waitFor(10, TimeUnit.SECONDS);
  }

  /** A tracker in its own JVM on the drill's schema and broker. */
  Tracker startTracker(String clientId, String databaseUrl, Map<String, String> more) throws IOException {
    int port = TestEnv.freePort();
    Map<String, String> env = new HashMap<>(Map.of("DATABASE_URL", databaseUrl, "DATABASE_SCHEMA", schema,
        "MQTT_URL", brokerUrl(), "MQTT_CLIENT_ID", clientId, "HTTP_HOST", "127.0.0.1", "HTTP_PORT", Integer.toString(port),
        "ADMIN_TOKEN", TOKEN, "REFERENCE_FILE", TestEnv.demoReference().toString(), "DATABASE_POOL_SIZE", "4",
        "RATE_LIMIT_PER_SECOND", "0"));
    env.put("DATA_DIR", dir.resolve("data-" + clientId).toString());
    env.putAll(more);
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
        "-cp", System.getProperty("java.class.path"), "fr.iloe.tracker.Main", "serve")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(clientId + ".log").toFile()));
    pb.environment().putAll(env);
    Process p = pb.start();
    processes.add(p);
    Tracker t = new Tracker(p, port);
    Await.until("tracker " + clientId + " ready", Duration.ofSeconds(90), () -> t.ready() || !p.isAlive());
    if (!p.isAlive()) {
      throw new IllegalStateException("tracker " + clientId + " died at start-up; see " + dir.resolve(clientId + ".log"));
    }
    return t;
  }

  record Tracker(Process process, int port) {
    String http() {
      return "http://127.0.0.1:" + port;
    }

    boolean ready() {
      try {
        HttpURLConnection c = (HttpURLConnection) URI.create(http() + "/health/ready").toURL().openConnection();
        c.setConnectTimeout(500);
        c.setReadTimeout(2000);
        return c.getResponseCode() == 200;
      } catch (IOException e) {
        return false;
      }
    }

    /** SIGKILL: no shutdown hook, nothing flushed, nothing acknowledged that was not committed. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** A day of traffic of {@code trucks} vehicles, for this drill's run. */
  Scenario scenario(String run, int trucks) throws IOException {
    var ref = ReferenceJson.read(StrictJson.parseObject(Files.readAllBytes(TestEnv.demoReference())));
    return Scenario.generate(run.hashCode(), run, ref, "saint-priest", LocalDate.now(Period.ZONE).minusDays(1), trucks);
  }

  Simulator simulator(Tracker t) {
    return new Simulator(new Simulator.Target(brokerUrl(), null, null, t.http(), TOKEN),
        new PrintStream(java.io.OutputStream.nullOutputStream()));
  }

  /** Sends the scenario over MQTT on another thread, so that the drill can break something meanwhile. */
  java.util.concurrent.CompletableFuture<Simulator.Sent> sendInBackground(Simulator sim, Scenario s, int rate) {
    return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return sim.send(s, "mqtt", rate);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** The drill's verdict: what was published, stored (distinct keys), stored twice, lost, and the figures. */
  record Verdict(String drill, long published, long stored, long duplicated, long lost, long ledgerMismatches,
      List<String> figureDifferences) {
    boolean clean() {
      return lost == 0 && duplicated == 0 && ledgerMismatches == 0 && figureDifferences.isEmpty();
    }

    String line() {
      return String.format("| %s | %d | %d | %d | %d | %d | %s |", drill, published, stored, duplicated, lost, ledgerMismatches,
          figureDifferences.isEmpty() ? "equal" : String.join("; ", figureDifferences));
    }
  }

  /** Waits until every valid message is stored (or two minutes pass), then counts. */
  Verdict verdict(String name, Scenario s, Simulator sim) throws Exception {
    return verdict(name, s, sim, TestEnv.databaseUrl(), schema);
  }

  /** The verdict of a drill whose tracker wrote to {@code schema} of the database at {@code db}. */
  Verdict verdict(String name, Scenario s, Simulator sim, String db, String schema) throws Exception {
    long valid = s.messages().stream().filter(Scenario.Message::valid).count();
    String run = s.messages().get(0).key().split("-")[0];
    try {
      Await.until("every valid message stored", Duration.ofSeconds(120), () -> stored(db, schema, run) >= valid);
    } catch (AssertionError e) {
      // counted below as lost
    }
    long stored = stored(db, schema, run);
    long rows = TestEnv.sql(db, "SELECT (SELECT count(*) FROM " + schema + ".pass WHERE key LIKE '" + run + "-%')"
        + " + (SELECT count(*) FROM " + schema + ".reading WHERE key LIKE '" + run + "-%')");
    long mismatches = TestEnv.sql(db, "SELECT count(*) FROM (SELECT a.site, a.ticket, sum(a.kg) AS kg FROM " + schema
        + ".allocation_line a WHERE a.activity IN ('COLLECTION', 'TRANSPORT') GROUP BY 1, 2) l JOIN " + schema
        + ".ticket_current c ON c.site = l.site AND c.ticket = l.ticket WHERE l.kg <> c.net_kg");
    Simulator.Check[] check = {sim.check(s.expectation())};
    try {
      Await.until("the figures equal to the expectation", Duration.ofSeconds(30),
          () -> {
            try {
              return (check[0] = sim.check(s.expectation())).ok();
            } catch (Exception e) {
              throw new IllegalStateException("figures unreadable: " + e.getMessage(), e);
            }
          });
    } catch (AssertionError e) {
      // the differences go into the verdict
    }
    Verdict v = new Verdict(name, valid, stored, rows - stored, Math.max(0, valid - stored), mismatches,
        check[0].differences());
    Path results = Path.of("target/drills/results.md");
    Files.createDirectories(results.getParent());
    if (!Files.exists(results)) {
      Files.writeString(results, "| drill | published | stored | duplicated | lost | ledger mismatches | figures |\n"
          + "|---|---|---|---|---|---|---|\n");
    }
    Files.writeString(results, v.line() + "\n", StandardOpenOption.APPEND);
    System.out.println(v.line());
    return v;
  }

  private static long stored(String db, String schema, String run) {
    return TestEnv.sql(db, "SELECT (SELECT count(DISTINCT key) FROM " + schema + ".pass WHERE key LIKE '" + run + "-%')"
        + " + (SELECT count(DISTINCT key) FROM " + schema + ".reading WHERE key LIKE '" + run + "-%')");
  }

  static boolean listening(int port) {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    for (Process p : processes) {
      p.destroyForcibly();
    }
    TestEnv.dropSchema(TestEnv.databaseUrl(), schema);
  }
}
