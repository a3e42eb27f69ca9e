package fr.iloe.tracker.fuzz;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded mutations of a valid message, from the plausible (a field missing, a number where a string was, a
 * date without its zone) to the hostile (truncated bytes, invalid UTF-8, a duplicated key, ten thousand nested
 * arrays, a number of four hundred digits). A failing case is replayed from its seed and index.
 */
final class Mutator {
  /** Names the parsers know, and a few they do not, so that a mutation can add a field as well as change one. */
  private static final String[] NAMES = {"key", "ticket", "site", "bridge", "at", "seq", "weightKg", "direction",
      "plate", "carrier", "wasteCode", "origin", "destination", "operation", "mode", "manual", "manualReason",
      "point", "kind", "fillPercent", "temperatureC", "estimatedKg", "items", "netKg", "Key", "weightkg", "tareKg",
      "", "__proto__", "weightKg ", "wéightKg"};

  private final Random random;

  Mutator(long seed) {
    this.random = new Random(seed);
  }

  Random random() {
    return random;
  }

  /** One to three structural mutations, then, one time in four, a mutation of the bytes themselves. */
  byte[] mutate(JsonObject valid) {
    JsonObject json = valid.copy();
    int n = 1 + random.nextInt(3);
    for (int i = 0; i < n; i++) {
      mutateStructure(json);
    }
    byte[] bytes = json.encode().getBytes(StandardCharsets.UTF_8);
    return random.nextInt(4) == 0 ? mutateBytes(bytes) : bytes;
  }

  private void mutateStructure(JsonObject json) {
    List<String> present = new ArrayList<>(json.fieldNames());
    String name = !present.isEmpty() && random.nextInt(4) != 0 ? present.get(random.nextInt(present.size()))
        : NAMES[random.nextInt(NAMES.length)];
    switch (random.nextInt(6)) {
      case 0 -> json.remove(name);
      case 1 -> {
        Object v = json.remove(name);
        json.put(rename(name), v);
      }
      case 2 -> {
        // a value taken from another field: the right type in the wrong place
        if (!present.isEmpty()) {
          json.put(name, json.getValue(present.get(random.nextInt(present.size()))));
        }
      }
      case 3 -> {
        if (json.getValue(name) instanceof JsonObject nested) {
          mutateStructure(nested);
        } else {
          json.put(name, value());
        }
      }
      default -> json.put(name, value());
    }
  }

  private String rename(String name) {
    return switch (random.nextInt(4)) {
      case 0 -> name.toUpperCase(java.util.Locale.ROOT);
      case 1 -> name + " ";
      case 2 -> name.isEmpty() ? "x" : name.substring(1);
      default -> "\u200b" + name;
    };
  }

  /** A value of any JSON type, biased towards the edges. */
  Object value() {
    return switch (random.nextInt(24)) {
      case 0 -> null;
      case 1 -> random.nextBoolean();
      case 2 -> 0;
      case 3 -> -1;
      case 4 -> Long.MAX_VALUE;
      case 5 -> Long.MIN_VALUE;
      case 6 -> new BigInteger("9".repeat(1 + random.nextInt(400)));
      case 7 -> new BigDecimal("18460.5");
      case 8 -> new BigDecimal("1E+400");
      case 9 -> new BigDecimal("-0.0");
      case 10 -> random.nextInt(200_000) - 100_000;
      case 11 -> "";
      case 12 -> " ";
      case 13 -> "x".repeat(1 + random.nextInt(20_000));
      case 14 -> "a\u0000b";
      case 15 -> "\u202eDC-321-BA\ud83d\ude9a";
      case 16 -> "\ud800";
      case 17 -> pick("2026-02-30T10:00:00Z", "2026-11-28T09:14:03", "9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z",
          "-999999999-01-01T00:00:00Z", "2026-11-28T09:14:03+25:00", "1764320043", "2026-11-28 09:14:03Z",
          "2026-11-28T09:14:03.123456789123Z");
      case 18 -> pick("first", "second", "single", "FIRST", "third", "IN", "OUT", "in", "REUSE", "R3", "R 13", "D15",
          "R0", "R14", "D16", "20 03 07", "20 03 07*", "200307", "99 99 99", "saint-priest", "wb1", "wb9", "cp-001",
          "p01", "p99", "fill", "pickup", "AB-123-CD", "ab 123 cd", "EF-456-GH", "--", "manual");
      case 19 -> new JsonArray().add(value());
      case 20 -> new JsonObject().put(NAMES[random.nextInt(NAMES.length)], value());
      case 21 -> random.nextInt(101);
      case 22 -> new BigDecimal(random.nextInt(2_000) - 500).movePointLeft(random.nextInt(3));
      default -> (long) (random.nextInt(3_000) + 1) * 20;
    };
  }

  private String pick(String... options) {
    return options[random.nextInt(options.length)];
  }

  private byte[] mutateBytes(byte[] b) {
    String text = new String(b, StandardCharsets.UTF_8);
    return switch (random.nextInt(9)) {
      case 0 -> java.util.Arrays.copyOf(b, random.nextInt(Math.max(1, b.length)));
      case 1 -> {
        byte[] c = b.clone();
        if (c.length > 0) {
          c[random.nextInt(c.length)] ^= (byte) (1 << random.nextInt(8));
        }
        yield c;
      }
      case 2 -> {
        byte[] c = new byte[b.length + 2];
        int at = random.nextInt(b.length + 1);
        System.arraycopy(b, 0, c, 0, at);
        c[at] = (byte) 0xC3;
        c[at + 1] = (byte) 0x28;
        System.arraycopy(b, at, c, at + 2, b.length - at);
        yield c;
      }
      case 3 -> text.replaceFirst("\\{", "{\"key\":\"dup-" + random.nextInt(1000) + "\",").getBytes(StandardCharsets.UTF_8);
      case 4 -> ("\ufeff" + text).getBytes(StandardCharsets.UTF_8);
      case 5 -> "[".repeat(10_000).getBytes(StandardCharsets.UTF_8);
      case 6 -> (text + random.nextInt(10)).getBytes(StandardCharsets.UTF_8);
      case 7 -> text.replace(":", ":" + "{\"a\":".repeat(200) + "1" + "}".repeat(200) + ",\"z\":")
          .getBytes(StandardCharsets.UTF_8);
      default -> pick("", "null", "[]", "\"text\"", "42", "{}", "{\"key\":}", "{'key':'single quotes'}",
          "{\"key\":\"a\"} trailing", "/* comment */ {}", "{\"weightKg\":NaN}").getBytes(StandardCharsets.UTF_8);
    };
  }
}
