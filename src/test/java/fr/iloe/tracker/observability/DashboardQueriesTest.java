package fr.iloe.tracker.observability;

import static fr.iloe.tracker.Fixtures.firstIn;
import static fr.iloe.tracker.Fixtures.firstOut;
import static fr.iloe.tracker.Fixtures.second;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.iloe.tracker.Await;
import fr.iloe.tracker.Http;
import fr.iloe.tracker.MqttClient;
import fr.iloe.tracker.TestEnv;
import fr.iloe.tracker.app.Tracker;
import fr.iloe.tracker.live.LiveFigures;
import fr.iloe.tracker.live.Metrics;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The dashboards against the real thing: a tracker fed with weighings, readings, a quarantined MQTT message,
 * a pending lot and a reallocation, scraped every second by a real Prometheus that also evaluates the alert
 * rules. Every Prometheus query of every panel and variable must return data, every SQL panel rows.
 */
@DisplayName("Every dashboard query returns data from a real Prometheus scraping a real tracker")
class DashboardQueriesTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Pattern METRIC = Pattern.compile("\\b(iloe_[a-z_]+|up)\\b(?!\\s*\\()");
  private static Tracker tracker;
  private static PrometheusServer prometheus;

  private static final Path BINARY = Observability.binary("prometheus").orElse(null);

  @BeforeAll
  static void start() throws Exception {
    if (BINARY == null) {
      return; // each test is skipped, saying why (an abort here would hide the reason in the report)
    }
    tracker = TestEnv.start(TestEnv.mqtt(Map.of("REFERENCE_FILE", TestEnv.demoReference().toString())));
    feed();
    prometheus = PrometheusServer.start(BINARY, tracker.httpPort());
    // three scrapes: a rate() over one minute has its two samples, every rule has been evaluated
    Await.until("three scrapes of the tracker", WAIT, () -> {
      JsonArray r = prometheus.query("count_over_time(up{job=\"" + Observability.JOB + "\"}[1m]) >= 3");
      return !r.isEmpty();
    });
    Await.until("the alert rules evaluated", WAIT, () -> rules().stream()
        .noneMatch(r -> r.getString("lastEvaluation", "").startsWith("0001-")));
  }

  @BeforeEach
  void needsPrometheus() {
    fr.iloe.tracker.TestEnv.requireTool(BINARY != null, "needs the prometheus binary (Debian package prometheus; .ci/run installs it)");
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
    if (tracker != null) {
      TestEnv.stop(tracker);
    }
  }

  /** Something for every meter: both bridges, IN and OUT tickets, a pending lot, readings, MQTT, quarantine. */
  private static void feed() {
    Await.until("subscribed", WAIT, () -> tracker.mqtt().connected());
    Instant at = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
    try (Http http = new Http(tracker.httpPort(), TestEnv.TOKEN); MqttClient mqtt = new MqttClient(tracker.mqttUrl())) {
      List<JsonObject> passes = List.of(
          firstIn("obs-1a", "OBS-1", 18460, at), second("obs-1b", "OBS-1", 11220, at.plusSeconds(30)),
          firstIn("obs-2a", "OBS-2", 15000, at).put("bridge", "wb2").put("carrier", "p02"),
          second("obs-2b", "OBS-2", 9000, at.plusSeconds(30)).put("bridge", "wb2"),
          firstOut("obs-3a", "OBS-3", 12000, at), second("obs-3b", "OBS-3", 22000, at.plusSeconds(30)),
          firstOut("obs-4a", "OBS-4", 11000, at).put("operation", "R13").put("destination", "p05"),
          second("obs-4b", "OBS-4", 17000, at.plusSeconds(30)));
      for (JsonObject pass : passes) {
        assertEquals(201, http.post("/api/v1/passes", pass).statusCode(), pass.encode());
      }
      assertEquals(422, http.post("/api/v1/passes", new JsonObject().put("key", "obs-bad")).statusCode());
      assertEquals(201, http.post("/api/v1/readings", new JsonObject().put("key", "obs-r1").put("site", "saint-priest")
          .put("point", "cp-001").put("at", at.toString()).put("kind", "fill").put("fillPercent", 85)).statusCode());
      assertEquals(201, http.post("/api/v1/readings", new JsonObject().put("key", "obs-r2").put("site", "saint-priest")
          .put("point", "cp-002").put("at", at.toString()).put("kind", "pickup").put("plate", "AB-123-CD")
          .put("estimatedKg", 500).put("items", 3)).statusCode());
      String today = LocalDate.now(ZoneId.of("Europe/Paris")).toString();
      assertEquals(201, http.post("/api/v1/reallocations", new JsonObject().put("from", today).put("to", today)
          .put("reason", "observability test")).statusCode());

      // over MQTT: a vehicle that stays on site (an open ticket), and a payload that can never be stored
      mqtt.publish("iloe/v1/sites/saint-priest/weighbridges/wb2/passes",
          firstIn("obs-5a", "OBS-5", 16000, at).put("bridge", "wb2").encode());
      mqtt.publish("iloe/v1/sites/saint-priest/weighbridges/wb1/passes", "not json");
      Await.until("the MQTT pass stored and the bad payload quarantined", WAIT, () ->
          count(Metrics.PASSES, "channel", "mqtt", "outcome", "stored") >= 1 && count(Metrics.QUARANTINE) >= 1);
    }
    Await.until("the live figures of the ledger", WAIT, () ->
        !tracker.registry().find(LiveFigures.ALLOCATED).gauges().isEmpty()
            && tracker.registry().find(LiveFigures.INBOUND).tags("period", "year").gauge().value() > 0);
  }

  private static double count(String name, String... tags) {
    return tracker.registry().find(name).tags(tags).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  private static List<JsonObject> rules() {
    List<JsonObject> out = new ArrayList<>();
    JsonObject data = (JsonObject) prometheus.api("/api/v1/rules");
    for (Object g : data.getJsonArray("groups")) {
      ((JsonObject) g).getJsonArray("rules").forEach(r -> out.add((JsonObject) r));
    }
    return out;
  }

  /** Each value of each dashboard variable, as Grafana would offer them: custom options, query results. */
  private static Map<String, List<String>> variableValues(JsonObject dashboard) {
    Map<String, List<String>> values = new HashMap<>();
    for (JsonObject v : Observability.variables(dashboard)) {
      switch (v.getString("type")) {
        case "custom" -> values.put(v.getString("name"), List.of(v.getString("query").split("\\s*,\\s*")));
        case "query" -> values.put(v.getString("name"), queryVariable(v).subList(0, 1));
        default -> throw new AssertionError("variable type not handled by the test: " + v.getString("type"));
      }
    }
    return values;
  }

  private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.+),\\s*(\\w+)\\)");

  /** A query variable's values through Prometheus, filtered by its regex; fails when there are none. */
  private static List<String> queryVariable(JsonObject v) {
    String definition = v.getString("definition");
    Matcher m = LABEL_VALUES.matcher(definition);
    assertTrue(m.matches(), "variable " + v.getString("name") + ": only label_values(metric, label) is handled: "
        + definition);
    List<String> values = new ArrayList<>(prometheus.labelValues(m.group(2), m.group(1)));
    String regex = v.getString("regex", "");
    if (!regex.isEmpty()) {
      Pattern p = Pattern.compile(regex.substring(1, regex.lastIndexOf('/')));
      values.removeIf(value -> !p.matcher(value).find());
    }
    assertTrue(!values.isEmpty(), "variable " + v.getString("name") + " (" + definition + ") has no value");
    return values;
  }

  /** Every combination of the values of the variables a query uses (none: the query as it is). */
  private static List<Map<String, String>> combinations(String query, Map<String, List<String>> values) {
    List<Map<String, String>> out = new ArrayList<>(List.of(new HashMap<>(GrafanaTemplates.builtIns())));
    for (Map.Entry<String, List<String>> v : values.entrySet()) {
      if (!Pattern.compile("\\$\\{?" + v.getKey() + "\\b|\\[\\[" + v.getKey() + "]]").matcher(query).find()) {
        continue;
      }
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> c : out) {
        for (String value : v.getValue()) {
          Map<String, String> copy = new HashMap<>(c);
          copy.put(v.getKey(), value);
          next.add(copy);
        }
      }
      out = next;
    }
    return out;
  }

  @Test
  @DisplayName("every Prometheus query of every panel returns data, for every value of the dashboard's variables")
  void everyPanelQueryReturnsData() {
    List<String> failures = new ArrayList<>();
    int queries = 0;
    for (JsonObject dashboard : Observability.dashboards().values()) {
      Map<String, List<String>> values = variableValues(dashboard);
      for (Observability.Target t : Observability.targets(dashboard)) {
        if (!Observability.PROMETHEUS_UID.equals(t.datasourceUid())) {
          continue;
        }
        String expr = t.json().getString("expr");
        for (Map<String, String> combination : combinations(expr, values)) {
          String query = GrafanaTemplates.substitute(expr, combination);
          String left = GrafanaTemplates.unresolved(query);
          if (left != null) {
            failures.add(t.where() + ": " + left + " has no value in the test: " + expr);
            continue;
          }
          queries++;
          try {
            if (prometheus.query(query).isEmpty()) {
              failures.add(t.where() + ": no data for " + query);
            }
          } catch (IllegalArgumentException e) {
            failures.add(t.where() + ": " + e.getMessage() + " for " + query);
          }
        }
      }
    }
    assertTrue(failures.isEmpty(), failures.size() + " of " + queries + " queries failed:\n" + String.join("\n", failures));
    assertTrue(queries >= 40, queries + " queries");
  }

  @Test
  @DisplayName("the partner variable lists the partners credited by the ledger, without the UNALLOCATED account")
  void partnerVariable() {
    JsonObject partners = Observability.dashboards().get("iloe-partners.json");
    JsonObject variable = Observability.variables(partners).stream()
        .filter(v -> v.getString("name").equals("partner")).findFirst().orElseThrow();
    List<String> values = queryVariable(variable);
    assertTrue(values.containsAll(List.of("p01", "p02", "p06")), values.toString());
    assertTrue(!values.contains("UNALLOCATED"), values.toString());
  }

  @Test
  @DisplayName("every PostgreSQL panel runs on the tracker's schema and reads rows")
  void everySqlPanelReadsRows() throws SQLException {
    java.net.URI uri = java.net.URI.create(TestEnv.databaseUrl());
    String user = uri.getUserInfo() == null ? null : uri.getUserInfo().split(":", 2)[0];
    String password = uri.getUserInfo() == null || !uri.getUserInfo().contains(":") ? null
        : uri.getUserInfo().split(":", 2)[1];
    List<String> failures = new ArrayList<>();
    int queries = 0;
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort()
        + uri.getPath(), user, password); Statement st = c.createStatement()) {
      st.execute("SET search_path TO " + tracker.config().databaseSchema());
      for (JsonObject dashboard : Observability.dashboards().values()) {
        Map<String, List<String>> values = variableValues(dashboard);
        for (Observability.Target t : Observability.targets(dashboard)) {
          if (!Observability.POSTGRES_UID.equals(t.datasourceUid())) {
            continue;
          }
          String raw = t.json().getString("rawSql");
          for (Map<String, String> combination : combinations(raw, values)) {
            String sql = GrafanaTemplates.substitute(raw, combination);
            String left = GrafanaTemplates.unresolved(sql);
            if (left != null) {
              failures.add(t.where() + ": " + left + " has no value in the test");
              continue;
            }
            queries++;
            try (ResultSet rs = st.executeQuery(sql)) {
              if (!rs.next()) {
                failures.add(t.where() + ": no rows for " + sql);
              }
            } catch (SQLException e) {
              failures.add(t.where() + ": " + e.getMessage());
            }
          }
        }
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
    assertTrue(queries >= 5, queries + " SQL queries");
  }

  @Test
  @DisplayName("the alert rules load in Prometheus and evaluate without error on the tracker's series, each metric they read exists")
  void alertRulesEvaluate() {
    List<JsonObject> rules = rules();
    List<String> problems = new ArrayList<>();
    Set<String> metrics = new TreeSet<>();
    for (JsonObject r : rules) {
      if (!"ok".equals(r.getString("health"))) {
        problems.add(r.getString("name") + ": " + r.getString("health") + " " + r.getString("lastError", ""));
      }
      Matcher m = METRIC.matcher(r.getString("query"));
      while (m.find()) {
        metrics.add(m.group(1));
      }
    }
    for (String metric : metrics) {
      if (prometheus.query("group(" + metric + ")").isEmpty()) {
        problems.add("the rules read " + metric + ", which the tracker does not expose");
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
    assertTrue(rules.size() >= 8 && metrics.size() >= 8, rules.size() + " rules reading " + metrics);
  }
}
