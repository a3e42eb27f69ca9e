package fr.iloe.tracker.observability;

import fr.iloe.tracker.Await;
import fr.iloe.tracker.TestEnv;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Prometheus (the Debian package's binary) on a free loopback port with a temporary storage, scraping
 * one tracker every second under the job name of deploy/prometheus/prometheus.yml, and evaluating
 * deploy/prometheus/alerts.yml every second.
 */
final class PrometheusServer implements AutoCloseable {
  private final Process process;
  private final Path dir;
  private final int port;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private PrometheusServer(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  static PrometheusServer start(Path binary, int trackerPort) throws IOException {
    Path dir = Files.createTempDirectory("iloe-prometheus");
    Files.copy(Observability.ALERTS, dir.resolve("alerts.yml"));
    Files.writeString(dir.resolve("prometheus.yml"), String.join("\n",
        "global:",
        "  scrape_interval: 1s",
        "  evaluation_interval: 1s",
        "rule_files: [alerts.yml]",
        "scrape_configs:",
        "  - job_name: " + Observability.JOB,
        "    metrics_path: /metrics",
        "    static_configs:",
        "      - targets: ['127.0.0.1:" + trackerPort + "']",
        ""));
    int port = TestEnv.freePort();
    Process p = new ProcessBuilder(binary.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
        "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    PrometheusServer server = new PrometheusServer(p, dir, port);
    try {
      Await.until("prometheus ready on " + port, Duration.ofSeconds(30), server::ready);
    } catch (AssertionError e) {
      String log = server.log();
      server.close();
      throw new AssertionError(e.getMessage() + "\n" + log, e);
    }
    return server;
  }

  private boolean ready() {
    if (!process.isAlive()) {
      throw new AssertionError("prometheus exited with " + process.exitValue() + ":\n" + log());
    }
    try {
      return http.send(HttpRequest.newBuilder(uri("/-/ready")).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  String log() {
    try {
      return Files.readString(dir.resolve("prometheus.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** GET on the HTTP API; answers the {@code data} of a successful answer, throws with Prometheus's error. */
  Object api(String pathAndQuery) {
    return data(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(10)).GET().build());
  }

  /** An instant query at the present: the {@code result} array (empty when the expression has no data). */
  JsonArray query(String expr) {
    HttpRequest req = HttpRequest.newBuilder(uri("/api/v1/query")).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)))
        .build();
    return ((JsonObject) data(req)).getJsonArray("result");
  }

  /** The values of a label over the series that match a selector (what Grafana's label_values asks). */
  List<String> labelValues(String label, String match) {
    JsonArray values = (JsonArray) api("/api/v1/label/" + label + "/values?match[]="
        + URLEncoder.encode(match, StandardCharsets.UTF_8));
    return values.stream().map(Object::toString).toList();
  }

  private Object data(HttpRequest req) {
    try {
      HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
      JsonObject body = new JsonObject(res.body());
      if (!"success".equals(body.getString("status"))) {
        throw new IllegalArgumentException(body.getString("errorType") + ": " + body.getString("error"));
      }
      return body.getValue("data");
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
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind
    }
  }
}
