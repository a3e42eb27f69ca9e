package fr.iloe.tracker.bench;

import fr.iloe.tracker.Http;
import fr.iloe.tracker.TestEnv;
import fr.iloe.tracker.app.Tracker;
import fr.iloe.tracker.live.LiveFigures;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The figures benchmark of the ledger issue: loads a year of tickets (100,000 by default, ten times Lyon's
 * volume) through the HTTP API of an in-process tracker, then times the tonnage and valorisation queries for
 * a year, a month and a day, the yearly SIEG compensation report in every format (time, size and the heap it
 * took), and the start-up read of the live figures by a second tracker.
 *
 * <p>Run with {@code make bench-figures} ({@code BENCH_TICKETS}, {@code BENCH_DATABASE_URL} to change).
 */
public final class FiguresBench {
  private static final String[][] OUT_LOTS = {
      {"19 12 07", "R3", "p06", "p06"}, {"19 12 02", "R4", "p07", "p07"}, {"19 12 01", "R3", "p06", "p08"},
      {"19 12 12", "R1", "p07", "p09"}, {"19 12 12", "D5", "p07", "p14"}, {"20 03 07", "R13", "p02", "p05"},
      {"20 03 07", "R0", "p02", "p05"}, {"19 12 04", "R3", "p06", "p10"}};

  private FiguresBench() {}

