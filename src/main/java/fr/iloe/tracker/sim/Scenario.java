package fr.iloe.tracker.sim;

import fr.iloe.tracker.domain.Activity;
import fr.iloe.tracker.domain.Allocation;
import fr.iloe.tracker.domain.AllocationLine;
import fr.iloe.tracker.domain.CollectionPoint;
import fr.iloe.tracker.domain.Direction;
import fr.iloe.tracker.domain.Mode;
import fr.iloe.tracker.domain.OperationCode;
import fr.iloe.tracker.domain.Origin;
import fr.iloe.tracker.domain.Pass;
import fr.iloe.tracker.domain.Period;
import fr.iloe.tracker.domain.ReferenceData;
import fr.iloe.tracker.domain.Seq;
import fr.iloe.tracker.domain.Site;
import fr.iloe.tracker.domain.StoredTare;
import fr.iloe.tracker.domain.TicketState;
import fr.iloe.tracker.domain.Tickets;
import fr.iloe.tracker.domain.WasteCode;
import fr.iloe.tracker.domain.Weighbridge;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A day of realistic traffic at one site, from a seed: trucks arriving through the working day with two-pass
 * weighings (and some single passes on stored tares), outbound lots to treatment partners under their
 * operation codes, collection points filling and picked up, a few manual weights and a few malformed
 * messages; and what the tracker must show once it has all of it (worked out with the domain's own rules).
 */
public final class Scenario {
  /** One message to send: its MQTT topic (the same payload goes to HTTP), its bytes, and whether it is valid. */
  public record Message(Instant at, String kind, String topic, byte[] payload, String key, boolean valid) {
    public String payloadText() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  /** What the tracker must show for the scenario's day once every message is in. */
  public record Expectation(LocalDate day, int tickets, int passes, int readings, int malformed,
      Map<String, Long> kgByPartnerActivity, long inKg, Map<Mode, Long> outByMode, long pendingKg) {
    public JsonObject json() {
      JsonObject kg = new JsonObject();
      kgByPartnerActivity.forEach(kg::put);
      JsonObject modes = new JsonObject();
      outByMode.forEach((m, v) -> modes.put(m.name(), v));
      return new JsonObject().put("day", day.toString()).put("tickets", tickets).put("passes", passes)
          .put("readings", readings).put("malformed", malformed).put("kgByPartnerActivity", kg).put("inKg", inKg)
          .put("outByMode", modes).put("pendingKg", pendingKg);
    }
  }

  private static final String[][] LOTS = {
      {"19 12 07", "R3", "p06", "p06"}, {"19 12 02", "R4", "p07", "p07"}, {"19 12 01", "R3", "p06", "p08"},
      {"19 12 12", "R1", "p07", "p09"}, {"19 12 12", "D5", "p07", "p14"}, {"20 03 07", "R0", "p02", "p05"},
      {"19 12 04", "R3", "p06", "p10"}, {"20 03 07", "R13", "p02", "p05"}};
  private static final String[] IN_PLATES = {"AB-123-CD", "EF-456-GH", "IJ-789-KL", "QR-345-ST", "UV-678-WX", "YZ-901-AB"};
  private static final String[] CARRIERS = {"p01", "p02", "p15"};

  private final List<Message> messages;
  private final Expectation expectation;

  private Scenario(List<Message> messages, Expectation expectation) {
    this.messages = messages;
    this.expectation = expectation;
  }

  public List<Message> messages() {
    return messages;
  }

  public Expectation expectation() {
    return expectation;
  }

  /**
   * @param run a prefix of every key and ticket, so that scenarios never collide in one database
   * @param day the simulated day (in the past: a weighing may not be in the future)
   * @param trucks vehicle visits to simulate (about 60 % IN, 40 % OUT)
   */
  public static Scenario generate(long seed, String run, ReferenceData ref, String siteId, LocalDate day, int trucks) {
    Random random = new Random(seed);
    Site site = ref.site(siteId).orElseThrow(() -> new IllegalArgumentException("no site " + siteId + " in the reference data"));
    Weighbridge bridge = site.weighbridges().get(0);
    Instant opening = day.atTime(6, 0).atZone(Period.ZONE).toInstant();
    List<Message> messages = new ArrayList<>();
    List<TicketState> closed = new ArrayList<>();
    int passes = 0;
    int readings = 0;
    int malformed = 0;
    for (int i = 0; i < trucks; i++) {
      Instant arrival = opening.plusSeconds((long) i * 12 * 3600 / Math.max(1, trucks) + random.nextInt(60));
      String ticket = run + "-T" + i;
      boolean in = random.nextInt(10) < 6;
      long tare = bridge.divisionKg() * (400 + random.nextInt(300));
      long load = bridge.divisionKg() * (50 + random.nextInt(600));
      List<Pass> ticketPasses = new ArrayList<>();
      Pass first;
      if (in) {
        String plate = IN_PLATES[random.nextInt(IN_PLATES.length)];
        CollectionPoint point = site.points().get(random.nextInt(site.points().size()));
        String carrier = CARRIERS[random.nextInt(CARRIERS.length)];
        StoredTare stored = ref.storedTare(plate).filter(t -> t.validAt(arrival)).orElse(null);
        boolean single = stored != null && random.nextInt(4) == 0 && stored.kg() + load <= bridge.maxKg();
        boolean manual = random.nextInt(30) == 0;
        // a pickup at the point before the truck comes in, with its estimate
        Instant pickupAt = arrival.minusSeconds(1800 + random.nextInt(1800));
        messages.add(reading(run + "-P" + i, site.id(), point.id(), pickupAt, new JsonObject().put("kind", "pickup")
            .put("plate", plate).put("estimatedKg", Math.max(1, load + random.nextInt(401) - 200)).put("items", 5 + random.nextInt(30))));
        readings++;
        long gross = single ? stored.kg() + load : tare + load;
        first = new Pass(ticket + "-1", ticket, site.id(), bridge.id(), arrival, single ? Seq.SINGLE : Seq.FIRST, gross,
            Direction.IN, plate, carrier, new WasteCode("20 03 07"), new Origin(point.id(), point.insee()), null, null, null,
            manual, manual ? "terminal down, weight read on the display" : null, single ? stored.kg() : null);
        ticketPasses.add(first);
        if (!single) {
          ticketPasses.add(second(ticket, site.id(), bridge.id(), arrival.plusSeconds(600 + random.nextInt(1800)), tare));
        }
      } else {
        String[] lot = LOTS[random.nextInt(LOTS.length)];
        String plate = "OUT-" + (100 + random.nextInt(50));
        first = new Pass(ticket + "-1", ticket, site.id(), bridge.id(), arrival, Seq.FIRST, tare, Direction.OUT, plate,
            lot[2], new WasteCode(lot[0]), null, lot[3], OperationCode.parse(lot[1]).orElseThrow(), null, false, null, null);
        ticketPasses.add(first);
        ticketPasses.add(second(ticket, site.id(), bridge.id(), arrival.plusSeconds(900 + random.nextInt(2700)), tare + load));
      }
      for (Pass p : ticketPasses) {
        messages.add(pass(p));
        passes++;
      }
      TicketState t = Tickets.derive(ticketPasses);
      if (t.closed()) {
        closed.add(t);
      }
      if (random.nextInt(100) == 0) {
        String bad = random.nextBoolean() ? "{\"key\": \"" + run + "-BAD" + i + "\", \"weightKg\": "
            : pass(ticketPasses.get(0)).payloadText().replace("\"weightKg\":" + ticketPasses.get(0).weightKg(), "\"weightKg\":7")
                .replace(ticketPasses.get(0).key(), run + "-BAD" + i);
        messages.add(new Message(arrival, "pass", passTopic(site.id(), bridge.id()), bad.getBytes(StandardCharsets.UTF_8),
            run + "-BAD" + i, false));
        malformed++;
      }
    }
    // fill levels every two hours at every point
    for (CollectionPoint point : site.points()) {
      for (int h = 0; h < 12; h += 2) {
        Instant at = opening.plusSeconds(h * 3600L + random.nextInt(600));
        messages.add(reading(run + "-F-" + point.id() + "-" + h, site.id(), point.id(), at, new JsonObject().put("kind", "fill")
            .put("fillPercent", random.nextInt(101)).put("temperatureC", new java.math.BigDecimal("8.5"))));
        readings++;
      }
    }
    messages.sort(Comparator.comparing(Message::at).thenComparing(Message::key));
    return new Scenario(List.copyOf(messages), expect(day, closed, ref, passes, readings, malformed));
  }

  private static Pass second(String ticket, String site, String bridge, Instant at, long kg) {
    return new Pass(ticket + "-2", ticket, site, bridge, at, Seq.SECOND, kg, null, null, null, null, null, null, null, null,
        false, null, null);
  }

  private static Expectation expect(LocalDate day, List<TicketState> closed, ReferenceData ref, int passes, int readings,
      int malformed) {
    Map<String, Long> kg = new TreeMap<>();
    long in = 0;
    long pending = 0;
    Map<Mode, Long> byMode = new EnumMap<>(Mode.class);
    for (TicketState t : closed) {
      for (AllocationLine l : Allocation.lines(t, ref.allocationRules(), List.of())) {
        kg.merge(l.partner() + "/" + l.activity(), l.kg(), Long::sum);
        if (l.activity() == Activity.COLLECTION) {
          in += l.kg();
        } else if (l.activity() == Activity.TREATMENT) {
          if (l.mode() == null) {
            pending += l.kg();
          } else {
            byMode.merge(l.mode(), l.kg(), Long::sum);
          }
        }
      }
    }
    return new Expectation(day, closed.size(), passes, readings, malformed, kg, in, byMode, pending);
  }

  private static Message pass(Pass p) {
    JsonObject j = new JsonObject().put("key", p.key()).put("ticket", p.ticket()).put("site", p.site())
        .put("bridge", p.bridge()).put("at", p.at().toString()).put("seq", p.seq().wire()).put("weightKg", p.weightKg());
    if (p.direction() != null) {
      j.put("direction", p.direction().name()).put("plate", p.plate()).put("carrier", p.carrier())
          .put("wasteCode", p.wasteCode().code());
    }
    if (p.origin() != null) {
      j.put("origin", new JsonObject().put("point", p.origin().point()).put("insee", p.origin().insee()));
    }
    if (p.destination() != null) {
      j.put("destination", p.destination()).put("operation", p.operation().toString());
    }
    if (p.manual()) {
      j.put("manual", true).put("manualReason", p.manualReason());
    }
    return new Message(p.at(), "pass", passTopic(p.site(), p.bridge()), j.encode().getBytes(StandardCharsets.UTF_8), p.key(),
        true);
  }

  private static Message reading(String key, String site, String point, Instant at, JsonObject fields) {
    JsonObject j = new JsonObject().put("key", key).put("site", site).put("point", point).put("at", at.toString())
        .mergeIn(fields);
    return new Message(at, "reading", "iloe/v1/sites/" + site + "/points/" + point + "/readings",
        j.encode().getBytes(StandardCharsets.UTF_8), key, true);
  }

  static String passTopic(String site, String bridge) {
    return "iloe/v1/sites/" + site + "/weighbridges/" + bridge + "/passes";
  }
}
