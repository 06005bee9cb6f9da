package io.emporium.platform.metrics;

import io.micrometer.core.instrument.Clock;

/**
 * Micrometer's clock with a wall time that a daemon thread refreshes every few milliseconds. Every
 * timer and summary asks the wall time on every recording, only to know whether its decaying maximum
 * and percentile windows (tens of seconds long) must rotate: with a handful of meters per request,
 * reading the system clock each time was a visible part of the metrics' cost on the request path.
 * The monotonic time, which times things, is read for real.
 */
final class CoarseClock implements Clock {
  static final CoarseClock INSTANCE = new CoarseClock();
  /** Far below any window a meter rotates (Micrometer's shortest defaults are tens of seconds). */
  static final long TICK_MILLIS = 10;

  private volatile long wallTime = System.currentTimeMillis();

  private CoarseClock() {
    Thread ticker = new Thread(this::tick, "emporium-metrics-clock");
    ticker.setDaemon(true);
    ticker.start();
  }

  private void tick() {
    while (true) {
      try {
        Thread.sleep(TICK_MILLIS);
      } catch (InterruptedException e) {
        // Daemon for the JVM's life: nothing interrupts it but shutdown.
        return;
      }
      wallTime = System.currentTimeMillis();
    }
  }

  @Override
  public long wallTime() {
    return wallTime;
  }

  @Override
  public long monotonicTime() {
    return System.nanoTime();
  }
}
