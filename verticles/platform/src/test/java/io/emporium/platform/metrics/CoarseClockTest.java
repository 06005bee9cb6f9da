package io.emporium.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CoarseClockTest {
  @Test
  void itsWallTimeFollowsTheSystemClockWithinAFewTicks() throws Exception {
    long before = System.currentTimeMillis();
    Thread.sleep(5 * CoarseClock.TICK_MILLIS);
    long read = CoarseClock.INSTANCE.wallTime();
    // Refreshed since: not older than the moment before the sleep, and never ahead of the system clock.
    assertThat(read).isGreaterThanOrEqualTo(before).isLessThanOrEqualTo(System.currentTimeMillis());
    Thread.sleep(5 * CoarseClock.TICK_MILLIS);
    assertThat(CoarseClock.INSTANCE.wallTime()).isGreaterThan(read);
  }

  @Test
  void itsMonotonicTimeIsTheSystemsNanoTime() {
    long before = System.nanoTime();
    long read = CoarseClock.INSTANCE.monotonicTime();
    assertThat(read).isBetween(before, System.nanoTime());
  }
}
