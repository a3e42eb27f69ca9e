package fr.iloe.tracker.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The integer split of domain.md B5: a whole number of kilograms divided in proportion to weights (basis
 * points, or kilograms), each part floored, then the kilograms left over given one by one to the largest
 * fractional remainders, ties to the key that sorts first. The parts always sum exactly to the total, and
 * the result does not depend on the order the weights are given in.
 */
public final class Split {
  private Split() {}

  /**
   * @param total kilograms to split, zero or more
   * @param weights positive weights by key (partner id, mode...)
   * @return the part of each key, in key order, summing exactly to {@code total}
   */
  public static Map<String, Long> split(long total, Map<String, Long> weights) {
    if (total < 0) {
      throw new IllegalArgumentException("cannot split a negative mass: " + total);
    }
    if (weights.isEmpty()) {
      throw new IllegalArgumentException("nothing to split " + total + " kg between");
    }
    long sum = 0;
    for (Map.Entry<String, Long> w : weights.entrySet()) {
      if (w.getValue() <= 0) {
        throw new IllegalArgumentException("weight of " + w.getKey() + " must be positive: " + w.getValue());
      }
      sum = Math.addExact(sum, w.getValue());
    }
    record Part(String key, long floor, long remainder) {}
    List<Part> parts = new ArrayList<>();
    long given = 0;
    for (Map.Entry<String, Long> w : weights.entrySet()) {
      long product = Math.multiplyExact(total, w.getValue());
      parts.add(new Part(w.getKey(), product / sum, product % sum));
      given += product / sum;
    }
    long left = total - given;
    parts.sort(Comparator.comparingLong(Part::remainder).reversed().thenComparing(Part::key));
    Map<String, Long> out = new java.util.TreeMap<>();
    for (int i = 0; i < parts.size(); i++) {
      Part p = parts.get(i);
      out.put(p.key(), p.floor() + (i < left ? 1 : 0));
    }
    return new LinkedHashMap<>(out);
  }
}
