package fr.iloe.tracker.live;

import fr.iloe.tracker.domain.Channel;
import fr.iloe.tracker.domain.Direction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tracker's own meters: names as constants, tag values from enums or bounded reference data, recorded on
 * success and on failure. Prometheus names follow from the Micrometer names and base units
 * ({@code iloe.passes} becomes {@code iloe_passes_total}).
 */
public final class Metrics {
  /** Passes received, by channel and outcome. */
  public static final String PASSES = "iloe.passes";
  /** Net kilograms of closed tickets, by direction and waste code. */
  public static final String TICKET_NET = "iloe.ticket.net";
  /** From a message's arrival to the commit of its transaction, by channel. */
  public static final String INGEST_LATENCY = "iloe.ingest.latency";
  /** Messages per group-commit transaction. */
  public static final String INGEST_BATCH = "iloe.ingest.batch";
  /** Collection-point readings received, by channel and outcome. */
  public static final String READINGS = "iloe.readings";
  /** Pickups stored, by site. */
  public static final String PICKUPS = "iloe.pickups";
  /** Estimated kilograms of the pickups stored, by site. */
  public static final String PICKUP_ESTIMATED = "iloe.pickup.estimated";
  /** Messages put in quarantine, by channel and reason. */
  public static final String QUARANTINE = "iloe.quarantine";
  /** 1 while the MQTT client is connected and subscribed. */
  public static final String MQTT_CONNECTED = "iloe.mqtt.connected";
  /** MQTT messages received and not yet acknowledged. */
  public static final String MQTT_UNACKED = "iloe.mqtt.unacked";
  /** Messages waiting for the next group-commit transaction. */
  public static final String INGEST_QUEUED = "iloe.ingest.queued";
  /** Ticket states published back to the terminals after commit, by outcome (sent, failed). */
  public static final String MQTT_CONFIRMATIONS = "iloe.mqtt.confirmations";

  /** What became of a message: the {@code outcome} tag. */
  public enum Outcome {
    STORED,
    DUPLICATE,
    CONFLICT,
    REJECTED,
    FAILED;

    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final MeterRegistry registry;
  private final Map<Channel, Map<Outcome, Counter>> passes;
  private final Map<Channel, Map<Outcome, Counter>> readings;
  private final Counter confirmationsSent;
  private final Counter confirmationsFailed;
  private final Map<Channel, Timer> latency = new EnumMap<>(Channel.class);
  private final Map<String, AtomicLong> netKg = new ConcurrentHashMap<>();
  private final io.micrometer.core.instrument.DistributionSummary batch;

  public Metrics(MeterRegistry registry) {
    this.registry = registry;
    // the event counters exist at zero from the start, so that increase() sees their first event; those counted
    // per message are kept, not looked up in the registry each time
    passes = byChannelAndOutcome(PASSES, "Weighing passes received, by channel and outcome");
    readings = byChannelAndOutcome(READINGS, "Collection-point readings received, by channel and outcome");
    confirmationsSent = confirmationCounter("sent");
    confirmationsFailed = confirmationCounter("failed");
    for (Channel channel : Channel.values()) {
      latency.put(channel, Timer.builder(INGEST_LATENCY)
          .description("Time from a message's arrival to the commit that stored it")
          .tag("channel", channel.wire())
          .serviceLevelObjectives(ms(1), ms(2), ms(5), ms(10), ms(25), ms(50), ms(100), ms(250), ms(500), ms(1000),
              ms(2500), ms(5000), ms(10000))
          .register(registry));
    }
    for (Channel channel : Channel.values()) {
      for (fr.iloe.tracker.store.QuarantineStore.Reason reason : fr.iloe.tracker.store.QuarantineStore.Reason.values()) {
        quarantineCounter(channel, reason.tag());
      }
    }
    batch = io.micrometer.core.instrument.DistributionSummary.builder(INGEST_BATCH)
        .description("Messages written per group-commit transaction")
        .baseUnit("messages")
        .serviceLevelObjectives(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)
        .register(registry);
  }

  /** Counts a reading; a stored pickup also counts its estimate. */
  public void reading(Channel channel, Outcome outcome, fr.iloe.tracker.domain.Reading stored) {
    readings.get(channel).get(outcome).increment();
    if (stored != null && stored.kind() == fr.iloe.tracker.domain.Reading.Kind.PICKUP) {
      Counter.builder(PICKUPS).description("Pickups at collection points, by site").tag("site", stored.site())
          .register(registry).increment();
      netKg.computeIfAbsent("pickup|" + stored.site(), k -> {
        AtomicLong total = new AtomicLong();
        FunctionCounter.builder(PICKUP_ESTIMATED, total, AtomicLong::get)
            .description("Estimated kilograms of the pickups, by site").baseUnit("kilograms")
            .tag("site", stored.site()).register(registry);
        return total;
      }).addAndGet(stored.estimatedKg());
    }
  }

  public void quarantined(Channel channel, String reason) {
    quarantineCounter(channel, reason).increment();
  }

  public void confirmation(boolean sent) {
    (sent ? confirmationsSent : confirmationsFailed).increment();
  }

  private Map<Channel, Map<Outcome, Counter>> byChannelAndOutcome(String name, String description) {
    Map<Channel, Map<Outcome, Counter>> counters = new EnumMap<>(Channel.class);
    for (Channel channel : Channel.values()) {
      Map<Outcome, Counter> byOutcome = new EnumMap<>(Outcome.class);
      for (Outcome outcome : Outcome.values()) {
        byOutcome.put(outcome, Counter.builder(name).description(description)
            .tag("channel", channel.wire()).tag("outcome", outcome.tag()).register(registry));
      }
      counters.put(channel, byOutcome);
    }
    return counters;
  }

  private Counter quarantineCounter(Channel channel, String reason) {
    return Counter.builder(QUARANTINE).description("Messages put in quarantine (never storable), by channel and reason")
        .tag("channel", channel.wire()).tag("reason", reason).register(registry);
  }

  private Counter confirmationCounter(String outcome) {
    return Counter.builder(MQTT_CONFIRMATIONS).description("Ticket states published back on MQTT after commit")
        .tag("outcome", outcome).register(registry);
  }

  /** Registers a gauge read from the given source whenever Prometheus scrapes. */
  public void gauge(String name, String description, java.util.function.Supplier<Number> source) {
    io.micrometer.core.instrument.Gauge.builder(name, source).description(description).register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void pass(Channel channel, Outcome outcome) {
    passes.get(channel).get(outcome).increment();
  }

  public void latency(Channel channel, Duration d) {
    latency.get(channel).record(d);
  }

  public void batch(int size) {
    batch.record(size);
  }

  /** Adds a closed ticket's net mass; the count is kept as an exact integer and exported as it is. */
  public void closed(Direction direction, String wasteCode, long kg) {
    netKg.computeIfAbsent(direction + "|" + wasteCode, k -> {
      AtomicLong total = new AtomicLong();
      FunctionCounter.builder(TICKET_NET, total, AtomicLong::get)
          .description("Net kilograms of the tickets closed by this instance, by direction and waste code")
          .baseUnit("kilograms")
          .tag("direction", direction.name()).tag("waste_code", wasteCode)
          .register(registry);
      return total;
    }).addAndGet(kg);
  }

  private static Duration ms(long n) {
    return Duration.ofMillis(n);
  }
}
