package fr.iloe.tracker.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Properties of the integer split, checked on random cases: each case comes from its own seed, named in a
 * failure so that it can be replayed.
 */
@DisplayName("The integer split of domain.md B5")
class SplitPropertiesTest {
  private static final int CASES = 2000;

  /** A share set in basis points summing to 10,000 over 1 to 8 partners named p01..p08, in random order. */
  static Map<String, Long> shares(Random random) {
    int n = 1 + random.nextInt(8);
    List<Integer> points = new ArrayList<>(List.of(0, 10_000));
    while (points.size() < n + 1) {
      int cut = 1 + random.nextInt(9_999);
      if (!points.contains(cut)) {
        points.add(cut);
      }
    }
    Collections.sort(points);
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      ids.add(String.format("p%02d", i));
    }
    Collections.shuffle(ids, random);
    Map<String, Long> shares = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      shares.put(ids.get(i), (long) (points.get(i + 1) - points.get(i)));
    }
    return shares;
  }

  @Test
  @DisplayName("the parts sum exactly to the net, none is negative, each is its share floored or one kilogram more")
  void sumsToNet() {
    for (long seed = 0; seed < CASES; seed++) {
      Random random = new Random(seed);
      long net = random.nextInt(60_001);
      Map<String, Long> shares = shares(random);
      Map<String, Long> parts = Split.split(net, shares);
      String label = "seed " + seed + ": " + net + " kg over " + shares + " gave " + parts;
      assertEquals(net, parts.values().stream().mapToLong(Long::longValue).sum(), label);
      assertEquals(shares.keySet(), parts.keySet(), label);
      for (Map.Entry<String, Long> p : parts.entrySet()) {
        long floor = net * shares.get(p.getKey()) / 10_000;
        assertTrue(p.getValue() == floor || p.getValue() == floor + 1, label);
      }
    }
  }

  @Test
  @DisplayName("the result does not depend on the order the shares are given in")
  void orderIndependent() {
    for (long seed = 0; seed < CASES; seed++) {
      Random random = new Random(seed);
      long net = random.nextInt(60_001);
      Map<String, Long> shares = shares(random);
      List<Map.Entry<String, Long>> entries = new ArrayList<>(shares.entrySet());
      Collections.reverse(entries);
      Map<String, Long> reversed = new LinkedHashMap<>();
      entries.forEach(e -> reversed.put(e.getKey(), e.getValue()));
      assertEquals(Split.split(net, shares), Split.split(net, reversed), "seed " + seed);
    }
  }

  @Test
  @DisplayName("1,000 kg over 3,333 / 3,333 / 3,334 bp: 333, 333, 334")
  void threeShares() {
    Map<String, Long> shares = new LinkedHashMap<>();
    shares.put("p03", 3333L);
    shares.put("p04", 3333L);
    shares.put("p15", 3334L);
    assertEquals(Map.of("p03", 333L, "p04", 333L, "p15", 334L), Split.split(1000, shares));
  }

  @Test
  @DisplayName("the spare kilograms go to the largest remainders, ties to the id that sorts first")
  void tieToFirstId() {
    Map<String, Long> shares = new LinkedHashMap<>();
    shares.put("p09", 3333L);
    shares.put("p02", 3333L);
    shares.put("p05", 3334L);
    // 100 * 3333 / 10000 = 33.33 -> 33 (remainder 3300); 100 * 3334 / 10000 = 33.34 -> 33 (remainder 3400)
    // one kilogram left: the largest remainder is p05's
    assertEquals(Map.of("p02", 33L, "p05", 34L, "p09", 33L), Split.split(100, shares));
    // 11 kg over two equal halves: one kilogram left, a tie, to p02
    assertEquals(Map.of("p02", 6L, "p09", 5L), Split.split(11, Map.of("p09", 5000L, "p02", 5000L)));
  }

  @Test
  @DisplayName("7,240 kg at 60 / 40 %: 4,344 and 2,896")
  void sixtyForty() {
    assertEquals(Map.of("p03", 4344L, "p04", 2896L), Split.split(7240, Map.of("p03", 6000L, "p04", 4000L)));
  }
}
