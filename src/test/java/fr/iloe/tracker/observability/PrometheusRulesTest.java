package fr.iloe.tracker.observability;

import static fr.iloe.tracker.observability.Observability.list;
import static fr.iloe.tracker.observability.Observability.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Prometheus configuration and alert rules: valid for promtool, every alert unit-tested")
class PrometheusRulesTest {
  private static final Path CONFIG = Observability.PROMETHEUS_DIR.resolve("prometheus.yml");
  private static final List<Path> RULE_TESTS = List.of(Observability.PROMETHEUS_DIR.resolve("alerts.test.yml"),
      Observability.PROMETHEUS_DIR.resolve("paris-clock.test.yml"));

  private static Path promtool() {
    return Observability.binary("promtool").orElseGet(() -> {
      fr.iloe.tracker.TestEnv.requireTool(false, "needs promtool (Debian package prometheus; .ci/run installs it)");
      return null;
    });
  }

  private static void promtool(String... args) {
    List<String> command = new ArrayList<>(List.of(promtool().toString()));
    command.addAll(List.of(args));
    Observability.Run run = Observability.run(command);
    assertEquals(0, run.exit(), String.join(" ", command) + "\n" + run.output());
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> alerts() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object g : list(map(Observability.yaml(Observability.ALERTS)).get("groups"))) {
      for (Object r : list(map(g).get("rules"))) {
        if (map(r).containsKey("alert")) {
          out.add((Map<String, Object>) r);
        }
      }
    }
    return out;
  }

  @Test
  @DisplayName("promtool check config accepts deploy/prometheus/prometheus.yml and the rule files it loads")
  void config() {
    promtool("check", "config", CONFIG.toString());
  }

  @Test
  @DisplayName("promtool check rules accepts deploy/prometheus/alerts.yml")
  void rules() {
    promtool("check", "rules", Observability.ALERTS.toString());
  }

  @Test
  @DisplayName("promtool test rules passes the unit tests of every alert and of the Paris clock")
  void unitTests() {
    List<String> args = new ArrayList<>(List.of("test", "rules"));
    RULE_TESTS.forEach(p -> args.add(p.toString()));
    promtool(args.toArray(String[]::new));
  }

  @Test
  @DisplayName("every alert has a for:, a severity, a summary and a description, and a test where it fires and one where it does not")
  void everyAlertIsDescribedAndTested() {
    Set<String> fires = new HashSet<>();
    Set<String> quiet = new HashSet<>();
    for (Path file : RULE_TESTS) {
      for (Object group : list(map(Observability.yaml(file)).get("tests"))) {
        for (Object test : list(map(group).get("alert_rule_test"))) {
          String name = (String) map(test).get("alertname");
          (list(map(test).get("exp_alerts")).isEmpty() ? quiet : fires).add(name);
        }
      }
    }
    List<String> problems = new ArrayList<>();
    List<Map<String, Object>> alerts = alerts();
    assertTrue(alerts.size() >= 6, "alerts.yml names " + alerts.size() + " alerts");
    for (Map<String, Object> alert : alerts) {
      String name = (String) alert.get("alert");
      if (alert.get("for") == null) {
        problems.add(name + ": no for:");
      }
      Object severity = map(alert.getOrDefault("labels", Map.of())).get("severity");
      if (!List.of("critical", "warning").contains(severity)) {
        problems.add(name + ": severity " + severity + " (critical or warning)");
      }
      Map<String, Object> annotations = map(alert.getOrDefault("annotations", Map.of()));
      for (String a : List.of("summary", "description")) {
        if (annotations.get(a) == null || annotations.get(a).toString().isBlank()) {
          problems.add(name + ": no " + a + " annotation");
        }
      }
      if (!fires.contains(name)) {
        problems.add(name + ": no test where it fires");
      }
      if (!quiet.contains(name)) {
        problems.add(name + ": no test where it stays quiet");
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }
}
