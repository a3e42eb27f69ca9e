package fr.iloe.tracker.observability;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The files of the observability issue (deploy/, grafana/) and the tools that check them. */
final class Observability {
  static final Path DEPLOY = Path.of("deploy");
  static final Path PROMETHEUS_DIR = DEPLOY.resolve("prometheus");
  static final Path ALERTS = PROMETHEUS_DIR.resolve("alerts.yml");
  static final Path COMPOSE = DEPLOY.resolve("compose.yaml");
  static final Path GRAFANA = Path.of("grafana");
  static final Path DASHBOARDS = GRAFANA.resolve("dashboards");
  static final String PROMETHEUS_UID = "iloe-prometheus";
  static final String POSTGRES_UID = "iloe-postgres";
  /** The datasource uids the provisioning pins, with their plugin type. */
  static final Map<String, String> DATASOURCES = Map.of(PROMETHEUS_UID, "prometheus",
      POSTGRES_UID, "grafana-postgresql-datasource");
  /** The scrape job of deploy/prometheus/prometheus.yml, which the dashboards and alerts name. */
  static final String JOB = "iloe-tracker";

  private Observability() {}

  /** One query of a panel (or of a template variable), with where it comes from for failure messages. */
  record Target(String dashboard, String panel, JsonObject json) {
    String datasourceUid() {
      return json.getJsonObject("datasource", new JsonObject()).getString("uid");
    }

    String where() {
      return dashboard + " › " + panel + " › " + json.getString("refId");
    }
  }

  static Object yaml(Path file) {
    try {
      return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object yaml) {
    return (Map<String, Object>) yaml;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object yaml) {
    return yaml == null ? List.of() : (List<Object>) yaml;
  }

  /** Every dashboard of grafana/dashboards by file name; a file that does not parse fails the caller. */
  static Map<String, JsonObject> dashboards() {
    Map<String, JsonObject> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(DASHBOARDS)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        out.put(f.getFileName().toString(), new JsonObject(Files.readString(f, StandardCharsets.UTF_8)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Panels at any depth (rows may hold panels). */
  static List<JsonObject> panels(JsonObject dashboard) {
    List<JsonObject> out = new ArrayList<>();
    collect(dashboard.getJsonArray("panels", new JsonArray()), out);
    return out;
  }

  private static void collect(JsonArray panels, List<JsonObject> out) {
    for (Object o : panels) {
      JsonObject p = (JsonObject) o;
      out.add(p);
      collect(p.getJsonArray("panels", new JsonArray()), out);
    }
  }

  /** Every query of every panel, the panel's datasource standing in for a target without its own. */
  static List<Target> targets(JsonObject dashboard) {
    List<Target> out = new ArrayList<>();
    for (JsonObject p : panels(dashboard)) {
      for (Object t : p.getJsonArray("targets", new JsonArray())) {
        JsonObject target = ((JsonObject) t).copy();
        if (target.getValue("datasource") == null && p.getValue("datasource") != null) {
          target.put("datasource", p.getValue("datasource"));
        }
        out.add(new Target(dashboard.getString("title"), p.getString("title"), target));
      }
    }
    return out;
  }

  static List<JsonObject> variables(JsonObject dashboard) {
    return dashboard.getJsonObject("templating", new JsonObject()).getJsonArray("list", new JsonArray()).stream()
        .map(o -> (JsonObject) o).toList();
  }

  /** A tool of the Debian package {@code prometheus}, on the PATH or in /usr/bin. */
  static Optional<Path> binary(String name) {
    return Stream.concat(Stream.of(System.getenv().getOrDefault("PATH", "").split(":")), Stream.of("/usr/bin"))
        .filter(d -> !d.isBlank()).map(d -> Path.of(d, name)).filter(Files::isExecutable).findFirst();
  }

  record Run(int exit, String output) {}

  /** Runs a command in the repository and answers its exit status and output (stdout and stderr). */
  static Run run(List<String> command) {
    try {
      Path log = Files.createTempFile("iloe-cmd", ".log");
      try {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          return new Run(-1, String.join(" ", command) + ": timed out\n" + Files.readString(log));
        }
        return new Run(p.exitValue(), Files.readString(log));
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + command, e);
    }
  }
}
