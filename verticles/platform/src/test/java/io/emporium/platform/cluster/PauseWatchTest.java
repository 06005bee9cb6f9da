package io.emporium.platform.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PauseWatchTest {
  private static final long PERIOD_MS = 500;
  private static final long PAUSE_MS = 2_000;
  private static final long GRACE_MS = 15_000;

  /** Two clocks the test moves; the wall clock may move alone (a VM suspension) or back (NTP). */
  private static final class Clocks implements PauseWatch.Clock {
    long monotonicMs = 1_000_000;
    long wallMs = 1_700_000_000_000L;

    void both(long ms) {
      monotonicMs += ms;
      wallMs += ms;
    }

    @Override
    public long monotonicNanos() {
      return TimeUnit.MILLISECONDS.toNanos(monotonicMs);
    }

    @Override
    public long wallMillis() {
      return wallMs;
    }
  }

  private final Clocks clocks = new Clocks();
  private final PauseWatch watch = new PauseWatch(clocks, PERIOD_MS, PAUSE_MS, GRACE_MS);

  /** Ticks on time for {@code ms}. */
  private void runFor(long ms) {
    for (long t = 0; t < ms; t += PERIOD_MS) {
      clocks.both(PERIOD_MS);
      watch.tick();
    }
  }

  @Test
  void ticksOnTimeOrSomewhatLateAreNoPause() {
    runFor(60_000);
    // a loaded machine: the tick a second and a half late
    clocks.both(PERIOD_MS + 1_500);
    watch.tick();
    runFor(1_000);
    assertThat(watch.inGrace()).isFalse();
    assertThat(watch.pauses()).isZero();
  }

  @Test
  void aJvmThatStoodStillIsInGraceForTheGraceAfterItNoticedAndNotAfter() {
    List<Long> noticed = new ArrayList<>();
    watch.onPause(noticed::add);
    runFor(5_000);
    clocks.both(20_000); // SIGSTOP for 20 s: both clocks moved, no tick ran
    watch.tick();
    assertThat(noticed).containsExactly(20_000L);
    assertThat(watch.inGrace()).isTrue();
    runFor(GRACE_MS - PERIOD_MS);
    assertThat(watch.inGrace()).as("%d ms after the pause", GRACE_MS - PERIOD_MS).isTrue();
    runFor(PERIOD_MS);
    assertThat(watch.inGrace()).as("the grace after the pause is over").isFalse();
    assertThat(watch.pauses()).isEqualTo(1);
    assertThat(watch.lastPauseMs()).isEqualTo(20_000);
  }

  @Test
  void whoeverAsksFirstAfterAPauseSeesIt() {
    runFor(5_000);
    clocks.both(10_000);
    // the watch thread has not run since the thaw; a removal asks first
    assertThat(watch.inGrace()).isTrue();
    assertThat(watch.pauses()).isEqualTo(1);
  }

  @Test
  void onlyTheWallClockMovingIsAPauseTooButTheWallClockSetBackIsNot() {
    runFor(2_000);
    clocks.wallMs -= 60_000; // NTP steps the wall clock back a minute
    watch.tick();
    runFor(1_000);
    assertThat(watch.inGrace()).isFalse();
    clocks.wallMs += 30_000; // a VM suspended: the monotonic clock did not count it
    clocks.monotonicMs += PERIOD_MS;
    watch.tick();
    assertThat(watch.inGrace()).isTrue();
  }

  @Test
  void aSecondPauseWithinTheGraceStartsTheGraceAgain() {
    runFor(1_000);
    clocks.both(8_000);
    watch.tick();
    runFor(10_000);
    clocks.both(8_000);
    watch.tick();
    runFor(GRACE_MS - 1_000);
    assertThat(watch.inGrace()).as("grace counted from the second pause").isTrue();
    assertThat(watch.pauses()).isEqualTo(2);
  }

  @Test
  void theRunningWatchTicksOnItsOwnThread() throws Exception {
    try (PauseWatch running = PauseWatch.start()) {
      Thread.sleep(3 * PauseWatch.PERIOD_MS);
      assertThat(running.inGrace()).isFalse();
      assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().equals("emporium-pause-watch")
          && t.isDaemon());
    }
  }
}
