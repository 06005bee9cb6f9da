package io.emporium.tests;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Repeats a probe until its result satisfies a condition or a deadline passes: no blind sleeps. */
public final class Poll {
  static final Duration INTERVAL = Duration.ofMillis(100);

  private Poll() {}

  /**
   * The first result of {@code probe} that satisfies {@code done}. A probe that throws (connection
   * refused, a failed assertion on an answer, ...) counts as not done yet. After {@code timeout}, fails with the last observation.
   */
  public static <T> T until(String what, Duration timeout, Supplier<T> probe, Predicate<T> done) {
    return until(what, timeout, INTERVAL, probe, done);
  }

  /** As {@link #until(String, Duration, Supplier, Predicate)}, probing every {@code interval}. */
  public static <T> T until(String what, Duration timeout, Duration interval, Supplier<T> probe, Predicate<T> done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Object last = "(nothing observed)";
    while (true) {
      try {
        T value = probe.get();
        if (done.test(value)) {
          return value;
        }
        last = value;
      } catch (RuntimeException | AssertionError e) {
        last = e;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + ": not reached within " + timeout.toMillis() + " ms; last observed: " + last);
      }
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for: " + what, e);
      }
    }
  }
}
