package fr.iloe.tracker;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition to hold, checking it every 50 ms: no fixed sleeps in the tests. */
public final class Await {
  private Await() {}

  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }

  /** Waits until {@code value} equals {@code expected}, and says what it last saw when it does not. */
  public static <T> void equal(String what, T expected, Duration timeout, Supplier<T> value) {
    Object[] last = new Object[1];
    try {
      until(what + " = " + expected, timeout, () -> {
        last[0] = value.get();
        return expected.equals(last[0]);
      });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + " (last seen: " + last[0] + ")");
    }
  }
}
