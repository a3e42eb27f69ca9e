package fr.iloe.tracker.bench;

import fr.iloe.tracker.Fixtures;
import fr.iloe.tracker.MqttClient;
import fr.iloe.tracker.app.EmbeddedDatabase;
import fr.iloe.tracker.store.Database;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * {@code make bench}: in one run, side by side on this machine and on one broker configuration, the raw
 * broker QoS 1 rate (mosquitto_pub to mosquitto_sub, and Paho to Paho), the raw PostgreSQL batched-insert
 * rate, the tracker (a separate JVM) ingesting MQTT and HTTP passes, and a naive MQTT-to-database peer (one
 * INSERT and commit per message). Prints a table and writes it to {@code target/bench/results.md}.
 *
 * <p>Settings by environment variable, see {@link #usage()}.
 */
public final class Bench {
  static final String TOPIC = "iloe/v1/sites/saint-priest/weighbridges/wb1/passes";
  static final String TOKEN = "bench-admin-token-0123456789";

  // settings
  final int passes = even(intEnv("BENCH_PASSES", 100_000));
  final int httpPasses = even(intEnv("BENCH_HTTP_PASSES", 20_000));
  final int httpConcurrency = intEnv("BENCH_HTTP_CONCURRENCY", 256);
  final int httpWarmup = even(intEnv("BENCH_HTTP_WARMUP", 40_000));
  final int naivePasses = even(intEnv("BENCH_NAIVE_PASSES", passes / 5));
  final int publishers = intEnv("BENCH_PUBLISHERS", 1);
  final int rawPublishers = intEnv("BENCH_RAW_PUBLISHERS", 4);
  final int window = intEnv("BENCH_WINDOW", 1000);
  final int lag = intEnv("BENCH_TICKET_LAG", 1000);
  final int warmup = even(intEnv("BENCH_WARMUP", 100_000));
  final int pacedRate = intEnv("BENCH_PACED_RATE", 2000);
  final int pacedSeconds = intEnv("BENCH_PACED_SECONDS", 10);
  final int httpPacedRate = intEnv("BENCH_HTTP_PACED_RATE", 0);
  final int httpPacedWarmupSeconds = intEnv("BENCH_HTTP_PACED_WARMUP_SECONDS", 10);
  final int pgBatch = intEnv("BENCH_PG_BATCH", 500);
  final String heap = env("BENCH_TRACKER_HEAP", "384m");
  final String trackerJavaOpts = env("BENCH_TRACKER_JAVA_OPTS", "");
  final List<String> steps = Arrays.asList(env("BENCH_STEPS", "broker,postgres,tracker,naive").split(","));
  final List<Boolean> publishTicketModes = Arrays.stream(env("BENCH_PUBLISH_TICKETS", "true,false").split(","))
      .map(String::trim).filter(s -> !s.isEmpty()).map(Boolean::parseBoolean).toList();
  final String run = UUID.randomUUID().toString().replace("-", "").substring(0, 6);
  final Path out = Path.of(env("BENCH_OUT", "target/bench"));

  // services
  String databaseUrl;
  String databaseWhat;
  EmbeddedDatabase embedded;
  Mosquitto broker;
  TrackerProcess tracker;
  final List<String> schemas = new ArrayList<>();
  final Path tmp;

  // results
  final List<Row> rows = new ArrayList<>();
  final List<Row> lastRows = new ArrayList<>();
  final List<String> notes = new ArrayList<>();
  final Map<String, TrackerRun> trackerRuns = new LinkedHashMap<>();
  double rawBroker;
  double rawPg;
  double naive;

  /** One line of the summary table. */
  record Row(String measure, double rate, String unit, String p50, String p99, String detail) {}

  Bench() {
    try {
      tmp = Files.createTempDirectory("iloe-bench");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"))) {
      System.out.println(usage());
      return;
    }
    Bench b = new Bench();
    Runtime.getRuntime().addShutdownHook(new Thread(b::emergencyStop, "bench-cleanup"));
    int status = 0;
    try {
      b.runAll();
    } catch (Throwable t) {
      t.printStackTrace();
      status = 1;
    } finally {
      b.cleanUp();
    }
    System.exit(status);
  }

  static String usage() {
    return """
        make bench  (settings by environment variable)
          BENCH_PASSES=100000          passes published to the tracker over MQTT (half as many tickets)
          BENCH_HTTP_PASSES=20000      passes POSTed to the tracker
          BENCH_HTTP_CONCURRENCY=256   HTTP requests in flight
          BENCH_HTTP_WARMUP=40000      passes POSTed (and stored) before the HTTP measure
          BENCH_NAIVE_PASSES=N/5       passes for the naive one-commit-per-message peer
          BENCH_PUBLISHERS=1           Paho publisher connections (tracker and Paho-to-Paho runs)
          BENCH_RAW_PUBLISHERS=4       mosquitto_pub processes in the second raw broker run
          BENCH_WINDOW=1000            QoS 1 messages in flight per publisher
          BENCH_TICKET_LAG=1000        a ticket's second pass is published this many tickets after its first
          BENCH_WARMUP=100000          passes published to each tracker (and stored) before it is measured
          BENCH_PACED_RATE=2000        passes/s of the paced latency run (0 = none)
          BENCH_PACED_SECONDS=10       length of the paced runs
          BENCH_HTTP_PACED_RATE=0      passes/s of the paced HTTP run (0 = 2,500, or half the full-speed HTTP rate if less)
          BENCH_HTTP_PACED_WARMUP_SECONDS=10  the same pace first, not measured
          BENCH_PUBLISH_TICKETS=true,false  MQTT_PUBLISH_TICKETS of the tracker runs
          BENCH_TRACKER_HEAP=384m      -Xmx of the tracker JVM
          BENCH_TRACKER_JAVA_OPTS=     more options of the tracker JVM (e.g. -XX:StartFlightRecording=...)
          BENCH_STEPS=broker,postgres,tracker,naive  which measures to run
          BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test  (embedded PostgreSQL if unreachable)
          BENCH_OUT=target/bench       where results.md and the logs go
        Any tracker variable set in the environment (INGEST_BATCH_MAX, MQTT_MAX_UNACKED, DATABASE_POOL_SIZE...)
        reaches the tracker; DATABASE_*, MQTT_URL, MQTT_CLIENT_ID, HTTP_* and ADMIN_TOKEN are the bench's.""";
  }

  // ------------------------------------------------------------------------------------------------ the run

  void runAll() throws Exception {
    Files.createDirectories(out);
    say("bench run " + run + ": " + passes + " passes, " + nproc() + " cores");
    openDatabase();
    broker = Mosquitto.start(Path.of("deploy/mosquitto/mosquitto.conf"));
    say("mosquitto " + mosquittoVersion() + " on " + broker.url() + " (settings of deploy/mosquitto/mosquitto.conf)");

    if (steps.contains("broker")) {
      rawMosquitto(1);
      if (rawPublishers > 1) {
        rawMosquitto(rawPublishers);
      }
      rawPaho("");
    }
    if (steps.contains("postgres")) {
      rawPostgres();
    }
    boolean first = true;
    for (boolean publishTickets : steps.contains("tracker") ? publishTicketModes : List.<Boolean>of()) {
      trackerMqtt(publishTickets, first);
      first = false;
    }
    if (naivePasses > 0 && steps.contains("naive")) {
      naivePeer();
    }
    if (steps.contains("broker") && steps.contains("tracker")) {
      rawPaho(" (again, at the end: how much the machine drifted)");
    }
    report();
  }

  void openDatabase() {
    String url = env("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test");
    try (Connection c = jdbc(url)) {
      databaseUrl = url;
      databaseWhat = "PostgreSQL " + scalarText(c, "SHOW server_version") + " at " + URI.create(url).getHost() + ":"
          + URI.create(url).getPort() + " (synchronous_commit " + scalarText(c, "SHOW synchronous_commit") + ", fsync "
          + scalarText(c, "SHOW fsync") + ")";
    } catch (SQLException e) {
      say("database " + url + " unreachable (" + e.getMessage() + "), starting an embedded PostgreSQL");
      embedded = EmbeddedDatabase.start(null);
      databaseUrl = embedded.url();
      try (Connection c = jdbc(databaseUrl)) {
        databaseWhat = "embedded PostgreSQL " + scalarText(c, "SHOW server_version") + " (synchronous_commit "
            + scalarText(c, "SHOW synchronous_commit") + ", fsync " + scalarText(c, "SHOW fsync") + ")";
      } catch (SQLException e2) {
        throw new IllegalStateException(e2);
      }
    }
    say("database: " + databaseWhat);
  }

  // ------------------------------------------------------------------------------------------------ workload

  /**
   * N passes: N/2 tickets, each a {@code first} (loaded truck) and a {@code second} (empty truck). Message
   * {@code 2t} is ticket t's first, {@code 2t+1} its second; each publisher takes the tickets t with
   * {@code t % P == p} and publishes a ticket's second {@code lag} tickets after its first, so that most
   * seconds find their first already committed, as at a real weighbridge.
   */
  static final class Workload {
    final String prefix;
    final int n;
    final byte[][] payloads;
    final int[][] order;
    final long[] publishedMicros;

    Workload(String prefix, int n, int publishers, int lag) {
      this.prefix = prefix;
      this.n = n;
      this.payloads = new byte[n][];
      this.publishedMicros = new long[n];
      Instant base = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
      String ticketPrefix = prefix.toUpperCase(Locale.ROOT);
      for (int t = 0; t < n / 2; t++) {
        Instant at = base.plusSeconds(t % 3600);
        long gross = 12_000 + 20L * (t % 1000);
        long tare = 8_000 + 20L * (t % 100);
        payloads[2 * t] = Fixtures.firstIn(prefix + "-" + (2 * t), ticketPrefix + "-" + t, gross, at).encode()
            .getBytes(StandardCharsets.UTF_8);
        payloads[2 * t + 1] = Fixtures.second(prefix + "-" + (2 * t + 1), ticketPrefix + "-" + t, tare, at.plusSeconds(600))
            .encode().getBytes(StandardCharsets.UTF_8);
      }
      order = new int[publishers][];
      for (int p = 0; p < publishers; p++) {
        List<Integer> tickets = new ArrayList<>();
        for (int t = p; t < n / 2; t += publishers) {
          tickets.add(t);
        }
        int[] seq = new int[tickets.size() * 2];
        int k = 0;
        for (int i = 0; i < tickets.size() + lag; i++) {
          if (i < tickets.size()) {
            seq[k++] = 2 * tickets.get(i);
          }
          if (i >= lag && i - lag < tickets.size()) {
            seq[k++] = 2 * tickets.get(i - lag) + 1;
          }
        }
        order[p] = seq;
      }
    }

    /** The message index of a stored key, -1 if not ours. */
    int index(String key) {
      if (!key.startsWith(prefix + "-")) {
        return -1;
      }
      return Integer.parseInt(key.substring(prefix.length() + 1));
    }
  }

  /** What publishing took: first publish and last PUBACK (epoch µs), failures. */
  record Published(long firstMicros, long lastAckMicros, long failed) {
    double seconds() {
      return (lastAckMicros - firstMicros) / 1e6;
    }
  }

  /**
   * Publishes the workload at QoS 1 with its publishers in parallel, as fast as the broker takes them (or
   * at {@code rate} messages/s overall), recording each message's publish time.
   */
  Published publish(String url, Workload w, String topic, double rate) throws InterruptedException {
    List<Publisher> pubs = new ArrayList<>();
    for (int p = 0; p < w.order.length; p++) {
      pubs.add(new Publisher(url, window));
    }
    CountDownLatch go = new CountDownLatch(1);
    long[] startNanos = new long[1];
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < w.order.length; p++) {
      int[] seq = w.order[p];
      Publisher pub = pubs.get(p);
      double perPublisher = rate / w.order.length;
      Thread t = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int k = 0; k < seq.length; k++) {
          if (perPublisher > 0) {
            long due = startNanos[0] + (long) (k * 1e9 / perPublisher);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
              LockSupport.parkNanos(wait);
            }
          }
          int idx = seq[k];
          pub.publish(topic, w.payloads[idx], w.publishedMicros, idx);
        }
      }, "bench-publisher-" + p);
      t.start();
      threads.add(t);
    }
    startNanos[0] = System.nanoTime();
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (pubs.stream().mapToLong(p -> p.acked.get() + p.failed.get()).sum() < w.n && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    long lastAck = nowMicros();
    long failed = pubs.stream().mapToLong(p -> p.failed.get()).sum();
    pubs.forEach(Publisher::close);
    long first = Arrays.stream(w.publishedMicros).filter(x -> x > 0).min().orElse(0);
    return new Published(first, lastAck, failed);
  }

  // ------------------------------------------------------------------------------------------------ raw broker

  /** mosquitto_pub (K processes, -l, QoS 1) to one mosquitto_sub (QoS 1, -C N), on the bench's broker. */
  void rawMosquitto(int k) throws Exception {
    // mosquitto_pub -l (2.0.11) stops after 65,535 lines: its message ids wrap, and the PUBACK of the first
    // message with the last message's id ends it. Each process gets at most 60,000 lines.
    int n = even(Math.min(passes, 60_000 * k));
    Workload w = new Workload("raw" + k, n, k, 0);
    List<Path> files = new ArrayList<>();
    for (int p = 0; p < k; p++) {
      Path f = tmp.resolve("raw-" + k + "-" + p + ".txt");
      try (var writer = Files.newOutputStream(f)) {
        for (int idx : w.order[p]) {
          writer.write(w.payloads[idx]);
          writer.write('\n');
        }
      }
      files.add(f);
    }
    Path received = tmp.resolve("raw-" + k + "-received.txt");
    String topic = "bench/raw/" + k;
    Process sub = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-p", String.valueOf(broker.port), "-q", "1",
        "-t", topic, "-C", String.valueOf(n), "-i", "bench-sub-" + run + "-" + k)
        .redirectOutput(received.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    awaitSubscriber("bench-sub-" + run + "-" + k);
    Proc.Window cpu = new Proc.Window().process("broker", broker.pid());
    long t0 = System.nanoTime();
    List<Process> pubs = new ArrayList<>();
    for (int p = 0; p < k; p++) {
      pubs.add(new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", String.valueOf(broker.port), "-q", "1",
          "-t", topic, "-l", "-i", "bench-pub-" + run + "-" + k + "-" + p)
          .redirectInput(files.get(p).toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start());
    }
    boolean done = sub.waitFor(300, TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - t0) / 1e9;
    Map<String, Double> cores = cpu.cores();
    for (Process p : pubs) {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    if (!done) {
      sub.destroyForcibly().waitFor();
    }
    long got;
    try (var lines = Files.lines(received)) {
      got = lines.count();
    }
    double rate = got / seconds;
    rawBroker = Math.max(rawBroker, rate);
    rows.add(new Row("raw broker: mosquitto_pub x" + k + " -> mosquitto_sub, QoS 1", rate, "msg/s", "", "",
        got + "/" + n + " received in " + f1(seconds) + " s; broker " + f2(cores.get("broker")) + " cores, machine "
            + f2(cores.get("machine"))
            + (n < passes ? " (at most 60,000 lines per mosquitto_pub -l: its message ids wrap past 65,535)" : "")));
    say(rows.get(rows.size() - 1).toString());
    files.forEach(Bench::deleteQuietly);
    deleteQuietly(received);
  }

  /** Waits until the broker's log shows the subscriber connected, plus a little for its SUBSCRIBE. */
  void awaitSubscriber(String clientId) throws Exception {
    Path log = broker.dir.resolve("mosquitto.log");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log).contains(clientId)) {
        break;
      }
      Thread.sleep(20);
    }
    Thread.sleep(300);
  }

  /** Paho (the tracker's client library) to Paho at QoS 1: async publisher(s), one async subscriber. */
  void rawPaho(String note) throws Exception {
    Workload w = new Workload("paho", passes, publishers, 0);
    AtomicLong got = new AtomicLong();
    CountDownLatch all = new CountDownLatch(1);
    AtomicLong lastMicros = new AtomicLong();
    MqttAsyncClient sub = new MqttAsyncClient(broker.url(), "bench-paho-sub-" + run + note.length(), new MemoryPersistence());
    sub.setCallback(new MqttCallback() {
      @Override
      public void connectionLost(Throwable cause) {}

      @Override
      public void messageArrived(String topic, MqttMessage message) {
        if (got.incrementAndGet() == w.n) {
          lastMicros.set(nowMicros());
          all.countDown();
        }
      }

      @Override
      public void deliveryComplete(IMqttDeliveryToken token) {}
    });
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(true);
    options.setMaxInflight(window);
    sub.connect(options).waitForCompletion(10_000);
    sub.subscribe("bench/paho", 1).waitForCompletion(10_000);
    Proc.Window cpu = new Proc.Window().process("broker", broker.pid()).process("bench", ProcessHandle.current().pid());
    Published pub = publish(broker.url(), w, "bench/paho", 0);
    all.await(120, TimeUnit.SECONDS);
    Map<String, Double> cores = cpu.cores();
    long end = lastMicros.get() > 0 ? lastMicros.get() : nowMicros();
    double seconds = (end - pub.firstMicros()) / 1e6;
    double rate = got.get() / seconds;
    rawBroker = Math.max(rawBroker, rate);
    sub.disconnect().waitForCompletion(5_000);
    sub.close();
    Row row = new Row("raw broker: Paho x" + publishers + " -> Paho, QoS 1 (window " + window + ")" + note, rate, "msg/s",
        "", "", got.get() + "/" + w.n + " received in " + f1(seconds) + " s; broker " + f2(cores.get("broker"))
            + " cores, Paho clients " + f2(cores.get("bench")) + ", machine " + f2(cores.get("machine")));
    if (note.isEmpty()) {
      rows.add(row);
    } else {
      lastRows.add(row);
    }
    say(row.toString());
  }

  // ------------------------------------------------------------------------------------------------ raw PostgreSQL

  static final String INSERT_PASSES = "INSERT INTO pass (site, key, ticket, bridge, seq, at, weight_kg, direction,"
      + " plate, carrier, waste_code, origin_point, origin_insee, destination, operation, mode, manual, manual_reason,"
      + " stored_tare_kg, channel, received_at)"
      + " SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::bigint[],"
      + " $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[],"
      + " $17::boolean[], $18::text[], $19::bigint[], $20::text[], $21::timestamptz[])";

  /**
   * The same {@code pass} table (the tracker's migrations, same indexes), rows of the same passes, one
   * {@code INSERT ... SELECT FROM unnest(...)} of {@code pgBatch} rows per commit, one session, one statement
   * in flight: the tracker's write path without reading, checking or the ticket versions.
   */
  void rawPostgres() throws Exception {
    Workload w = new Workload("pg", passes, 1, 0);
    String schema = schema("raw");
    new Database(databaseUrl, schema).migrate();
    Vertx vertx = Vertx.vertx();
    Pool pool = new Database(databaseUrl, schema).pool(vertx, 1);
    List<Tuple> batches = new ArrayList<>();
    for (int from = 0; from < w.n; from += pgBatch) {
      batches.add(passTuple(w, from, Math.min(w.n, from + pgBatch)));
    }
    pool.query("SELECT 1").execute().await();
    Proc.Window cpu = new Proc.Window().processesNamed("postgres", "postgres");
    long t0 = System.nanoTime();
    for (Tuple t : batches) {
      pool.preparedQuery(INSERT_PASSES).execute(t).await();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    Map<String, Double> cores = cpu.cores();
    pool.close().await();
    vertx.close().await();
    long stored;
    try (Connection c = jdbc(databaseUrl)) {
      stored = scalar(c, "SELECT count(*) FROM " + schema + ".pass");
    }
    rawPg = stored / seconds;
    rows.add(new Row("raw PostgreSQL: INSERT ... unnest, " + pgBatch + " rows per commit, 1 session", rawPg, "rows/s", "", "",
        stored + " rows in " + f1(seconds) + " s; postgres " + f2(cores.get("postgres")) + " cores, machine "
            + f2(cores.get("machine"))));
    say(rows.get(rows.size() - 1).toString());
    dropSchema(schema);
  }

  static Tuple passTuple(Workload w, int from, int to) {
    int n = to - from;
    String[][] text = new String[16][n];
    OffsetDateTime[] at = new OffsetDateTime[n];
    OffsetDateTime[] received = new OffsetDateTime[n];
    Long[] kg = new Long[n];
    Boolean[] manual = new Boolean[n];
    Long[] tare = new Long[n];
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    for (int i = 0; i < n; i++) {
      JsonObject p = new JsonObject(Buffer.buffer(w.payloads[from + i]));
      JsonObject origin = p.getJsonObject("origin");
      String[] v = {p.getString("site"), p.getString("key"), p.getString("ticket"), p.getString("bridge"),
          p.getString("seq"), p.getString("direction"), p.getString("plate"), p.getString("carrier"),
          p.getString("wasteCode"), origin == null ? null : origin.getString("point"),
          origin == null ? null : origin.getString("insee"), p.getString("destination"), p.getString("operation"),
          p.getString("mode"), null, "mqtt"};
      for (int c = 0; c < v.length; c++) {
        text[c][i] = v[c];
      }
      at[i] = OffsetDateTime.parse(p.getString("at"));
      received[i] = now;
      kg[i] = p.getLong("weightKg");
      manual[i] = p.getBoolean("manual", false);
    }
    Tuple t = Tuple.tuple();
    t.addValue(text[0]).addValue(text[1]).addValue(text[2]).addValue(text[3]).addValue(text[4]).addValue(at).addValue(kg)
        .addValue(text[5]).addValue(text[6]).addValue(text[7]).addValue(text[8]).addValue(text[9]).addValue(text[10])
        .addValue(text[11]).addValue(text[12]).addValue(text[13]).addValue(manual).addValue(text[14]).addValue(tare)
        .addValue(text[15]).addValue(received);
    return t;
  }

  // ------------------------------------------------------------------------------------------------ the tracker

  /** What one tracker run measured. */
  static final class TrackerRun {
    String label;
    boolean publishTickets;
    int n;
    long stored;
    long distinct;
    long lost;
    long duplicated;
    long quarantined;
    long closedTickets;
    double seconds;
    double passesPerSecond;
    double ticketsPerSecond;
    double publishSeconds;
    long[] latencyMicros;
    Map<String, Double> cores;
    Map<String, Double> threadCores;
    long vmHwmKb;
    long vmRssKb;
    Map<String, Double> metrics;
    double pacedRate;
    long[] pacedLatencyMicros;
    double pacedPassesPerSecond;
    Map<String, Double> pacedCores;
    // HTTP
    int httpN;
    double httpPerSecond;
    long[] httpLatencyMicros;
    Map<Integer, Integer> httpStatuses;
    long httpStored;
    Map<String, Double> httpCores;
    Map<String, Double> httpThreadCores;
    double httpTransactions;
    double httpMeanBatch;
    double httpPacedRate;
    double httpPacedPerSecond;
    long[] httpPacedLatencyMicros;
  }

  void trackerMqtt(boolean publishTickets, boolean withHttpAndPaced) throws Exception {
    String label = "mqtt-publish-tickets-" + publishTickets;
    String schema = schema(publishTickets ? "tt" : "tf");
    tracker = TrackerProcess.start(this, label, schema, publishTickets);
    say("tracker " + label + " ready [pid " + tracker.pid() + ", schema " + schema + "]");
    TrackerRun r = new TrackerRun();
    r.label = label;
    r.publishTickets = publishTickets;
    r.n = passes;
    trackerRuns.put(label, r);
    Workload w = new Workload("m" + (publishTickets ? "t" : "f") + run, passes, publishers, lag);
    try (Connection c = jdbc(databaseUrl)) {
      if (warmup > 0) {
        Workload ww = new Workload("w" + (publishTickets ? "t" : "f") + run, warmup, publishers, lag);
        publish(broker.url(), ww, TOPIC, 0);
        long got = awaitCount(c, schema, ww.prefix, ww.n, Duration.ofSeconds(60));
        say("  warm-up: " + got + "/" + ww.n + " passes stored");
        Thread.sleep(1_000);
      }
      Proc.Window cpu = cpuWindow();
      Map<String, Long> threads0 = Proc.threadTicks(tracker.pid());
      long wall0 = System.nanoTime();
      Published pub = publish(broker.url(), w, TOPIC, 0);
      r.publishSeconds = pub.seconds();
      awaitCount(c, schema, w.prefix, w.n, Duration.ofSeconds(60));
      r.cores = cpu.cores();
      r.threadCores = Proc.threadCores(threads0, Proc.threadTicks(tracker.pid()), (System.nanoTime() - wall0) / 1e9);
      r.vmHwmKb = Proc.statusKb(tracker.pid(), "VmHWM");
      r.vmRssKb = Proc.statusKb(tracker.pid(), "VmRSS");
      Thread.sleep(3_000); // quiet wait: anything late or redelivered shows now
      Collected got = collect(c, schema, w);
      r.stored = got.rows;
      r.distinct = got.distinct;
      r.lost = w.n - got.distinct;
      r.duplicated = got.rows - got.distinct;
      r.latencyMicros = got.latencies;
      r.seconds = (got.lastRecordedMicros - pub.firstMicros()) / 1e6;
      r.passesPerSecond = got.distinct / r.seconds;
      r.closedTickets = scalar(c, "SELECT count(*) FROM " + schema + ".ticket_current WHERE status = 'CLOSED' AND ticket LIKE '"
          + w.prefix.toUpperCase(Locale.ROOT) + "-%'");
      r.ticketsPerSecond = r.closedTickets / r.seconds;
      r.quarantined = scalar(c, "SELECT count(*) FROM " + schema + ".quarantine");
      r.metrics = tracker.metrics();
      say(label + ": " + got.distinct + "/" + w.n + " passes in " + f1(r.seconds) + " s = " + f0(r.passesPerSecond)
          + " passes/s, " + f0(r.ticketsPerSecond) + " tickets/s; p50 " + ms(pct(r.latencyMicros, 50)) + " p99 "
          + ms(pct(r.latencyMicros, 99)) + "; lost " + r.lost + ", duplicated " + r.duplicated + ", quarantined "
          + r.quarantined + "; tracker " + f2(r.cores.get("tracker")) + " cores, VmHWM " + r.vmHwmKb / 1024 + " MB");

      if (withHttpAndPaced && pacedRate > 0) {
        Workload pw = new Workload("p" + run, even(pacedRate * pacedSeconds), publishers, lag);
        Proc.Window pcpu = cpuWindow();
        Published pp = publish(broker.url(), pw, TOPIC, pacedRate);
        awaitCount(c, schema, pw.prefix, pw.n, Duration.ofSeconds(60));
        r.pacedCores = pcpu.cores();
        Collected pg = collect(c, schema, pw);
        r.pacedRate = pacedRate;
        r.pacedLatencyMicros = pg.latencies;
        r.pacedPassesPerSecond = pg.distinct / ((pg.lastRecordedMicros - pp.firstMicros()) / 1e6);
        say(label + " paced at " + pacedRate + "/s: " + pg.distinct + "/" + pw.n + " stored, p50 " + ms(pct(pg.latencies, 50))
            + " p99 " + ms(pct(pg.latencies, 99)) + "; tracker " + f2(r.pacedCores.get("tracker")) + " cores");
      }
      if (withHttpAndPaced && httpPasses > 0) {
        http(c, schema, r);
      }
      r.vmHwmKb = Math.max(r.vmHwmKb, Proc.statusKb(tracker.pid(), "VmHWM"));
    } finally {
      tracker.stop();
      MqttClient.forgetSession(broker.url(), tracker.clientId);
      tracker = null;
      dropSchema(schema);
    }
  }

  Proc.Window cpuWindow() {
    return new Proc.Window().process("tracker", tracker.pid()).process("broker", broker.pid())
        .process("bench", ProcessHandle.current().pid()).processesNamed("postgres", "postgres");
  }

  /**
   * Waits until all of a workload's passes are stored, or nothing more arrives for {@code stall}. It polls
   * only the rows added since its last look (a range of the primary key), so that the waiting costs the
   * database next to nothing: a count over the whole table every 100 ms would take a good part of a core from
   * the PostgreSQL being measured once the table holds 100,000 passes. Ids are not committed strictly in
   * order, so a full count confirms the end and resynchronises the running count whenever it stops moving.
   */
  static long awaitCount(Connection c, String schema, String prefix, int n, Duration stall) throws Exception {
    String match = " FROM " + schema + ".pass WHERE key LIKE '" + prefix + "-%'";
    long counted = 0;
    long seenId = 0;
    long last = -1;
    long lastChange = System.nanoTime();
    boolean resynced = false;
    while (true) {
      // the id inlined, not a parameter: a generic plan for "id > $1" would scan the whole table
      try (Statement st = c.createStatement();
           ResultSet rs = st.executeQuery("SELECT count(*) FILTER (WHERE key LIKE '" + prefix + "-%'), max(id) FROM "
               + schema + ".pass WHERE id > " + seenId)) {
        rs.next();
        counted += rs.getLong(1);
        seenId = Math.max(seenId, rs.getLong(2));
      }
      if (counted >= n) {
        long full = scalar(c, "SELECT count(*)" + match);
        if (full >= n) {
          return full;
        }
        counted = full;
      }
      if (counted != last) {
        last = counted;
        lastChange = System.nanoTime();
        resynced = false;
      } else if (!resynced && System.nanoTime() - lastChange > 1_000_000_000L) {
        counted = scalar(c, "SELECT count(*)" + match);
        resynced = true;
        continue;
      } else if (System.nanoTime() - lastChange > stall.toNanos()) {
        say("  stalled at " + counted + "/" + n + " passes");
        return counted;
      }
      Thread.sleep(100);
    }
  }

  record Collected(long rows, long distinct, long[] latencies, long lastRecordedMicros) {}

  /** Stored rows of a workload, and each one's publish-to-commit latency (recorded_at - publish time). */
  static Collected collect(Connection c, String schema, Workload w) throws SQLException {
    long rows = 0;
    long[] lat = new long[w.n];
    boolean[] seen = new boolean[w.n];
    long distinct = 0;
    long last = 0;
    try (Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT key, (extract(epoch FROM recorded_at) * 1000000)::bigint FROM " + schema
             + ".pass WHERE key LIKE '" + w.prefix + "-%'")) {
      while (rs.next()) {
        rows++;
        int idx = w.index(rs.getString(1));
        long rec = rs.getLong(2);
        last = Math.max(last, rec);
        if (idx >= 0 && idx < w.n && !seen[idx]) {
          seen[idx] = true;
          lat[(int) distinct++] = rec - w.publishedMicros[idx];
        }
      }
    }
    long[] latencies = Arrays.copyOf(lat, (int) distinct);
    Arrays.sort(latencies);
    return new Collected(rows, distinct, latencies, last);
  }

  /** What posting a workload over HTTP gave. */
  record Posted(double seconds, long[] latencyMicros, Map<Integer, Integer> statuses) {}

  /** Posts every pass of the workload with {@code httpConcurrency} requests in flight (Vert.x WebClient). */
  Posted post(Workload w) throws Exception {
    return post(w, 0);
  }

  /** {@link #post(Workload, double)}, failing unless every pass was created: a rate of refusals would mean nothing. */
  Posted postAll(Workload w, double rate, String what) throws Exception {
    Posted p = post(w, rate);
    if (!p.statuses().keySet().equals(java.util.Set.of(201))) {
      throw new IllegalStateException(what + " not all stored (statuses " + p.statuses() + ")");
    }
    return p;
  }

  /**
   * The workload POSTed in its order. With {@code rate} 0, {@code httpConcurrency} requests in flight, each
   * answer sending the next (the most the tracker takes). With a rate, open loop: request k leaves at k / rate
   * seconds whatever the answers, over at most {@code httpConcurrency} connections, and its latency counts from
   * the time it was due, so that a request held back behind slow answers counts its wait.
   */
  Posted post(Workload w, double rate) throws Exception {
    int[] seq = w.order[0];
    Vertx vertx = Vertx.vertx();
    WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(tracker.httpPort).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(httpConcurrency)
        .setMaxWaitQueueSize(-1));
    long[] lat = new long[w.n];
    Map<Integer, Integer> statuses = new java.util.concurrent.ConcurrentHashMap<>();
    AtomicInteger next = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(w.n);
    long t0 = System.nanoTime();
    java.util.function.IntConsumer[] send = new java.util.function.IntConsumer[1];
    send[0] = k -> {
      int idx = seq[k];
      long start = rate > 0 ? t0 + (long) (k * 1e9 / rate) : System.nanoTime();
      client.post("/api/v1/passes").putHeader("Authorization", "Bearer " + TOKEN)
          .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(w.payloads[idx]))
          .onComplete(ar -> {
            lat[k] = (System.nanoTime() - start) / 1000;
            statuses.merge(ar.succeeded() ? ar.result().statusCode() : -1, 1, Integer::sum);
            done.countDown();
            if (rate == 0) {
              int n = next.getAndIncrement();
              if (n < w.n) {
                send[0].accept(n);
              }
            }
          });
    };
    vertx.runOnContext(v -> {
      if (rate == 0) {
        for (int i = 0; i < httpConcurrency; i++) {
          int n = next.getAndIncrement();
          if (n < w.n) {
            send[0].accept(n);
          }
        }
      } else {
        vertx.setPeriodic(1, id -> {
          long due = Math.min(w.n, (long) ((System.nanoTime() - t0) / 1e9 * rate) + 1);
          for (int n = next.get(); n < due; n = next.get()) {
            next.incrementAndGet();
            send[0].accept(n);
          }
          if (next.get() >= w.n) {
            vertx.cancelTimer(id);
          }
        });
      }
    });
    done.await(300, TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - t0) / 1e9;
    client.close();
    vertx.close().await();
    if (rate > 0) {
      // the open-loop run's latencies in the order the requests were due: where the slow ones fall in time
      StringBuilder csv = new StringBuilder("request,due_ms,latency_ms\n");
      for (int k = 0; k < w.n; k++) {
        csv.append(k).append(',').append(f1(k * 1e3 / rate).replace(",", "")).append(',')
            .append(f1(lat[k] / 1e3).replace(",", "")).append('\n');
      }
      Files.writeString(out.resolve("http-paced-" + w.prefix + ".csv"), csv);
    }
    Arrays.sort(lat);
    return new Posted(seconds, lat, new java.util.TreeMap<>(statuses));
  }

  /** M passes POSTed to the tracker with {@code httpConcurrency} requests in flight, after an HTTP warm-up. */
  void http(Connection c, String schema, TrackerRun r) throws Exception {
    if (httpWarmup > 0) {
      Posted warm = post(new Workload("hw" + run, httpWarmup, 1, lag));
      say("  http warm-up: " + httpWarmup + " passes, statuses " + warm.statuses());
    }
    Workload w = new Workload("h" + run, httpPasses, 1, lag);
    Map<String, Double> before = tracker.metrics();
    Proc.Window cpu = cpuWindow();
    Map<String, Long> threads0 = Proc.threadTicks(tracker.pid());
    Posted p = postAll(w, 0, "HTTP passes");
    r.httpCores = cpu.cores();
    r.httpThreadCores = Proc.threadCores(threads0, Proc.threadTicks(tracker.pid()), p.seconds());
    Map<String, Double> after = tracker.metrics();
    String count = "iloe_ingest_batch_messages_count";
    String sum = "iloe_ingest_batch_messages_sum";
    r.httpTransactions = after.getOrDefault(count, 0.0) - before.getOrDefault(count, 0.0);
    r.httpMeanBatch = (after.getOrDefault(sum, 0.0) - before.getOrDefault(sum, 0.0)) / r.httpTransactions;
    r.httpN = w.n;
    r.httpPerSecond = w.n / p.seconds();
    r.httpLatencyMicros = p.latencyMicros();
    r.httpStatuses = p.statuses();
    r.httpStored = scalar(c, "SELECT count(DISTINCT key) FROM " + schema + ".pass WHERE key LIKE '" + w.prefix + "-%'");
    say("http: " + w.n + " passes in " + f1(p.seconds()) + " s = " + f0(r.httpPerSecond) + " passes/s; p50 "
        + ms(pct(p.latencyMicros(), 50)) + " p99 " + ms(pct(p.latencyMicros(), 99)) + "; statuses " + r.httpStatuses
        + "; stored " + r.httpStored + "; " + f0(r.httpTransactions) + " transactions, mean batch " + f1(r.httpMeanBatch)
        + "; threads " + r.httpThreadCores);

    // the issue asks for the p99 at half the target rate (2,500 passes/s); when the tracker has just measured less
    // than twice that, the paced run goes at half its own rate (BENCH_HTTP_PACED_RATE sets another)
    r.httpPacedRate = httpPacedRate > 0 ? httpPacedRate : Math.max(1, Math.min(2_500, Math.floor(r.httpPerSecond / 2)));
    if (httpPacedWarmupSeconds > 0) {
      // the same open loop, not measured: the first seconds at a new pace still compile (tracker and client)
      Workload ww = new Workload("hpw" + run, even((int) Math.max(2, r.httpPacedRate * httpPacedWarmupSeconds)), 1, lag);
      postAll(ww, r.httpPacedRate, "paced HTTP warm-up passes");
    }
    Workload pw = new Workload("hp" + run, even((int) Math.max(2, r.httpPacedRate * pacedSeconds)), 1, lag);
    Posted pp = postAll(pw, r.httpPacedRate, "paced HTTP passes");
    r.httpPacedLatencyMicros = pp.latencyMicros();
    r.httpPacedPerSecond = pw.n / pp.seconds();
    say("http paced at " + f0(r.httpPacedRate) + "/s: " + pw.n + " passes, p50 " + ms(pct(pp.latencyMicros(), 50)) + " p99 "
        + ms(pct(pp.latencyMicros(), 99)));
  }

  // ------------------------------------------------------------------------------------------------ naive peer

  /**
   * A simple MQTT-to-database bridge: a Paho subscriber at QoS 1 (acknowledging, as Paho does by default,
   * when {@code messageArrived} returns) that parses each message and INSERTs it into a {@code pass} table
   * with one commit per message.
   */
  void naivePeer() throws Exception {
    String schema = schema("naive");
    new Database(databaseUrl, schema).migrate();
    Workload w = new Workload("n" + run, naivePasses, publishers, lag);
    AtomicLong stored = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    Connection db = jdbc(databaseUrl);
    db.setAutoCommit(true);
    PreparedStatement insert = db.prepareStatement("INSERT INTO " + schema + ".pass (site, key, ticket, bridge, seq, at,"
        + " weight_kg, direction, plate, carrier, waste_code, origin_point, origin_insee, manual, channel, received_at)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'mqtt', now())");
    org.eclipse.paho.client.mqttv3.MqttClient sub = new org.eclipse.paho.client.mqttv3.MqttClient(broker.url(),
        "bench-naive-" + run, new MemoryPersistence());
    sub.setCallback(new MqttCallback() {
      @Override
      public void connectionLost(Throwable cause) {}

      @Override
      public void messageArrived(String topic, MqttMessage message) throws Exception {
        JsonObject p = new JsonObject(Buffer.buffer(message.getPayload()));
        JsonObject origin = p.getJsonObject("origin");
        insert.setString(1, p.getString("site"));
        insert.setString(2, p.getString("key"));
        insert.setString(3, p.getString("ticket"));
        insert.setString(4, p.getString("bridge"));
        insert.setString(5, p.getString("seq"));
        insert.setObject(6, OffsetDateTime.parse(p.getString("at")));
        insert.setLong(7, p.getLong("weightKg"));
        insert.setString(8, p.getString("direction"));
        insert.setString(9, p.getString("plate"));
        insert.setString(10, p.getString("carrier"));
        insert.setString(11, p.getString("wasteCode"));
        insert.setString(12, origin == null ? null : origin.getString("point"));
        insert.setString(13, origin == null ? null : origin.getString("insee"));
        insert.setBoolean(14, p.getBoolean("manual", false));
        try {
          insert.executeUpdate();
          stored.incrementAndGet();
        } catch (SQLException e) {
          errors.incrementAndGet();
        }
      }

      @Override
      public void deliveryComplete(IMqttDeliveryToken token) {}
    });
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(false);
    sub.connect(options);
    sub.subscribe(TOPIC, 1);
    Proc.Window cpu = new Proc.Window().process("broker", broker.pid()).process("bench", ProcessHandle.current().pid())
        .processesNamed("postgres", "postgres");
    Published pub = publish(broker.url(), w, TOPIC, 0);
    try (Connection c = jdbc(databaseUrl)) {
      awaitCount(c, schema, w.prefix, w.n, Duration.ofSeconds(30));
      Map<String, Double> cores = cpu.cores();
      Collected got = collect(c, schema, w);
      double seconds = (got.lastRecordedMicros - pub.firstMicros()) / 1e6;
      naive = got.distinct / seconds;
      rows.add(new Row("naive peer: Paho QoS 1 -> one INSERT + commit per message (JDBC)", naive, "passes/s",
          ms(pct(got.latencies, 50)), ms(pct(got.latencies, 99)),
          got.distinct + "/" + w.n + " stored in " + f1(seconds) + " s (publishing took " + f1(pub.seconds()) + " s), "
              + errors.get() + " errors; bench JVM " + f2(cores.get("bench")) + " cores, postgres " + f2(cores.get("postgres"))
              + ", machine " + f2(cores.get("machine"))));
      say(rows.get(rows.size() - 1).toString());
    } finally {
      sub.disconnect();
      sub.close();
      MqttClient.forgetSession(broker.url(), "bench-naive-" + run);
      insert.close();
      db.close();
      dropSchema(schema);
    }
  }

  // ------------------------------------------------------------------------------------------------ report

  void report() throws IOException {
    StringBuilder md = new StringBuilder();
    String date = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME.withLocale(Locale.ROOT));
    md.append("# Ingestion benchmark (`make bench`)\n\n");
    md.append("Run ").append(run).append(", ").append(date).append(". All measures below come from this one run, one after the other,")
        .append(" on the same machine, broker settings and database.\n\n");
    md.append("## Machine and settings\n\n");
    md.append("- machine: ").append(nproc()).append(" cores (nproc), ").append(memTotal()).append(", ").append(cpuModel()).append('\n');
    md.append("- JDK: ").append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.runtime.version"))
        .append('\n');
    md.append("- broker: Mosquitto ").append(mosquittoVersion()).append(", own instance on 127.0.0.1:").append(broker == null ? 0 : broker.port)
        .append(" with the settings of `deploy/mosquitto/mosquitto.conf` (persistence on, autosave 10 s, max_inflight_messages")
        .append(" 1000, max_queued_messages 1000000)\n");
    md.append("- database: ").append(databaseWhat).append('\n');
    md.append("- tracker: separate JVM, `java -Xmx").append(heap).append(" -cp 'target/classes:target/lib/*' fr.iloe.tracker.Main serve`")
        .append(", INGEST_BATCH_MAX=").append(env("INGEST_BATCH_MAX", "500")).append(", MQTT_MAX_UNACKED=")
        .append(env("MQTT_MAX_UNACKED", "1000")).append(", DATABASE_POOL_SIZE=").append(env("DATABASE_POOL_SIZE", "8"))
        .append(", demo reference data\n");
    md.append("- load: ").append(passes).append(" passes (").append(passes / 2).append(" tickets, first + second, the second ")
        .append(lag).append(" tickets after its first) published at QoS 1 by ").append(publishers)
        .append(" Paho async client(s), window ").append(window).append(" each, as fast as the broker takes them, after a warm-up of ")
        .append(warmup).append(" passes (JIT) on the same tracker; HTTP: ")
        .append(httpPasses).append(" passes, ").append(httpConcurrency).append(" requests in flight (Vert.x WebClient)\n\n");

    md.append("## Summary\n\n");
    md.append("| measure | rate | unit | p50 | p99 | detail |\n|---|---:|---|---:|---:|---|\n");
    List<Row> all = new ArrayList<>(rows);
    for (TrackerRun r : trackerRuns.values()) {
      all.add(new Row("tracker MQTT, MQTT_PUBLISH_TICKETS=" + r.publishTickets + ": passes committed", r.passesPerSecond,
          "passes/s", ms(pct(r.latencyMicros, 50)), ms(pct(r.latencyMicros, 99)),
          r.distinct + "/" + r.n + " in " + f1(r.seconds) + " s, first publish to last commit"));
      all.add(new Row("tracker MQTT, MQTT_PUBLISH_TICKETS=" + r.publishTickets + ": tickets closed", r.ticketsPerSecond,
          "tickets/s", "", "", r.closedTickets + " tickets closed"));
      if (r.pacedLatencyMicros != null) {
        all.add(new Row("tracker MQTT paced at " + f0(r.pacedRate) + " passes/s (latency under sustained load)",
            r.pacedPassesPerSecond, "passes/s", ms(pct(r.pacedLatencyMicros, 50)), ms(pct(r.pacedLatencyMicros, 99)),
            r.pacedLatencyMicros.length + " passes over " + pacedSeconds + " s; tracker " + f2(r.pacedCores.get("tracker"))
                + " cores"));
      }
      if (r.httpLatencyMicros != null) {
        all.add(new Row("tracker HTTP POST /api/v1/passes, " + httpConcurrency + " in flight", r.httpPerSecond, "passes/s",
            ms(pct(r.httpLatencyMicros, 50)), ms(pct(r.httpLatencyMicros, 99)),
            "statuses " + r.httpStatuses + ", " + r.httpStored + " stored, " + f0(r.httpTransactions)
                + " transactions (mean batch " + f1(r.httpMeanBatch) + "), after a warm-up of " + httpWarmup
                + "; request to response; tracker " + f2(r.httpCores.get("tracker")) + " cores ("
                + r.httpThreadCores.entrySet().stream().limit(3).map(e -> e.getKey() + " " + f2(e.getValue()))
                    .collect(java.util.stream.Collectors.joining(", ")) + "), machine " + f2(r.httpCores.get("machine"))));
        all.add(new Row("tracker HTTP paced at " + f0(r.httpPacedRate) + " passes/s, open loop", r.httpPacedPerSecond,
            "passes/s", ms(pct(r.httpPacedLatencyMicros, 50)), ms(pct(r.httpPacedLatencyMicros, 99)),
            r.httpPacedLatencyMicros.length + " passes, after " + httpPacedWarmupSeconds + " s at that pace not measured;"
                + " latency from the time each request was due to its response"));
      }
    }
    all.addAll(lastRows);
    for (Row row : all) {
      md.append("| ").append(row.measure()).append(" | ").append(f0(row.rate())).append(" | ").append(row.unit()).append(" | ")
          .append(row.p50()).append(" | ").append(row.p99()).append(" | ").append(row.detail()).append(" |\n");
    }
    md.append("\nMQTT latency = pass.recorded_at (clock_timestamp() at insert, in the committing transaction) minus the")
        .append(" time the bench handed the message to its publisher; in the full-speed runs it includes the wait in the")
        .append(" broker's queue behind the burst. HTTP latency = request sent to response received.\n");

    md.append("\n## Tracker runs\n\n");
    md.append("| | ");
    trackerRuns.values().forEach(r -> md.append("MQTT_PUBLISH_TICKETS=").append(r.publishTickets).append(" | "));
    md.append("\n|---|");
    trackerRuns.values().forEach(r -> md.append("---:|"));
    md.append('\n');
    line(md, "passes published", r -> String.valueOf(r.n));
    line(md, "publishing took (first publish to last PUBACK)", r -> f2(r.publishSeconds) + " s");
    line(md, "passes stored (distinct keys)", r -> String.valueOf(r.distinct));
    line(md, "first publish to last commit", r -> f2(r.seconds) + " s");
    line(md, "passes/s committed", r -> f0(r.passesPerSecond));
    line(md, "tickets/s closed", r -> f0(r.ticketsPerSecond));
    line(md, "p50 / p99 / max publish-to-commit", r -> ms(pct(r.latencyMicros, 50)) + " / " + ms(pct(r.latencyMicros, 99)) + " / "
        + ms(r.latencyMicros.length == 0 ? 0 : r.latencyMicros[r.latencyMicros.length - 1]));
    line(md, "lost (published - distinct keys stored, after 3 s quiet)", r -> String.valueOf(r.lost));
    line(md, "duplicated (rows - distinct keys)", r -> String.valueOf(r.duplicated));
    line(md, "redeliveries recognised (iloe_passes_total outcome=duplicate)", r -> f0(metric(r, "iloe_passes_total{channel=\"mqtt\",outcome=\"duplicate\"}")));
    line(md, "quarantined", r -> String.valueOf(r.quarantined));
    line(md, "group-commit transactions / mean batch", r -> f0(metric(r, "iloe_ingest_batch_messages_count")) + " / "
        + f1(metric(r, "iloe_ingest_batch_messages_sum") / metric(r, "iloe_ingest_batch_messages_count")));
    line(md, "largest batch", r -> f0(metric(r, "iloe_ingest_batch_messages_max")));
    line(md, "ticket states published back (sent / failed)", r -> f0(metric(r, "iloe_mqtt_confirmations_total{outcome=\"sent\"}"))
        + " / " + f0(metric(r, "iloe_mqtt_confirmations_total{outcome=\"failed\"}")));
    line(md, "tracker RSS: VmHWM (peak) / VmRSS at end of burst", r -> r.vmHwmKb / 1024 + " MB / " + r.vmRssKb / 1024 + " MB");
    line(md, "tracker CPU (cores, over the burst)", r -> f2(r.cores.get("tracker")));
    line(md, "broker / postgres / bench publisher CPU (cores)", r -> f2(r.cores.get("broker")) + " / "
        + f2(r.cores.get("postgres")) + " / " + f2(r.cores.get("bench")));
    line(md, "whole machine busy (cores of " + nproc() + ")", r -> f2(r.cores.get("machine")));
    line(md, "of which other processes of the machine (cores)", r -> f2(r.cores.get("machine") - r.cores.get("tracker")
        - r.cores.get("broker") - r.cores.get("postgres") - r.cores.get("bench")));
    line(md, "CPU per pass, µs: tracker / broker / postgres / the four together", r -> {
      double k = r.seconds * 1e6 / r.distinct;
      double sum = r.cores.get("tracker") + r.cores.get("broker") + r.cores.get("postgres") + r.cores.get("bench");
      return f0(r.cores.get("tracker") * k) + " / " + f0(r.cores.get("broker") * k) + " / " + f0(r.cores.get("postgres") * k)
          + " / " + f0(sum * k);
    });
    line(md, "tracker's busiest threads (cores)", r -> r.threadCores.entrySet().stream().limit(6)
        .map(e -> e.getKey() + " " + f2(e.getValue())).collect(java.util.stream.Collectors.joining(", ")));

    md.append("\n## Ratios\n\n");
    md.append("| ratio | value |\n|---|---:|\n");
    for (TrackerRun r : trackerRuns.values()) {
      String tag = " (MQTT_PUBLISH_TICKETS=" + r.publishTickets + ")";
      if (rawBroker > 0) {
        md.append("| tracker MQTT / raw broker QoS 1 (best of the raw runs, ").append(f0(rawBroker)).append(" msg/s)").append(tag)
            .append(" | ").append(f2(r.passesPerSecond / rawBroker)).append(" |\n");
      }
      if (naive > 0) {
        md.append("| tracker MQTT / naive peer (").append(f0(naive)).append(" passes/s)").append(tag).append(" | ")
            .append(f1(r.passesPerSecond / naive)).append(" |\n");
      }
      if (rawPg > 0) {
        md.append("| tracker MQTT passes / raw PostgreSQL insert rows (").append(f0(rawPg)).append(" rows/s)").append(tag)
            .append(" | ").append(f2(r.passesPerSecond / rawPg)).append(" |\n");
      }
      if (r.httpLatencyMicros != null) {
        md.append("| tracker HTTP / tracker MQTT").append(tag).append(" | ").append(f2(r.httpPerSecond / r.passesPerSecond))
            .append(" |\n");
      }
    }
    md.append("\nPer pass the tracker writes the pass and a ticket version and, per closed ticket, its allocation lines")
        .append(" (four in this workload), each pass and line with its hash-chain link; it reads the ticket's passes and")
        .append(" latest version in the same REPEATABLE READ transaction. The raw PostgreSQL figure writes only the pass row.\n");

    md.append("\n## Targets (issues 3 and 9)\n\n");
    md.append("| target | result |\n|---|---|\n");
    for (TrackerRun r : trackerRuns.values()) {
      String tag = " (MQTT_PUBLISH_TICKETS=" + r.publishTickets + ")";
      md.append("| ≥ half the raw broker QoS 1 rate").append(tag).append(" | ").append(rawBroker > 0
          ? ok(r.passesPerSecond >= rawBroker / 2) + " " + f0(r.passesPerSecond) + " vs " + f0(rawBroker / 2)
          : "not measured (BENCH_STEPS without broker)").append(" |\n");
      md.append("| ≥ 10,000 passes/s").append(tag).append(" | ").append(ok(r.passesPerSecond >= 10_000)).append(' ')
          .append(f0(r.passesPerSecond)).append(" |\n");
      md.append("| zero lost, zero duplicated").append(tag).append(" | ").append(ok(r.lost == 0 && r.duplicated == 0))
          .append(" lost ").append(r.lost).append(", duplicated ").append(r.duplicated).append(" |\n");
      md.append("| tracker RSS < 512 MB").append(tag).append(" | ").append(ok(r.vmHwmKb < 512 * 1024)).append(" peak ")
          .append(r.vmHwmKb / 1024).append(" MB |\n");
      if (naive > 0) {
        md.append("| ≥ 5 × the naive peer").append(tag).append(" | ").append(ok(r.passesPerSecond >= 5 * naive)).append(' ')
            .append(f1(r.passesPerSecond / naive)).append(" × |\n");
      }
      if (r.httpLatencyMicros != null) {
        md.append("| HTTP ≥ 5,000 passes/s").append(tag).append(" | ").append(ok(r.httpPerSecond >= 5_000)).append(' ')
            .append(f0(r.httpPerSecond)).append(" |\n");
        boolean halfTarget = r.httpPacedRate >= 2_500;
        md.append("| HTTP p99 < 20 ms at half that load (2,500 passes/s)").append(tag).append(" | ")
            .append(halfTarget ? ok(pct(r.httpPacedLatencyMicros, 99) < 20_000)
                : "**not met**: the tracker does not take 2,500 passes/s over HTTP here;")
            .append(" p99 ").append(ms(pct(r.httpPacedLatencyMicros, 99))).append(" at ").append(f0(r.httpPacedRate))
            .append(" passes/s |\n");
      }
    }
    if (!notes.isEmpty()) {
      md.append("\n## Notes\n\n");
      notes.forEach(n -> md.append("- ").append(n).append('\n'));
    }
    Path file = out.resolve("results.md");
    Files.writeString(file, md.toString());
    System.out.println();
    System.out.println(md);
    System.out.println("written to " + file.toAbsolutePath());
  }

  private void line(StringBuilder md, String what, java.util.function.Function<TrackerRun, String> value) {
    md.append("| ").append(what).append(" | ");
    for (TrackerRun r : trackerRuns.values()) {
      String v;
      try {
        v = value.apply(r);
      } catch (RuntimeException e) {
        v = "n/a";
      }
      md.append(v).append(" | ");
    }
    md.append('\n');
  }

  static double metric(TrackerRun r, String name) {
    return r.metrics == null ? Double.NaN : r.metrics.getOrDefault(name, 0.0);
  }

  static String ok(boolean met) {
    return met ? "met:" : "**not met**:";
  }

  // ------------------------------------------------------------------------------------------------ cleanup

  synchronized void cleanUp() {
    if (tracker != null) {
      tracker.stop();
      tracker = null;
    }
    for (String s : new ArrayList<>(schemas)) {
      try {
        dropSchema(s);
      } catch (RuntimeException e) {
        say("schema " + s + " not dropped: " + e.getMessage());
      }
    }
    if (broker != null) {
      broker.close();
      broker = null;
    }
    if (embedded != null) {
      embedded.close();
      embedded = null;
    }
    deleteTree(tmp);
  }

  /** Ctrl-C: the child processes, schemas and files must not outlive the bench. */
  void emergencyStop() {
    TrackerProcess t = tracker;
    if (t != null) {
      t.process.destroyForcibly();
    }
    Mosquitto b = broker;
    if (b != null) {
      b.process.destroyForcibly();
    }
    cleanUp();
  }

  String schema(String what) {
    String s = "bench_" + run + "_" + what;
    schemas.add(s);
    return s;
  }

  void dropSchema(String schema) {
    if (System.getenv("BENCH_KEEP_SCHEMAS") != null) {
      schemas.remove(schema);
      say("schema " + schema + " kept (BENCH_KEEP_SCHEMAS)");
      return;
    }
    try (Connection c = jdbc(databaseUrl); Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      schemas.remove(schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop " + schema, e);
    }
  }

  // ------------------------------------------------------------------------------------------------ helpers

  static Connection jdbc(String url) throws SQLException {
    URI uri = URI.create(url);
    String user = null;
    String password = null;
    if (uri.getUserInfo() != null) {
      String[] parts = uri.getUserInfo().split(":", 2);
      user = parts[0];
      password = parts.length > 1 ? parts[1] : null;
    }
    String jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + (uri.getPort() > 0 ? uri.getPort() : 5432) + uri.getPath();
    java.util.Properties props = new java.util.Properties();
    if (user != null) {
      props.setProperty("user", user);
    }
    if (password != null) {
      props.setProperty("password", password);
    }
    props.setProperty("connectTimeout", "3");
    props.setProperty("ApplicationName", "iloe-bench");
    return DriverManager.getConnection(jdbc, props);
  }

  static long scalar(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static String scalarText(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  static long nowMicros() {
    Instant t = Instant.now();
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
  }

  static long pct(long[] sorted, double p) {
    if (sorted == null || sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  static String ms(long micros) {
    double m = micros / 1000.0;
    return m < 10 ? String.format(Locale.ROOT, "%.1f ms", m) : String.format(Locale.ROOT, "%,.0f ms", m);
  }

  static String f0(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,.0f", v);
  }

  static String f1(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f", v);
  }

  static String f2(Double v) {
    return v == null || Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
  }

  static String env(String name, String def) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? def : v.trim();
  }

  static int intEnv(String name, int def) {
    return Integer.parseInt(env(name, String.valueOf(def)));
  }

  static int even(int n) {
    return n - n % 2;
  }

  static void say(String s) {
    System.out.println(DateTimeFormatter.ISO_LOCAL_TIME.format(java.time.LocalTime.now().truncatedTo(ChronoUnit.MILLIS))
        + " " + s);
  }

  static int nproc() {
    return Runtime.getRuntime().availableProcessors();
  }

  static String command(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(5, TimeUnit.SECONDS);
      return out;
    } catch (IOException | InterruptedException e) {
      return "";
    }
  }

  static String mosquittoVersion() {
    String v = command("mosquitto", "-h");
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("mosquitto version (\\S+)").matcher(v);
    return m.find() ? m.group(1) : "?";
  }

  static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("cpu ?");
    } catch (IOException e) {
      return "cpu ?";
    }
  }

  static String memTotal() {
    try {
      return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
          .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024 / 1024 + " GB RAM").findFirst().orElse("RAM ?");
    } catch (IOException e) {
      return "RAM ?";
    }
  }

  static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // temporary file
    }
  }

  static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(Bench::deleteQuietly);
    } catch (IOException e) {
      // temporary directory
    }
  }

  /** The tracker as a JVM of its own, so that its RSS and CPU are its own. */
  static final class TrackerProcess {
    /** Plain HTTP/1.1 (no h2c upgrade), every request with a timeout. */
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2)).build();
    final Process process;
    final int httpPort;
    final String clientId;
    final Path dataDir;

    private TrackerProcess(Process process, int httpPort, String clientId, Path dataDir) {
      this.process = process;
      this.httpPort = httpPort;
      this.clientId = clientId;
      this.dataDir = dataDir;
    }

    long pid() {
      return process.pid();
    }

    static TrackerProcess start(Bench b, String label, String schema, boolean publishTickets) throws Exception {
      int port = fr.iloe.tracker.TestEnv.freePort();
      String clientId = "bench-tracker-" + b.run + "-" + (publishTickets ? "t" : "f");
      Path data = Files.createDirectories(b.tmp.resolve("data-" + label));
      String javaBin = ProcessHandle.current().info().command().orElse("java");
      List<String> cmd = new ArrayList<>(List.of(javaBin, "-Xmx" + b.heap));
      if (!b.trackerJavaOpts.isEmpty()) {
        cmd.addAll(Arrays.asList(b.trackerJavaOpts.split("\\s+")));
      }
      cmd.addAll(List.of("-cp", "target/classes:target/lib/*", "fr.iloe.tracker.Main", "serve"));
      ProcessBuilder pb = new ProcessBuilder(cmd);
      Map<String, String> env = pb.environment();
      env.put("DATABASE_URL", b.databaseUrl);
      env.put("DATABASE_SCHEMA", schema);
      env.put("MQTT_URL", b.broker.url());
      env.put("MQTT_CLIENT_ID", clientId);
      env.put("MQTT_ENABLED", "true");
      env.put("MQTT_SHARE_GROUP", "");
      env.put("MQTT_PUBLISH_TICKETS", String.valueOf(publishTickets));
      env.put("HTTP_HOST", "127.0.0.1");
      env.put("HTTP_PORT", String.valueOf(port));
      env.put("ADMIN_TOKEN", TOKEN);
      // one token sends everything here; in service each terminal has its own, each with its own limit
      env.put("RATE_LIMIT_PER_SECOND", "0");
      env.put("REFERENCE_FILE", Path.of("deploy/demo/reference.json").toAbsolutePath().toString());
      env.put("DATA_DIR", data.toString());
      Path log = b.out.resolve("tracker-" + label + ".log");
      pb.redirectErrorStream(true).redirectOutput(log.toFile());
      TrackerProcess t = new TrackerProcess(pb.start(), port, clientId, data);
      b.tracker = t;
      HttpClient http = HTTP;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (true) {
        if (!t.process.isAlive()) {
          throw new IllegalStateException("tracker exited (" + t.process.exitValue() + "), see " + log);
        }
        try {
          HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
              .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() == 200) {
            return t;
          }
        } catch (IOException e) {
          // not listening yet
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("tracker not ready after 120 s, see " + log);
        }
        Thread.sleep(200);
      }
    }

    /** The tracker's Prometheus figures, by name with labels. */
    Map<String, Double> metrics() throws Exception {
      String body = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
          .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).body();
      Map<String, Double> m = new LinkedHashMap<>();
      for (String line : body.split("\n")) {
        if (line.startsWith("#") || line.isBlank()) {
          continue;
        }
        int sp = line.lastIndexOf(' ');
        try {
          m.put(line.substring(0, sp), Double.parseDouble(line.substring(sp + 1)));
        } catch (NumberFormatException e) {
          // not a sample
        }
      }
      return m;
    }

    /** SIGTERM (the tracker's shutdown hook closes it cleanly), then SIGKILL after 30 s. */
    void stop() {
      fr.iloe.tracker.TestEnv.stopProcess(process, 30);
    }
  }
}
