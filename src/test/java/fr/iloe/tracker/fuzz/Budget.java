package fr.iloe.tracker.fuzz;

import java.time.Duration;

/**
 * How long and from which seed a fuzz test runs: {@code -Dfuzz.seconds} (default 8 for the parsers, a fixed
 * number of requests for the HTTP API) and {@code -Dfuzz.seed} (default fixed, so that {@code make test} is
 * reproducible; {@code make fuzz} draws one and prints it). A failure names its seed and case index.
 */
record Budget(long seed, Duration time, int cases) {
  static Budget of(int defaultSeconds, int defaultCases) {
    String seed = System.getProperty("fuzz.seed", "20261128");
    long s = seed.equals("random") ? new java.security.SecureRandom().nextLong() : Long.parseLong(seed);
    int seconds = Integer.getInteger("fuzz.seconds", defaultSeconds);
    int cases = Integer.getInteger("fuzz.cases", defaultCases);
    System.out.printf("fuzz seed %d (replay with -Dfuzz.seed=%d), at most %d s and %d cases%n", s, s, seconds, cases);
    return new Budget(s, Duration.ofSeconds(seconds), cases);
  }

  /** The seed of case {@code i}: each case can be replayed alone. */
  long caseSeed(int i) {
    return seed * 1_000_003L + i;
  }
}