  public static void main(String[] args) {
    try {
      run();
      System.exit(0);
    } catch (Exception | Error e) {
      // the tracker's threads would keep the JVM alive
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static void run() throws Exception {
    int tickets = Integer.parseInt(System.getenv().getOrDefault("BENCH_TICKETS", "100000"));
    String url = System.getenv().getOrDefault("BENCH_DATABASE_URL", "");
    Map<String, String> env = new HashMap<>();
    if (!url.isEmpty()) {
      env.put("DATABASE_URL", url);
    }
    env.put("REFERENCE_FILE", TestEnv.demoReference().toString());
    env.put("DATABASE_POOL_SIZE", "8");
    env.put("LOG_LEVEL", "WARN");
    env.put("RATE_LIMIT_PER_SECOND", "0");
    Tracker tracker = TestEnv.start(env);
    String schema = tracker.config().databaseSchema();
    StringBuilder report = new StringBuilder();
    try (Http http = new Http(tracker.httpPort(), TestEnv.TOKEN)) {
      long loadStart = System.nanoTime();
      load(http, tickets);
      double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
      line(report, String.format("loaded %,d tickets (%,d passes) through POST /api/v1/passes in %.1f s (%.0f passes/s)",
          tickets, 2L * tickets, loadSeconds, 2 * tickets / loadSeconds));
      line(report, "");
      line(report, "| query | period | median ms | p95 ms | max ms |");
      line(report, "|---|---|---|---|---|");
      for (String period : List.of("2025", "2025-06", "2025-06-17")) {
        time(report, http, "tonnages groupBy=partner,activity", "/api/v1/tonnages?period=" + period + "&groupBy=partner,activity", period);
        time(report, http, "tonnages groupBy=wasteCode,mode,month", "/api/v1/tonnages?period=" + period + "&groupBy=wasteCode,mode,month", period);
        time(report, http, "valorisation", "/api/v1/valorisation?period=" + period, period);
      }
      reports(report, http, tracker.httpPort());
    }
    // a second tracker on the same schema: its start-up read of the ledger
    Map<String, String> second = new HashMap<>(env);
    second.remove("REFERENCE_FILE");
    second.put("DATABASE_SCHEMA", schema);
    if (!url.isEmpty()) {
      second.put("DATABASE_URL", url);
    } else {
      second.put("DATABASE_URL", tracker.databaseUrl());
    }
    Tracker reader = TestEnv.start(second);
    double rebuildMs = reader.registry().find(LiveFigures.REBUILDS).timer().totalTime(TimeUnit.MILLISECONDS);
    line(report, "");
    line(report, String.format("start-up read of the live figures (%,d tickets): %.0f ms", tickets, rebuildMs));
    reader.close().await();
    TestEnv.stop(tracker);
    Path out = Path.of("target/bench/figures.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, "# Figures benchmark, " + Instant.now() + "\n\n" + report);
    System.out.println("\nwritten to " + out);
  }

  private static void line(StringBuilder report, String s) {
    System.out.println(s);
    report.append(s).append('\n');
  }

  /** A year of tickets in 2025: 60 % IN, 40 % OUT over eight kinds of lots, weights on a 20 kg division. */
  private static void load(Http http, int tickets) {
    Random random = new Random(42);
    LocalDate start = LocalDate.of(2025, 1, 1);
    List<Future<HttpResponse<Buffer>>> window = new ArrayList<>();
    for (int i = 0; i < tickets; i++) {
      Instant day = start.plusDays(random.nextInt(365)).atStartOfDay().toInstant(ZoneOffset.UTC);
      Instant at = day.plusSeconds(6 * 3600 + random.nextInt(12 * 3600));
      long tare = 8000 + 20L * random.nextInt(300);
      long gross = tare + 400 + 20L * random.nextInt(900);
      String ticket = "B-" + i;
      JsonObject first = new JsonObject().put("key", ticket + "-1").put("ticket", ticket).put("site", "saint-priest")
          .put("bridge", "wb1").put("seq", "first").put("at", at.toString()).put("plate", "AB-123-CD");
      if (random.nextInt(10) < 6) {
        first.put("direction", "IN").put("carrier", random.nextBoolean() ? "p01" : "p02").put("wasteCode", "20 03 07")
            .put("weightKg", gross);
      } else {
        String[] lot = OUT_LOTS[random.nextInt(OUT_LOTS.length)];
        first.put("direction", "OUT").put("wasteCode", lot[0]).put("operation", lot[1]).put("carrier", lot[2])
            .put("destination", lot[3]).put("weightKg", tare);
      }
      long secondKg = "IN".equals(first.getString("direction")) ? tare : gross;
      JsonObject second = new JsonObject().put("key", ticket + "-2").put("ticket", ticket).put("site", "saint-priest")
          .put("bridge", "wb1").put("seq", "second").put("at", at.plusSeconds(900).toString()).put("weightKg", secondKg);
      window.add(created(http.request(HttpMethod.POST, "/api/v1/passes", Buffer.buffer(first.encode()), TestEnv.TOKEN))
          .compose(r -> created(http.request(HttpMethod.POST, "/api/v1/passes", Buffer.buffer(second.encode()), TestEnv.TOKEN))));
      if (window.size() == 256) {
        Future.all(window).await();
        window.clear();
      }
      if (i % 10_000 == 9_999) {
        System.out.printf("  %,d tickets loaded%n", i + 1);
      }
    }
    Future.all(window).await();
  }

  /**
   * The compensation report of the year and of a month, in every format: time to the last byte (median of 5),
   * size, and the peak heap above what was in use before (the bench reads the answer without keeping it, so the
   * figure is what the tracker took; the JSON, CSV and PDF are built from aggregates, the evidence streams).
   */
  private static void reports(StringBuilder report, Http http, int port) {
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    io.vertx.core.http.HttpClient stream = vertx.createHttpClient();
    try {
      reports(report, http, stream, port);
    } finally {
      vertx.close().await();
    }
  }

  private static void reports(StringBuilder report, Http http, io.vertx.core.http.HttpClient stream, int port) {
    JsonObject parameters = new JsonObject(fr.iloe.tracker.report.ReportsTest.PARAMETERS.encode()
        .replace("2026-01-01", "2025-01-01").replace("2026-03-15", "2025-03-15"));
    HttpResponse<Buffer> put = http.put("/api/v1/reference", parameters);
    if (put.statusCode() != 200) {
      throw new IllegalStateException("reference: " + put.statusCode() + " " + put.bodyAsString());
    }
    line(report, "");
    line(report, "| compensation report | period | median ms | max ms | size | peak heap held above baseline (survivor + old) |");
    line(report, "|---|---|---|---|---|---|");
    for (String period : List.of("2025", "2025-06")) {
      for (String path : List.of("/api/v1/reports/compensation?format=json&period=", "/api/v1/reports/compensation?format=csv&period=",
          "/api/v1/reports/compensation?format=pdf&period=", "/api/v1/reports/compensation/evidence?period=")) {
        String format = path.contains("evidence") ? "evidence CSV" : path.substring(path.indexOf("format=") + 7, path.indexOf("&"));
        download(stream, port, path + period);
        double[] ms = new double[5];
        long size = 0;
        long peak = 0;
        for (int i = 0; i < ms.length; i++) {
          long baseline = heapBaseline();
          long t0 = System.nanoTime();
          size = download(stream, port, path + period);
          ms[i] = (System.nanoTime() - t0) / 1e6;
          peak = Math.max(peak, heapPeak() - baseline);
        }
        Arrays.sort(ms);
        line(report, String.format("| %s | %s | %.0f | %.0f | %,d bytes | %,d MB |", format, period, ms[ms.length / 2],
            ms[ms.length - 1], size, peak >> 20));
      }
    }
  }

  /** Reads an answer to its end, counting its bytes without keeping them: the heap figure is the tracker's. */
  private static long download(io.vertx.core.http.HttpClient client, int port, String uri) {
    long[] size = {0};
    int status = client.request(HttpMethod.GET, port, "127.0.0.1", uri)
        .compose(req -> req.putHeader("Authorization", "Bearer " + TestEnv.TOKEN).send())
        .compose(resp -> {
          resp.handler(b -> size[0] += b.length());
          return resp.end().map(v -> resp.statusCode());
        }).await();
    if (status != 200) {
      throw new IllegalStateException(uri + " answered " + status);
    }
    return size[0];
  }

  /**
   * Heap in use after a collection, with the pools' peaks reset to it. Eden is left out here and below: it
   * fills with short-lived garbage up to its size between two young collections whatever a request keeps, so
   * its peak says how much was allocated, not how much was held; what a request holds reaches the survivor and
   * old spaces.
   */
  private static long heapBaseline() {
    System.gc();
    long used = 0;
    for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == java.lang.management.MemoryType.HEAP && !pool.getName().contains("Eden")) {
        pool.resetPeakUsage();
        used += pool.getUsage().getUsed();
      }
    }
    return used;
  }

  private static long heapPeak() {
    long peak = 0;
    for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == java.lang.management.MemoryType.HEAP && !pool.getName().contains("Eden")) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }

  /** A pass the load could not store stops the bench: its figures would be of another year. */
  private static Future<HttpResponse<Buffer>> created(Future<HttpResponse<Buffer>> answer) {
    return answer.map(r -> {
      if (r.statusCode() != 201) {
        throw new IllegalStateException("a pass of the load answered " + r.statusCode() + ": " + r.bodyAsString());
      }
      return r;
    });
  }

  private static void time(StringBuilder report, Http http, String name, String path, String period) {
    http.get(path); // first run: plans cached, pages warm
    double[] ms = new double[21];
    for (int i = 0; i < ms.length; i++) {
      long t0 = System.nanoTime();
      HttpResponse<Buffer> r = http.get(path);
      ms[i] = (System.nanoTime() - t0) / 1e6;
      if (r.statusCode() != 200) {
        throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.bodyAsString());
      }
    }
    Arrays.sort(ms);
    line(report, String.format("| %s | %s | %.1f | %.1f | %.1f |", name, period, ms[ms.length / 2],
        ms[(int) Math.ceil(ms.length * 0.95) - 1], ms[ms.length - 1]));
  }

}
