package fr.iloe.tracker.api;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per caller: {@code perSecond} requests a second on average, bursts up to twice that. Zero
 * disables the limit.
 */
public final class RateLimiter {
  private final double perSecond;
  private final double burst;
  private final Clock clock;
  private final Map<String, double[]> buckets = new ConcurrentHashMap<>();

  public RateLimiter(int perSecond, Clock clock) {
    this.perSecond = perSecond;
    this.burst = 2.0 * perSecond;
    this.clock = clock;
  }

  /** Takes one request from the caller's bucket: null when allowed, else how long until one is. */
  public Duration take(String caller) {
    if (perSecond <= 0) {
      return null;
    }
    long now = clock.millis();
    double[] b = buckets.computeIfAbsent(caller, k -> new double[] {burst, now});
    synchronized (b) {
      b[0] = Math.min(burst, b[0] + (now - b[1]) * perSecond / 1000.0);
      b[1] = now;
      if (b[0] >= 1) {
        b[0] -= 1;
        return null;
      }
      return Duration.ofMillis((long) Math.ceil((1 - b[0]) * 1000.0 / perSecond));
    }
  }
}
