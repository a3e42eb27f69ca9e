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
            case "csv" -> String.join("", CompensationReports.partnerLines(built).stream().map(Csv::line).toList())
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
