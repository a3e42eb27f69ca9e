package fr.iloe.tracker.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The chain's canonical form is written by hand for speed; every hash already stored was computed from Jackson's
 * encoding, so the two must agree character for character, or the chain of every existing database stops verifying.
 */
@DisplayName("The canonical form of a chained record is Jackson's encoding, character for character")
class CanonicalFormTest {
  @Test
  @DisplayName("every UTF-16 code unit, alone and between letters")
  void everyCharacter() {
    for (int c = 0; c <= 0xFFFF; c++) {
      String s = "a" + (char) c + "b";
      assertEquals(Chain.jackson("k", s, String.valueOf((char) c)), Chain.canonical("k", s, String.valueOf((char) c)),
          "character U+" + Integer.toHexString(c));
    }
  }

  @Test
  @DisplayName("random strings, numbers, booleans, nulls, instants, decimals, enums")
  void randomFields() {
    Random random = new Random(20261129);
    for (int i = 0; i < 20_000; i++) {
      Object[] fields = new Object[1 + random.nextInt(12)];
      for (int f = 0; f < fields.length; f++) {
        fields[f] = switch (random.nextInt(9)) {
          case 0 -> null;
          case 1 -> random.nextLong();
          case 2 -> random.nextInt();
          case 3 -> random.nextBoolean();
          case 4 -> Instant.ofEpochSecond(random.nextInt(2_000_000_000), random.nextInt(1_000_000_000));
          case 5 -> OffsetDateTime.ofInstant(Instant.ofEpochMilli(random.nextLong() % 4_000_000_000_000L), ZoneOffset.UTC);
          case 6 -> new BigDecimal(random.nextLong()).movePointLeft(random.nextInt(6));
          case 7 -> Thread.State.values()[random.nextInt(Thread.State.values().length)];
          default -> randomString(random);
        };
      }
      assertEquals(Chain.jackson("pass", fields), Chain.canonical("pass", fields));
    }
  }

  @Test
  @DisplayName("a field of another type goes through Jackson itself")
  void otherType() {
    Object[] fields = {"a", new io.vertx.core.json.JsonArray().add(1).add("x"), 2L};
    assertEquals("[\"k\",\"a\",[1,\"x\"],2]", Chain.canonical("k", fields));
  }

  @Test
  @DisplayName("instants as Instant.toString writes them truncated to the microsecond, years 0 to 9999 and beyond")
  void instants() {
    Random random = new Random(29);
    List<Instant> cases = new java.util.ArrayList<>(List.of(Instant.EPOCH, Instant.parse("0000-01-01T00:00:00Z"),
        Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("-0001-12-31T23:59:59Z"),
        Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("2026-11-29T00:00:00.100Z"),
        Instant.parse("2026-11-29T00:00:00.000001Z"), Instant.parse("2026-11-29T00:00:00.000000999Z"),
        Instant.parse("2024-02-29T23:59:59.120Z"), Instant.parse("1969-12-31T23:59:59.999999Z")));
    for (int i = 0; i < 200_000; i++) {
      long seconds = -62_167_219_200L + (long) (random.nextDouble() * (253_402_300_800L + 62_167_219_200L));
      int nanos = switch (random.nextInt(4)) {
        case 0 -> 0;
        case 1 -> random.nextInt(1000) * 1_000_000;
        case 2 -> random.nextInt(1_000_000) * 1000;
        default -> random.nextInt(1_000_000_000);
      };
      cases.add(Instant.ofEpochSecond(seconds, nanos));
    }
    for (Instant t : cases) {
      assertEquals(t.truncatedTo(java.time.temporal.ChronoUnit.MICROS).toString(), Chain.iso(t), t::toString);
    }
  }

  @Test
  @DisplayName("a time bound to a statement is the instant at offset UTC, to the nanosecond")
  void utc() {
    Random random = new Random(7);
    for (int i = 0; i < 100_000; i++) {
      Instant t = Instant.ofEpochSecond(random.nextLong() % 300_000_000_000L, random.nextInt(1_000_000_000));
      assertEquals(t.atOffset(ZoneOffset.UTC), TicketStore.utc(t));
    }
    assertEquals(null, TicketStore.utc(null));
  }

  @Test
  @DisplayName("a notification row is the JsonArray's encoding, whatever its values")
  void rows() {
    Random random = new Random(1129);
    for (int i = 0; i < 20_000; i++) {
      Object[] values = new Object[random.nextInt(8)];
      for (int v = 0; v < values.length; v++) {
        values[v] = switch (random.nextInt(6)) {
          case 0 -> null;
          case 1 -> random.nextLong();
          case 2 -> random.nextInt();
          case 3 -> random.nextBoolean();
          case 4 -> new BigDecimal(random.nextInt()).movePointLeft(2);
          default -> randomString(random);
        };
      }
      assertEquals(new io.vertx.core.json.JsonArray(new java.util.ArrayList<>(java.util.Arrays.asList(values))).encode(),
          Chain.row(values));
    }
  }

  private static String randomString(Random random) {
    StringBuilder s = new StringBuilder();
    int n = random.nextInt(40);
    for (int i = 0; i < n; i++) {
      s.append(switch (random.nextInt(4)) {
        case 0 -> (char) random.nextInt(0x20);
        case 1 -> "\"\\/é€😀".charAt(random.nextInt(7));
        case 2 -> (char) random.nextInt(0x10000);
        default -> (char) ('a' + random.nextInt(26));
      });
    }
    return s.toString();
  }
}
