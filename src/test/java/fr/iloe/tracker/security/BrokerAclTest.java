package fr.iloe.tracker.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.iloe.tracker.Await;
import fr.iloe.tracker.TestEnv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The broker side of the security issue: deploy/mosquitto/acl and a password file made with mosquitto_passwd,
 * loaded by this machine's Mosquitto on a free port, checked against the topics of interface.md.
 */
@DisplayName("Mosquitto with deploy/mosquitto/acl: each site publishes under its own topics only")
class BrokerAclTest {
  private static Process broker;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    fr.iloe.tracker.TestEnv.requireTool(Files.isExecutable(Path.of("/usr/sbin/mosquitto")) || onPath("mosquitto"),
        "needs the mosquitto binary (installed on the team's machines and in CI)");
    Path dir = Files.createTempDirectory("iloe-acl");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path passwd = dir.resolve("passwd");
    Files.createFile(passwd);
    for (String[] account : new String[][] {{"iloe-tracker", "tracker-secret"}, {"saint-priest", "sp-secret"},
        {"lyon-sud", "ls-secret"}}) {
      run("mosquitto_passwd", "-b", passwd.toString(), account[0], account[1]);
    }
    Files.setPosixFilePermissions(passwd, PosixFilePermissions.fromString("rw-r--r--"));
    Path acl = dir.resolve("acl");
    Files.copy(Path.of("deploy/mosquitto/acl"), acl);
    Files.setPosixFilePermissions(acl, PosixFilePermissions.fromString("rw-r--r--"));
    port = TestEnv.freePort();
    Path conf = dir.resolve("mosquitto.conf");
    Files.writeString(conf, String.join("\n", "listener " + port + " 127.0.0.1", "allow_anonymous false",
        "password_file " + passwd, "acl_file " + acl, "persistence false", "log_dest stderr", ""));
    Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-r--r--"));
    broker = new ProcessBuilder("mosquitto", "-c", conf.toString()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
    Await.until("mosquitto listening on " + port, Duration.ofSeconds(10), () -> {
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
        return true;
      } catch (IOException e) {
        return false;
      }
    });
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (broker != null) {
      broker.destroy();
      broker.waitFor(5, TimeUnit.SECONDS);
    }
  }

  private static boolean onPath(String command) {
    return List.of(System.getenv().getOrDefault("PATH", "").split(":")).stream()
        .anyMatch(d -> Files.isExecutable(Path.of(d, command)));
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
  }

  private static MqttClient connect(String user, String password) throws MqttException {
    MqttClient c = new MqttClient("tcp://127.0.0.1:" + port, "acl-" + UUID.randomUUID(), new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(true);
    if (user != null) {
      o.setUserName(user);
      o.setPassword(password.toCharArray());
    }
    c.connect(o);
    return c;
  }

  private static List<String> collect(MqttClient c, String filter) throws MqttException {
    List<String> got = new CopyOnWriteArrayList<>();
    c.subscribe(filter, 1, (topic, m) -> got.add(topic + " " + new String(m.getPayload(), StandardCharsets.UTF_8)));
    return got;
  }

  @Test
  @DisplayName("the tracker reads every site; a site's account publishes under its own site and not another's")
  void sitesPublishUnderTheirOwnTopics() throws Exception {
    MqttClient tracker = connect("iloe-tracker", "tracker-secret");
    List<String> passes = collect(tracker, "iloe/v1/sites/+/weighbridges/+/passes");
    List<String> readings = collect(tracker, "iloe/v1/sites/+/points/+/readings");
    MqttClient sharing = connect("iloe-tracker", "tracker-secret");
    // Paho routes a message to a per-subscription listener by matching its topic against the filter, which a
    // $share/ filter never matches: shared subscriptions go through the client's callback, as in MqttIngest
    List<String> shared = new CopyOnWriteArrayList<>();
    sharing.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
      @Override
      public void connectionLost(Throwable cause) {
      }

      @Override
      public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage m) {
        shared.add(topic + " " + new String(m.getPayload(), StandardCharsets.UTF_8));
      }

      @Override
      public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
      }
    });
    sharing.subscribe("$share/trackers/iloe/v1/sites/+/weighbridges/+/passes", 1);
    MqttClient saintPriest = connect("saint-priest", "sp-secret");
    saintPriest.publish("iloe/v1/sites/lyon-sud/weighbridges/wb1/passes", "forged".getBytes(), 1, false);
    saintPriest.publish("iloe/v1/sites/lyon-sud/points/cp-1/readings", "forged".getBytes(), 1, false);
    saintPriest.publish("iloe/v1/sites/saint-priest/weighbridges/wb1/passes", "own".getBytes(), 1, false);
    saintPriest.publish("iloe/v1/sites/saint-priest/points/cp-001/readings", "own".getBytes(), 1, false);
    // messages of one client arrive in order: once its later, allowed ones are in, the refused ones never will be
    Await.until("the allowed messages", Duration.ofSeconds(10), () -> passes.size() + readings.size() >= 2);
    assertEquals(List.of("iloe/v1/sites/saint-priest/weighbridges/wb1/passes own"), passes);
    assertEquals(List.of("iloe/v1/sites/saint-priest/points/cp-001/readings own"), readings);
    Await.until("the shared subscription's copy", Duration.ofSeconds(10), () -> !shared.isEmpty());
    assertEquals(passes, shared);
    sharing.disconnect();
    tracker.disconnect();
    saintPriest.disconnect();
  }

  @Test
  @DisplayName("a site reads its own confirmed tickets only; only the tracker publishes them")
  void confirmations() throws Exception {
    MqttClient saintPriest = connect("saint-priest", "sp-secret");
    List<String> own = collect(saintPriest, "iloe/v1/sites/saint-priest/weighbridges/+/tickets/#");
    List<String> others = collect(saintPriest, "iloe/v1/sites/lyon-sud/weighbridges/+/tickets/#");
    MqttClient lyonSud = connect("lyon-sud", "ls-secret");
    lyonSud.publish("iloe/v1/sites/saint-priest/weighbridges/wb1/tickets/T-1", "forged".getBytes(), 1, false);
    MqttClient tracker = connect("iloe-tracker", "tracker-secret");
    tracker.publish("iloe/v1/sites/lyon-sud/weighbridges/wb1/tickets/T-9", "theirs".getBytes(), 1, false);
    tracker.publish("iloe/v1/sites/saint-priest/weighbridges/wb1/tickets/T-1", "confirmed".getBytes(), 1, false);
    Await.until("the confirmation", Duration.ofSeconds(10), () -> !own.isEmpty());
    assertEquals(List.of("iloe/v1/sites/saint-priest/weighbridges/wb1/tickets/T-1 confirmed"), own);
    assertTrue(others.isEmpty());
    saintPriest.disconnect();
    lyonSud.disconnect();
    tracker.disconnect();
  }

  @Test
  @DisplayName("anonymous clients and wrong passwords are refused")
  void signInRequired() {
    MqttException anonymous = assertThrows(MqttException.class, () -> connect(null, null));
    assertTrue(anonymous.getReasonCode() == MqttException.REASON_CODE_NOT_AUTHORIZED
        || anonymous.getReasonCode() == MqttException.REASON_CODE_FAILED_AUTHENTICATION, anonymous.toString());
    assertThrows(MqttException.class, () -> connect("saint-priest", "wrong"));
  }
}
