package fr.iloe.tracker;

import fr.iloe.tracker.app.Config;
import fr.iloe.tracker.app.Tracker;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Command line: {@code serve} (the default) runs the tracker with the configuration of the environment. */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    String command = args.length == 0 ? "serve" : args[0];
    switch (command) {
      case "serve" -> serve();
      case "verify" -> System.exit(fr.iloe.tracker.app.Commands.verify(Arrays.copyOfRange(args, 1, args.length)));
      case "report" -> System.exit(fr.iloe.tracker.app.Commands.report(Arrays.copyOfRange(args, 1, args.length)));
      case "simulate" -> System.exit(fr.iloe.tracker.app.Commands.simulate(Arrays.copyOfRange(args, 1, args.length)));
      case "help", "--help", "-h" -> usage(0);
      default -> {
        System.err.println("unknown command: " + command + " " + Arrays.toString(args));
        usage(2);
      }
    }
  }

  private static void usage(int status) {
    System.out.println("usage: tracker [serve | verify | report | simulate] [options]\n"
        + "  serve   run the tracker (configuration from the environment, see README)\n"
        + "  verify  recompute the hash chain of the stored records; exit 0 when it holds, 1 when it is broken\n"
        + "  report  --period 2026 [--partner p01] [--format json|csv|pdf|evidence] [--out file]: the compensation report\n"
        + "  simulate [--seed 42 --trucks 300 --rate 100 --channel mqtt|http|both --check true ...]: a day of traffic");
    System.exit(status);
  }

  private static void serve() throws InterruptedException {
    Config config;
    try {
      config = Config.fromEnv(System.getenv());
    } catch (Config.ConfigException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    LOG.info("starting [{}]", config);
    Tracker tracker;
    try {
      tracker = Tracker.start(config, Clock.systemUTC()).await();
    } catch (Exception e) {
      LOG.error("start-up failed: {}", e.getMessage(), e);
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("stopping");
      try {
        tracker.close().await();
      } catch (Exception e) {
        LOG.warn("stop was not clean", e);
      }
      stopped.countDown();
    }, "shutdown"));
    String base = "http://localhost:" + tracker.httpPort();
    System.out.println();
    System.out.println("  Iloé SIEG tracker is running");
    System.out.println("  Web        " + base + "/   (sign in with the token below, or one made by POST /api/v1/tokens)");
    System.out.println("  API        " + base + "/api/v1   (Authorization: Bearer " + tracker.adminToken() + ")");
    System.out.println("  Metrics    " + base + "/metrics");
    System.out.println("  Health     " + base + "/health/ready");
    System.out.println("  MQTT       " + (config.mqttEnabled() ? tracker.mqttUrl() : "disabled"));
    System.out.println("  Database   " + (config.embeddedDatabase() ? "embedded, data in " + config.dataDir().resolve("postgres")
        : "external"));
    System.out.println("  Try        curl -s -H 'Authorization: Bearer " + tracker.adminToken() + "' " + base
        + "/api/v1/vehicles-on-site?site=saint-priest");
    System.out.println();
    stopped.await();
  }
}
