package io.emporium.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CoarseClockTest {
  /** A starved machine may hold the ticker thread back for a while; never for this long. */
  private static final long PATIENCE_MILLIS = 10_000;

  @Test
  void itsWallTimeFollowsTheSystemClockAndIsNeverAheadOfIt() throws Exception {
    long before = System.currentTimeMillis();
    // Refreshed after this moment: read until it is (every tick under no load; later when the ticker
    // thread waits for a core), and never ahead of the system clock meanwhile.
    long read = readUntilAtLeast(before);
    assertThat(read).isGreaterThanOrEqualTo(before);
    assertThat(readUntilAtLeast(read + 1)).isGreaterThan(read);
  }

  @Test
  void itsMonotonicTimeIsTheSystemsNanoTime() {
    long before = System.nanoTime();
    long read = CoarseClock.INSTANCE.monotonicTime();
    assertThat(read).isBetween(before, System.nanoTime());
  }

  private static long readUntilAtLeast(long wanted) throws InterruptedException {
    long giveUp = System.currentTimeMillis() + PATIENCE_MILLIS;
    long read;
    do {
      Thread.sleep(CoarseClock.TICK_MILLIS);
      read = CoarseClock.INSTANCE.wallTime();
      assertThat(read).isLessThanOrEqualTo(System.currentTimeMillis());
    } while (read < wanted && System.currentTimeMillis() < giveUp);
    return read;
  }
}
