package fr.iloe.tracker.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

@Label("The integer split of domain.md B5")
class SplitPropertiesTest {

  /** Share sets in basis points summing to 10,000 over 1 to 8 partners named p01..p08 in random order. */
  @Provide
  Arbitrary<Map<String, Long>> shares() {
    return Arbitraries.integers().between(1, 8).flatMap(n -> Arbitraries.integers().between(1, 9_999)
        .list().ofSize(n - 1).uniqueElements().map(cuts -> {
          List<Integer> points = new ArrayList<>(cuts);
          points.add(0);
          points.add(10_000);
          Collections.sort(points);
          List<String> ids = new ArrayList<>();
          for (int i = 1; i <= n; i++) {
            ids.add(String.format("p%02d", i));
          }
          Collections.shuffle(ids, new Random(points.hashCode()));
          Map<String, Long> shares = new LinkedHashMap<>();
          for (int i = 0; i < n; i++) {
            shares.put(ids.get(i), (long) (points.get(i + 1) - points.get(i)));
          }
          return shares;
        }));
  }

  @Property(tries = 2000)
  @Label("the parts sum exactly to the net, none is negative, none exceeds its share by a kilogram")
  void sumsToNet(@ForAll @LongRange(min = 0, max = 60_000) long net, @ForAll("shares") Map<String, Long> shares) {
    Map<String, Long> parts = Split.split(net, shares);
    assertEquals(net, parts.values().stream().mapToLong(Long::longValue).sum());
    assertEquals(shares.keySet(), parts.keySet());
    for (Map.Entry<String, Long> p : parts.entrySet()) {
      assertTrue(p.getValue() >= 0);
      long exactTimes10k = net * shares.get(p.getKey());
      // floor(net * bp / 10000) <= part <= floor + 1
      assertTrue(p.getValue() * 10_000 >= exactTimes10k - 9_999 && p.getValue() * 10_000 <= exactTimes10k + 10_000,
          p + " of " + net + " at " + shares.get(p.getKey()) + " bp");
    }
  }

  @Property(tries = 1000)
  @Label("the result does not depend on the order the shares are given in")
  void orderIndependent(@ForAll @LongRange(min = 0, max = 60_000) long net, @ForAll("shares") Map<String, Long> shares) {
    List<Map.Entry<String, Long>> entries = new ArrayList<>(shares.entrySet());
    Collections.reverse(entries);
    Map<String, Long> reversed = new LinkedHashMap<>();
    entries.forEach(e -> reversed.put(e.getKey(), e.getValue()));
    assertEquals(Split.split(net, shares), Split.split(net, reversed));
  }

  @Example
  @Label("1,000 kg over 3,333 / 3,333 / 3,334 bp: 333, 333, 334")
  void threeShares() {
    Map<String, Long> shares = new LinkedHashMap<>();
    shares.put("p03", 3333L);
    shares.put("p04", 3333L);
    shares.put("p15", 3334L);
    assertEquals(Map.of("p03", 333L, "p04", 333L, "p15", 334L), Split.split(1000, shares));
  }

  @Example
  @Label("100 kg over three equal thirds (3,333 bp each, plus 1): the spare kilogram goes to the id that sorts first")
  void tieToFirstId() {
    Map<String, Long> shares = new LinkedHashMap<>();
    shares.put("p09", 3333L);
    shares.put("p02", 3333L);
    shares.put("p05", 3334L);
    // 100 * 3333 / 10000 = 33.33 -> 33 (remainder 3300); 100 * 3334 / 10000 = 33.34 -> 33 (remainder 3400)
    // one kilogram left: the largest remainder is p05's
    assertEquals(Map.of("p02", 33L, "p05", 34L, "p09", 33L), Split.split(100, shares));
    // 10 kg over two equal halves: 5 and 5, nothing left; 11 kg: one left, tie, to p02
    assertEquals(Map.of("p02", 6L, "p09", 5L), Split.split(11, Map.of("p09", 5000L, "p02", 5000L)));
  }

  @Example
  @Label("7,240 kg at 60 / 40 %: 4,344 and 2,896")
  void sixtyForty() {
    assertEquals(Map.of("p03", 4344L, "p04", 2896L), Split.split(7240, Map.of("p03", 6000L, "p04", 4000L)));
  }
}
