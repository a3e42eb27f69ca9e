package fr.iloe.tracker.observability;

import static fr.iloe.tracker.observability.Observability.list;
import static fr.iloe.tracker.observability.Observability.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * deploy/compose.yaml cannot run here (no container engine): what can be checked without one is. The file is
 * valid YAML; every image has a tag; everything it mounts from the repository exists, except the files
 * .gitignore keeps out (the broker's password file, created before the first start).
 */
@DisplayName("deploy/compose.yaml: tagged images, mounts that exist, every variable documented")
class ComposeTest {
  private static final Pattern TAGGED = Pattern.compile("[a-z0-9./_-]+:[A-Za-z0-9._-]+");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)");

  private static Map<String, Object> compose() {
    return map(Observability.yaml(Observability.COMPOSE));
  }

  private static Map<String, Object> services() {
    return map(compose().get("services"));
  }

  @Test
  @DisplayName("it runs PostgreSQL, Mosquitto, the tracker, Prometheus and Grafana, and a second tracker with a load balancer under a profile")
  void runsTheStack() {
    Map<String, Object> services = services();
    assertTrue(services.keySet().containsAll(List.of("postgres", "mosquitto", "tracker", "prometheus", "grafana",
        "tracker-2", "lb")), "services: " + services.keySet());
    for (String scaled : List.of("tracker-2", "lb")) {
      assertEquals(List.of("scale"), map(services.get(scaled)).get("profiles"), scaled);
    }
    Map<String, Object> one = map(map(services.get("tracker")).get("environment"));
    Map<String, Object> two = map(map(services.get("tracker-2")).get("environment"));
    assertTrue(!one.get("MQTT_CLIENT_ID").equals(two.get("MQTT_CLIENT_ID")), "each instance has its own client id");
    assertEquals(one.get("MQTT_SHARE_GROUP"), two.get("MQTT_SHARE_GROUP"));
    assertTrue(one.get("MQTT_SHARE_GROUP") != null, "the instances share the MQTT subscriptions");
  }

  @Test
  @DisplayName("every service names an image with a tag; the tracker's is built from deploy/Dockerfile, which runs Main serve")
  void images() throws IOException {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Object> e : services().entrySet()) {
      Object image = map(e.getValue()).get("image");
      if (image == null || !TAGGED.matcher(image.toString()).matches() || image.toString().endsWith(":latest")) {
        problems.add(e.getKey() + ": image " + image + " (name:tag, not latest)");
      }
      Object build = map(e.getValue()).get("build");
      if (build != null) {
        Path context = Observability.DEPLOY.resolve((String) map(build).get("context")).normalize();
        Path dockerfile = context.resolve((String) map(build).get("dockerfile"));
        if (!Files.isRegularFile(dockerfile)) {
          problems.add(e.getKey() + ": no " + dockerfile);
        }
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
    String dockerfile = Files.readString(Observability.DEPLOY.resolve("Dockerfile"));
    for (String from : dockerfile.lines().filter(l -> l.startsWith("FROM ")).toList()) {
      assertTrue(TAGGED.matcher(from.split(" ")[1]).matches(), from);
    }
    assertTrue(dockerfile.contains("\"-cp\", \"classes:lib/*\", \"fr.iloe.tracker.Main\", \"serve\""), dockerfile);
  }

  @Test
  @DisplayName("every path it mounts exists in the repository, or is a git-ignored secret made before the start")
  void mounts() throws IOException {
    List<String> gitignored = Files.readAllLines(Path.of(".gitignore")).stream().map(String::strip).toList();
    Set<String> volumes = map(compose().get("volumes")).keySet();
    List<String> problems = new ArrayList<>();
    int binds = 0;
    for (Map.Entry<String, Object> e : services().entrySet()) {
      for (Object v : list(map(e.getValue()).get("volumes"))) {
        String source;
        if (v instanceof String s) {
          source = s.split(":")[0];
        } else {
          Map<String, Object> m = map(v);
          source = (String) m.get("source");
          if (!"bind".equals(m.get("type"))) {
            problems.add(e.getKey() + ": mount " + m + " (only binds use the long syntax here)");
            continue;
          }
        }
        if (!source.startsWith(".") && !source.startsWith("/")) {
          if (!volumes.contains(source)) {
            problems.add(e.getKey() + ": named volume " + source + " is not declared");
          }
          continue;
        }
        binds++;
        Path path = Observability.DEPLOY.resolve(source).normalize();
        if (!Files.exists(path) && !gitignored.contains(path.toString())) {
          problems.add(e.getKey() + ": mounts " + source + ", and " + path + " does not exist");
        }
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
    assertTrue(binds >= 8, binds + " bind mounts");
  }

  @Test
  @DisplayName("every variable it reads is documented in deploy/env.example; no secret is written in it")
  void variables() throws IOException {
    String text = Files.readString(Observability.COMPOSE);
    Set<String> used = new TreeSet<>();
    Matcher m = VARIABLE.matcher(text);
    while (m.find()) {
      used.add(m.group(1));
    }
    Set<String> documented = new TreeSet<>();
    for (String line : Files.readAllLines(Observability.DEPLOY.resolve("env.example"))) {
      if (line.matches("\\w+=.*")) {
        documented.add(line.substring(0, line.indexOf('=')));
        assertTrue(line.endsWith("="), "env.example holds no value: " + line);
      }
    }
    assertEquals(documented, used);
    for (Object service : services().values()) {
      Object env = map(service).get("environment");
      if (env instanceof Map<?, ?> vars) {
        vars.forEach((k, v) -> {
          if (k.toString().matches(".*(PASSWORD|TOKEN).*")) {
            assertTrue(v.toString().startsWith("${"), k + " comes from deploy/.env, not from compose.yaml");
          }
        });
      }
    }
  }

  @Test
  @DisplayName("Prometheus finds every tracker instance by the network alias they share, on the port they listen on")
  void discovery() {
    Map<String, Object> job = list(map(Observability.yaml(Observability.PROMETHEUS_DIR.resolve("prometheus.yml")))
        .get("scrape_configs")).stream().map(Observability::map)
        .filter(j -> Observability.JOB.equals(j.get("job_name"))).findFirst().orElseThrow();
    Map<String, Object> dns = map(list(job.get("dns_sd_configs")).get(0));
    String alias = (String) list(dns.get("names")).get(0);
    for (String tracker : List.of("tracker", "tracker-2")) {
      Map<String, Object> service = map(services().get(tracker));
      List<Object> aliases = list(map(map(map(service.get("networks")).get("default"))).get("aliases"));
      assertTrue(aliases.contains(alias), tracker + " answers to " + alias);
      assertEquals(String.valueOf(dns.get("port")), map(service.get("environment")).get("HTTP_PORT"));
    }
  }
}
