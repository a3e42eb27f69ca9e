package fr.iloe.tracker.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.iloe.tracker.domain.Fixtures;
import fr.iloe.tracker.domain.FieldError;
import fr.iloe.tracker.domain.InvalidInputException;
import fr.iloe.tracker.domain.Pass;
import fr.iloe.tracker.domain.Reading;
import fr.iloe.tracker.domain.ReadingRules;
import fr.iloe.tracker.domain.ReferenceData;
import fr.iloe.tracker.domain.Weighbridge;
import fr.iloe.tracker.ingest.MalformedInputException;
import fr.iloe.tracker.ingest.PassParser;
import fr.iloe.tracker.ingest.ReadingParser;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Random mutations of valid passes and readings through the parsers, for a bounded time: each one is either
 * refused with {@link MalformedInputException} or {@link InvalidInputException} carrying at least one field
 * error, or admitted, and then it satisfies the rules again when checked here independently of the parser.
 * No other exception may escape. The mutations are seeded; a failure names the seed and the case.
 */
@DisplayName("Fuzzing the parsers: no exception escapes, nothing invalid is admitted")
class ParserFuzzTest {
  private static final ReferenceData REF = Fixtures.reference();
  private static final Instant NOW = Fixtures.NOW;
  private static final Duration SKEW = Duration.ofMinutes(5);
  private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,128}");

  private record Outcome(int admitted, int malformed, int invalid, int cases) {}

  @Test
  @DisplayName("passes: mutated bodies are refused with field errors or admitted only when valid")
  void passes() {
    PassParser parser = new PassParser(Fixtures.rules());
    List<JsonObject> seeds = List.of(
        json("""
            {"key":"wb1-000123","ticket":"T-123","site":"saint-priest","bridge":"wb1","at":"2026-11-28T09:14:03+01:00",
             "seq":"first","weightKg":18460,"direction":"IN","plate":"AB-123-CD","carrier":"p01","wasteCode":"20 03 07",
             "origin":{"point":"cp-001","insee":"69259"},"destination":null,"operation":null,"manual":false,"manualReason":null}"""),
        json("""
            {"key":"wb1-000124","ticket":"T-123","site":"saint-priest","bridge":"wb1","at":"2026-11-28T09:15:03+01:00",
             "seq":"second","weightKg":11220,"manual":true,"manualReason":"terminal down"}"""),
        json("""
            {"key":"wb1-000125","ticket":"T-124","site":"saint-priest","bridge":"wb1","at":"2026-11-28T09:16:03+01:00",
             "seq":"single","weightKg":15000,"direction":"IN","plate":"AB-123-CD","carrier":"p01","wasteCode":"20 03 07"}"""),
        json("""
            {"key":"wb1-000126","ticket":"T-125","site":"saint-priest","bridge":"wb1","at":"2026-11-28T09:17:03+01:00",
             "seq":"first","weightKg":12000,"direction":"OUT","plate":"EF-456-GH","carrier":"p01","wasteCode":"19 12 07",
             "destination":"p02","operation":"R3","mode":"RECYCLING"}"""));
    Outcome o = fuzz(seeds, bytes -> parser.read(bytes, PassParser.Expected.NOTHING, REF, NOW), ParserFuzzTest::checkPass);
    System.out.printf("fuzz passes: %d cases, %d admitted, %d malformed, %d with field errors%n", o.cases(), o.admitted(),
        o.malformed(), o.invalid());
    // the mutations reach both sides: a fuzzer that only ever produces garbage proves little
    assertTrue(o.admitted() > 0 && o.invalid() > 0 && o.malformed() > 0, o.toString());
  }

  @Test
  @DisplayName("readings: mutated bodies are refused with field errors or admitted only when valid")
  void readings() {
    ReadingParser parser = new ReadingParser(new ReadingRules(SKEW));
    List<JsonObject> seeds = List.of(
        json("""
            {"key":"cp1-f1","site":"saint-priest","point":"cp-001","at":"2026-11-28T09:00:00+01:00","kind":"fill",
             "fillPercent":72.5,"temperatureC":11.5}"""),
        json("""
            {"key":"cp1-p1","site":"saint-priest","point":"cp-001","at":"2026-11-28T09:10:00+01:00","kind":"pickup",
             "plate":"AB-123-CD","estimatedKg":850,"items":12}"""));
    Outcome o = fuzz(seeds, bytes -> parser.read(bytes, ReadingParser.Expected.NOTHING, REF, NOW),
        ParserFuzzTest::checkReading);
    System.out.printf("fuzz readings: %d cases, %d admitted, %d malformed, %d with field errors%n", o.cases(),
        o.admitted(), o.malformed(), o.invalid());
    assertTrue(o.admitted() > 0 && o.invalid() > 0 && o.malformed() > 0, o.toString());
  }

  private static <T> Outcome fuzz(List<JsonObject> seeds, Function<byte[], T> parse, Function<T, List<String>> check) {
    Budget budget = Budget.of(5, 200_000);
    long deadline = System.nanoTime() + budget.time().toNanos();
    List<String> failures = new ArrayList<>();
    int admitted = 0;
    int malformed = 0;
    int invalid = 0;
    int i = 0;
    for (; i < budget.cases() && System.nanoTime() < deadline && failures.size() < 10; i++) {
      Mutator m = new Mutator(budget.caseSeed(i));
      byte[] bytes = m.mutate(seeds.get(m.random().nextInt(seeds.size())));
      String replay = "seed " + budget.seed() + " case " + i + ": " + excerpt(bytes);
      try {
        T parsed = parse.apply(bytes);
        admitted++;
        check.apply(parsed).forEach(problem -> failures.add(replay + " admitted although " + problem));
      } catch (MalformedInputException e) {
        malformed++;
        if (e.getMessage() == null || e.getMessage().isBlank()) {
          failures.add(replay + " malformed without a message");
        }
      } catch (InvalidInputException e) {
        invalid++;
        if (e.errors().isEmpty()) {
          failures.add(replay + " refused without a field error");
        }
        for (FieldError fe : e.errors()) {
          if (fe.field() == null || fe.message() == null || fe.message().isBlank()) {
            failures.add(replay + " field error without field or message: " + fe);
          }
        }
      } catch (RuntimeException | StackOverflowError e) {
        failures.add(replay + " threw " + e);
      }
    }
    assertEquals(List.of(), failures);
    return new Outcome(admitted, malformed, invalid, i);
  }

  /** The rules of interface.md, checked again on an admitted pass. */
  private static List<String> checkPass(Pass p) {
    List<String> problems = new ArrayList<>();
    if (p.key() == null || !KEY.matcher(p.key()).matches()) {
      problems.add("key " + p.key());
    }
    if (p.ticket() == null || p.ticket().isEmpty() || p.ticket().length() > 64) {
      problems.add("ticket " + p.ticket());
    }
    Weighbridge bridge = REF.site(p.site()).flatMap(s -> s.bridge(p.bridge())).orElse(null);
    if (bridge == null) {
      problems.add("unknown site or bridge " + p.site() + "/" + p.bridge());
    } else if (p.weightKg() == null || p.weightKg() < bridge.minKg() || p.weightKg() > bridge.maxKg()
        || p.weightKg() % bridge.divisionKg() != 0) {
      problems.add("weight " + p.weightKg() + " on " + bridge);
    }
    if (p.at() == null || p.at().isAfter(NOW.plus(SKEW)) || p.at().isBefore(Instant.parse("2000-01-01T00:00:00Z"))) {
      problems.add("at " + p.at());
    }
    if (p.seq() == null) {
      problems.add("no seq");
    } else if (p.seq().opens() && (p.direction() == null || p.plate() == null || p.carrier() == null || p.wasteCode() == null)) {
      problems.add("an opening pass without direction, plate, carrier or waste code");
    }
    if (p.carrier() != null && REF.partner(p.carrier()).isEmpty()) {
      problems.add("unknown carrier " + p.carrier());
    }
    if (p.manual() != (p.manualReason() != null) || (p.manual() && p.manualReason().isBlank())) {
      problems.add("manual " + p.manual() + " with reason " + p.manualReason());
    }
    if (p.seq() == fr.iloe.tracker.domain.Seq.SINGLE && (p.storedTareKg() == null || p.storedTareKg() >= p.weightKg())) {
      problems.add("single pass with stored tare " + p.storedTareKg());
    }
    return problems;
  }

  private static List<String> checkReading(Reading r) {
    List<String> problems = new ArrayList<>();
    if (r.key() == null || !KEY.matcher(r.key()).matches()) {
      problems.add("key " + r.key());
    }
    if (REF.site(r.site()).flatMap(s -> s.point(r.point())).isEmpty()) {
      problems.add("unknown point " + r.site() + "/" + r.point());
    }
    if (r.at() == null || r.at().isAfter(NOW.plus(SKEW)) || r.at().isBefore(Instant.parse("2000-01-01T00:00:00Z"))) {
      problems.add("at " + r.at());
    }
    if (r.kind() == Reading.Kind.FILL) {
      BigDecimal f = r.fillPercent();
      if (f == null || f.signum() < 0 || f.compareTo(BigDecimal.valueOf(100)) > 0 || r.estimatedKg() != null) {
        problems.add("fill " + f + " estimated " + r.estimatedKg());
      }
    } else if (r.kind() == Reading.Kind.PICKUP) {
      if (r.plate() == null || r.estimatedKg() == null || r.estimatedKg() <= 0 || r.fillPercent() != null) {
        problems.add("pickup " + r.plate() + " " + r.estimatedKg() + " fill " + r.fillPercent());
      }
    } else {
      problems.add("no kind");
    }
    return problems;
  }

  private static JsonObject json(String text) {
    return new JsonObject(text);
  }

  static String excerpt(byte[] bytes) {
    String s = new String(bytes, StandardCharsets.UTF_8);
    return s.length() > 300 ? s.substring(0, 300) + "… (" + bytes.length + " bytes)" : s;
  }
}
