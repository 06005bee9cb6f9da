package io.emporium.platform.cluster;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices that this whole JVM stood still (SIGSTOP, a long GC, a VM migration or suspension): a tick
 * every {@code periodMs} on a thread of its own compares the monotonic and the wall clock with the last
 * tick, and a gap larger than the period by {@code pauseMs} or more is a pause. For {@code graceMs}
 * after a pause is noticed, {@link #inGrace()} holds: a JVM thawed after a pause sees every other member
 * as gone (its own view of their heartbeats is stale), and must not act on that, e.g. by removing their
 * discovery records, before Hazelcast has sorted out who is really gone.
 *
 * <p>Whoever asks {@link #inGrace()} also looks at the clocks, so a pause counts from the first moment
 * anyone notices it, even before the watch thread ran again. Both clocks, because SIGSTOP and GC move the
 * monotonic clock while some VM suspensions move only the wall clock; a wall clock set back is no pause.
 * A thread of its own rather than an event-loop timer: a busy event loop is not a paused JVM.
 * Thread-safe.
 */
public final class PauseWatch implements AutoCloseable {
  public static final long PERIOD_MS = 500;
  /** Late by this much beyond its period: the JVM stood still (Hazelcast's heartbeat limit is 4 s on loopback). */
  public static final long PAUSE_MS = 2_000;
  /** How long after a pause removals of other nodes' records are held back. */
  public static final long GRACE_MS = 15_000;
  private static final Logger LOG = LoggerFactory.getLogger(PauseWatch.class);

  /** The two clocks a pause shows on (tests give their own). */
  public interface Clock {
    long monotonicNanos();

    long wallMillis();

    Clock SYSTEM = new Clock() {
      @Override
      public long monotonicNanos() {
        return System.nanoTime();
      }

      @Override
      public long wallMillis() {
        return System.currentTimeMillis();
      }
    };
  }

  private final Clock clock;
  private final long periodMs;
  private final long pauseMs;
  private final long graceNanos;
  private final List<LongConsumer> listeners = new CopyOnWriteArrayList<>();
  private long lastMonotonicNanos;
  private long lastWallMillis;
  private long graceEndsNanos;
  private boolean graceRunning;
  private long pauses;
  private long lastPauseMs;
  private ScheduledExecutorService ticker;

  public PauseWatch(Clock clock, long periodMs, long pauseMs, long graceMs) {
    this.clock = clock;
    this.periodMs = periodMs;
    this.pauseMs = pauseMs;
    this.graceNanos = TimeUnit.MILLISECONDS.toNanos(graceMs);
    this.lastMonotonicNanos = clock.monotonicNanos();
    this.lastWallMillis = clock.wallMillis();
  }

  /** A watch on the system clocks with the defaults above, ticking on a daemon thread of its own. */
  public static PauseWatch start() {
    PauseWatch watch = new PauseWatch(Clock.SYSTEM, PERIOD_MS, PAUSE_MS, GRACE_MS);
    watch.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "emporium-pause-watch");
      thread.setDaemon(true);
      return thread;
    });
    watch.ticker.scheduleAtFixedRate(watch::tick, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
    return watch;
  }

  /** Called with the length of each pause (ms) when it is noticed, on whichever thread noticed it; keep it short. */
  public void onPause(LongConsumer listener) {
    listeners.add(listener);
  }

  /** Looks at the clocks; a gap since the last look larger than the period by the pause limit is a pause. */
  public void tick() {
    long paused = observe();
    if (paused > 0) {
      LOG.warn("this JVM stood still for about {} ms (a pause: SIGSTOP, GC, VM); for {} ms it removes no other"
          + " node's discovery records, whatever it sees of the members", paused,
          TimeUnit.NANOSECONDS.toMillis(graceNanos));
      listeners.forEach(listener -> listener.accept(paused));
    }
  }

  /** Whether a pause was noticed less than the grace ago (or is being noticed now). */
  public boolean inGrace() {
    tick();
    synchronized (this) {
      return graceRunning && clock.monotonicNanos() - graceEndsNanos < 0;
    }
  }

  /** Pauses noticed so far. */
  public synchronized long pauses() {
    return pauses;
  }

  /** The length (ms) of the last pause noticed, 0 before any. */
  public synchronized long lastPauseMs() {
    return lastPauseMs;
  }

  /** @return the pause noticed now, in ms, or 0 */
  private synchronized long observe() {
    long monotonic = clock.monotonicNanos();
    long wall = clock.wallMillis();
    long gapMs = Math.max(TimeUnit.NANOSECONDS.toMillis(monotonic - lastMonotonicNanos), wall - lastWallMillis);
    lastMonotonicNanos = monotonic;
    lastWallMillis = wall;
    if (gapMs - periodMs < pauseMs) {
      return 0;
    }
    pauses++;
    lastPauseMs = gapMs;
    graceRunning = true;
    graceEndsNanos = monotonic + graceNanos;
    return gapMs;
  }

  @Override
  public void close() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
  }
}
