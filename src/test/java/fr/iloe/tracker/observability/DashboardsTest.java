package fr.iloe.tracker.observability;

import static fr.iloe.tracker.observability.Observability.list;
import static fr.iloe.tracker.observability.Observability.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Grafana as code: provisioned datasources with pinned uids, dashboards with stable uids and no placeholders")
class DashboardsTest {
  private static final Pattern UID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

  @Test
  @DisplayName("the three dashboards parse, each with a stable uid named after its file, unique, and no import placeholders")
  void stableUids() throws IOException {
    Map<String, JsonObject> dashboards = Observability.dashboards();
    assertTrue(dashboards.keySet().containsAll(List.of("iloe-sieg-audit.json", "iloe-partners.json",
        "iloe-operations.json")), "dashboards: " + dashboards.keySet());
    List<String> problems = new ArrayList<>();
    Set<String> uids = new HashSet<>();
    for (Map.Entry<String, JsonObject> e : dashboards.entrySet()) {
      String file = e.getKey();
      JsonObject d = e.getValue();
      String uid = d.getString("uid");
      if (uid == null || !UID.matcher(uid).matches()) {
        problems.add(file + ": uid " + uid + " (lower case, digits and dashes, at most 40)");
      } else if (!file.equals(uid + ".json")) {
        problems.add(file + ": uid " + uid + " differs from the file name");
      }
      if (!uids.add(uid)) {
        problems.add(file + ": uid " + uid + " used twice");
      }
      if (d.getValue("id") != null) {
        problems.add(file + ": an id (" + d.getValue("id") + "), which belongs to one Grafana database");
      }
      if (d.getString("title") == null || d.getString("title").isBlank()) {
        problems.add(file + ": no title");
      }
      String raw = Files.readString(Observability.DASHBOARDS.resolve(file));
      for (String placeholder : List.of("__inputs", "__requires", "${DS_", "${datasource}")) {
        if (raw.contains(placeholder)) {
          problems.add(file + ": contains " + placeholder + " (an export for sharing, not provisioning)");
        }
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @Test
  @DisplayName("every datasource a dashboard names is one of the pinned uids, with its type")
  void pinnedDatasources() {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, JsonObject> e : Observability.dashboards().entrySet()) {
      datasources(e.getKey(), e.getValue(), problems);
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  /** Walks the whole document: panels, targets, template variables, annotations. */
  private static void datasources(String where, Object node, List<String> problems) {
    if (node instanceof JsonObject o) {
      for (Map.Entry<String, Object> e : o) {
        if (e.getKey().equals("datasource")) {
          if (!(e.getValue() instanceof JsonObject ds)) {
            problems.add(where + ": datasource " + e.getValue() + " (name it by {type, uid})");
          } else if (!Observability.DATASOURCES.containsKey(ds.getString("uid"))) {
            problems.add(where + ": datasource uid " + ds.getString("uid") + " is not provisioned");
          } else if (!Observability.DATASOURCES.get(ds.getString("uid")).equals(ds.getString("type"))) {
            problems.add(where + ": datasource " + ds.getString("uid") + " with type " + ds.getString("type"));
          }
        } else {
          datasources(where + (o.containsKey("title") ? " › " + o.getString("title") : ""), e.getValue(), problems);
        }
      }
    } else if (node instanceof JsonArray a) {
      a.forEach(v -> datasources(where, v, problems));
    }
  }

  @Test
  @DisplayName("every panel has a place on the grid, a unique id and queries; Prometheus ones an expr, PostgreSQL ones raw SQL for a table")
  void panelsHaveQueries() {
    List<String> problems = new ArrayList<>();
    for (JsonObject d : Observability.dashboards().values()) {
      Set<Integer> ids = new HashSet<>();
      for (JsonObject p : Observability.panels(d)) {
        String where = d.getString("uid") + " › " + p.getString("title");
        if (!ids.add(p.getInteger("id"))) {
          problems.add(where + ": panel id " + p.getInteger("id") + " used twice");
        }
        if (p.getJsonObject("gridPos") == null) {
          problems.add(where + ": no gridPos");
        }
        if (!p.getString("type").equals("row") && p.getJsonArray("targets", new JsonArray()).isEmpty()) {
          problems.add(where + ": no query");
        }
      }
      for (Observability.Target t : Observability.targets(d)) {
        String uid = t.datasourceUid();
        if (Observability.PROMETHEUS_UID.equals(uid) && t.json().getString("expr", "").isBlank()) {
          problems.add(t.where() + ": no expr");
        } else if (Observability.POSTGRES_UID.equals(uid) && (t.json().getString("rawSql", "").isBlank()
            || !"table".equals(t.json().getString("format")))) {
          problems.add(t.where() + ": no rawSql in table format");
        }
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @Test
  @DisplayName("the provisioning declares exactly the pinned datasources, and loads the dashboards from where compose mounts them")
  void provisioning() {
    Map<String, String> declared = new HashMap<>();
    Path datasources = Observability.GRAFANA.resolve("provisioning/datasources/iloe.yaml");
    for (Object ds : list(map(Observability.yaml(datasources)).get("datasources"))) {
      declared.put((String) map(ds).get("uid"), (String) map(ds).get("type"));
    }
    assertEquals(Observability.DATASOURCES, declared);

    Path providers = Observability.GRAFANA.resolve("provisioning/dashboards/iloe.yaml");
    List<Object> list = list(map(Observability.yaml(providers)).get("providers"));
    assertEquals(1, list.size());
    Map<String, Object> provider = map(list.get(0));
    assertTrue(provider.get("folder") != null && provider.get("folderUid") != null, "a folder with a uid: " + provider);
    String path = (String) map(provider.get("options")).get("path");

    Map<String, Object> grafana = map(map(map(Observability.yaml(Observability.COMPOSE)).get("services")).get("grafana"));
    List<String> mounts = list(grafana.get("volumes")).stream().map(Object::toString).toList();
    assertTrue(mounts.contains("../grafana/dashboards:" + path + ":ro"), "compose mounts " + mounts + ", provider reads " + path);
    assertTrue(mounts.contains("../grafana/provisioning:/etc/grafana/provisioning:ro"), "compose mounts " + mounts);
  }
}
