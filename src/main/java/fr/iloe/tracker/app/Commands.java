package fr.iloe.tracker.app;

import fr.iloe.tracker.domain.Period;
import fr.iloe.tracker.report.CompensationReports;
import fr.iloe.tracker.report.Csv;
import fr.iloe.tracker.report.ReportPdf;
import fr.iloe.tracker.store.ChainVerifier;
import fr.iloe.tracker.store.Database;
import fr.iloe.tracker.store.ReportStore;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.streams.WriteStream;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The command-line tools besides {@code serve}: {@code verify} and {@code report}. Each works on the database
 * the environment names ({@code make run}'s embedded one by default: stop the tracker first) and exits 0 on
 * success, 1 when the answer is bad news or the work failed, 2 for a usage error.
 */
public final class Commands {
  private Commands() {}

  /** {@code verify [--from YYYY-MM-DD --to YYYY-MM-DD]}: recomputes the hash chain; 1 when it is broken. */
  public static int verify(String[] args) {
    Map<String, String> options = options(args, Set.of("--from", "--to"), Map.of());
    if (options == null) {
      return 2;
    }
    LocalDate from = options.containsKey("--from") ? LocalDate.parse(options.get("--from")) : null;
    LocalDate to = options.containsKey("--to") ? LocalDate.parse(options.get("--to")) : null;
    Period period = from == null && to == null ? null : Period.between(from == null ? to : from, to == null ? from : to);
    return withDatabase((vertx, pool) -> new ChainVerifier(pool)
        .verify(period == null ? null : period.start(), period == null ? null : period.end())
        .map(r -> {
          System.out.println(r.json().encodePrettily());
          return r.ok() ? 0 : 1;
        }));
  }

  /** {@code report --period 2026 [--partner p01] [--format json|csv|pdf|evidence] [--out file]}. */
  public static int report(String[] args) {
    Map<String, String> options = options(args, Set.of("--period", "--partner", "--format", "--out"), Map.of("--format", "json"));
    if (options == null) {
      return 2;
    }
    Period period = options.containsKey("--period") ? Period.parse(options.get("--period")).orElse(null) : null;
    String format = options.get("--format");
    if (period == null || !Set.of("json", "csv", "pdf", "evidence").contains(format)) {
      System.err.println("--period is required (2026, 2026-Q1, 2026-03 or 2026-03-14); --format is json, csv, pdf or evidence");
      return 2;
    }
    String partner = options.get("--partner");
    Path out = options.containsKey("--out") ? Path.of(options.get("--out")) : null;
    return withDatabase((vertx, pool) -> {
      ReportStore store = new ReportStore(pool);
      return store.now().compose(now -> {
        if (format.equals("evidence")) {
          Future<WriteStream<Buffer>> sink = out == null ? Future.succeededFuture(stdout())
              : vertx.fileSystem().open(out.toString(), new OpenOptions().setTruncateExisting(true)).map(f -> f);
          return sink.compose(s -> store.evidence(period, partner, now, s, Csv::line)
              .compose(lines -> s.end().map(v -> {
                System.err.println(lines + " ledger lines written");
                return 0;
              })));
        }
        return new CompensationReports(store).build(period, partner, now).compose(built -> vertx.executeBlocking(() -> {
          byte[] bytes = switch (format) {
            case "pdf" -> ReportPdf.render(built);
            case "csv" -> Csv.lines(CompensationReports.partnerLines(built))
                .getBytes(StandardCharsets.UTF_8);
            default -> built.bytes();
          };
          if (out == null) {
            System.out.write(bytes);
            System.out.flush();
          } else {
            Files.write(out, bytes);
            System.err.println("written " + out + " (" + bytes.length + " bytes, report SHA-256 " + built.sha256() + ")");
          }
          return 0;
        }));
      });
    });
  }

  /**
   * {@code simulate [--seed 42] [--trucks 300] [--rate 100] [--channel mqtt|http|both] [--site saint-priest]
   * [--day YYYY-MM-DD] [--run id] [--mqtt tcp://…] [--http http://…] [--token …] [--check true]}: sends a day of
   * realistic traffic to a running tracker (its reference data read through the API), prints what it sent and
   * what the tracker must show, and with {@code --check true} compares them (exit 1 when they differ).
   */
  public static int simulate(String[] args) {
    Map<String, String> o = options(args, Set.of("--seed", "--trucks", "--rate", "--channel", "--site", "--day", "--run",
        "--mqtt", "--http", "--token", "--check", "--mqtt-user", "--mqtt-password"), Map.of("--seed", "42", "--trucks", "300",
        "--rate", "100", "--channel", "both", "--site", "saint-priest", "--mqtt", "tcp://127.0.0.1:18830",
        "--http", "http://127.0.0.1:8080", "--token", "dev-admin-token-change-me", "--check", "false"));
    if (o == null) {
      return 2;
    }
    try {
      fr.iloe.tracker.sim.Simulator.Target target = new fr.iloe.tracker.sim.Simulator.Target(o.get("--mqtt"),
          o.get("--mqtt-user"), o.getOrDefault("--mqtt-password", ""), o.get("--http"), o.get("--token"));
      fr.iloe.tracker.domain.ReferenceData ref = reference(target);
      LocalDate day = o.containsKey("--day") ? LocalDate.parse(o.get("--day"))
          : LocalDate.now(Period.ZONE).minusDays(1);
      String run = o.getOrDefault("--run", "sim" + Long.toHexString(System.nanoTime() & 0xffffff));
      fr.iloe.tracker.sim.Scenario scenario = fr.iloe.tracker.sim.Scenario.generate(Long.parseLong(o.get("--seed")), run,
          ref, o.get("--site"), day, Integer.parseInt(o.get("--trucks")));
      fr.iloe.tracker.sim.Simulator sim = new fr.iloe.tracker.sim.Simulator(target, System.err);
      fr.iloe.tracker.sim.Simulator.Sent sent = sim.send(scenario, o.get("--channel"), Integer.parseInt(o.get("--rate")));
      io.vertx.core.json.JsonObject summary = new io.vertx.core.json.JsonObject().put("run", run)
          .put("sent", sent.json()).put("expected", scenario.expectation().json());
      int status = 0;
      if (Boolean.parseBoolean(o.get("--check"))) {
        fr.iloe.tracker.sim.Simulator.Check check = waitForFigures(sim, scenario.expectation());
        summary.put("seen", check.seen()).put("differences", new io.vertx.core.json.JsonArray(check.differences()));
        status = check.ok() ? 0 : 1;
      }
      System.out.println(summary.encodePrettily());
      return status;
    } catch (Exception e) {
      System.err.println("simulation failed: " + e);
      return 1;
    }
  }

  /** The tracker commits what it takes within a second or so: checks again for up to a minute before answering. */
  private static fr.iloe.tracker.sim.Simulator.Check waitForFigures(fr.iloe.tracker.sim.Simulator sim,
      fr.iloe.tracker.sim.Scenario.Expectation e) throws Exception {
    fr.iloe.tracker.sim.Simulator.Check check = sim.check(e);
    for (int i = 0; i < 60 && !check.ok(); i++) {
      Thread.sleep(1000);
      check = sim.check(e);
    }
    return check;
  }

  private static fr.iloe.tracker.domain.ReferenceData reference(fr.iloe.tracker.sim.Simulator.Target target) {
    Vertx vertx = Vertx.vertx();
    try {
      java.net.URI uri = java.net.URI.create(target.httpUrl());
      return vertx.createHttpClient().request(new io.vertx.core.http.RequestOptions().setHost(uri.getHost())
              .setPort(uri.getPort()).setURI("/api/v1/reference").putHeader("Authorization", "Bearer " + target.token()))
          .compose(req -> req.send().compose(resp -> resp.body()))
          .map(b -> fr.iloe.tracker.ingest.ReferenceJson.read(fr.iloe.tracker.ingest.StrictJson.parseObject(b.getBytes())))
          .await();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  /** Options {@code --name value}; null (after saying why) for an unknown one or a bad configuration. */
  private static Map<String, String> options(String[] args, Set<String> known, Map<String, String> defaults) {
    Map<String, String> options = new HashMap<>(defaults);
    for (int i = 0; i < args.length; i += 2) {
      if (!known.contains(args[i]) || i + 1 >= args.length) {
        System.err.println("unknown or incomplete option " + args[i] + " (known: " + String.join(", ", known) + ")");
        return null;
      }
      options.put(args[i], args[i + 1]);
    }
    return options;
  }

  /** Runs {@code work} on a pool of the configured database, then closes everything; its result is the exit code. */
  private static int withDatabase(BiFunction<Vertx, Pool, Future<Integer>> work) {
    Config config;
    try {
      config = Config.fromEnv(System.getenv());
    } catch (Config.ConfigException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    EmbeddedDatabase embedded = config.embeddedDatabase() ? EmbeddedDatabase.start(config.dataDir().resolve("postgres")) : null;
    Vertx vertx = Vertx.vertx();
    try {
      String url = embedded != null ? embedded.url() : config.databaseUrl();
      Pool pool = new Database(url, config.databaseSchema()).pool(vertx, 2);
      return work.apply(vertx, pool).await();
    } catch (Exception e) {
      System.err.println("failed: " + e.getMessage());
      return 1;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  /** Standard output as a write stream (for the streamed evidence). */
  private static WriteStream<Buffer> stdout() {
    return new WriteStream<>() {
      @Override
      public WriteStream<Buffer> exceptionHandler(Handler<Throwable> h) {
        return this;
      }

      @Override
      public Future<Void> write(Buffer data) {
        System.out.write(data.getBytes(), 0, data.length());
        return Future.succeededFuture();
      }

      @Override
      public Future<Void> end() {
        System.out.flush();
        return Future.succeededFuture();
      }

      @Override
      public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
        return this;
      }

      @Override
      public boolean writeQueueFull() {
        return false;
      }

      @Override
      public WriteStream<Buffer> drainHandler(Handler<Void> h) {
        return this;
      }
    };
  }
}
