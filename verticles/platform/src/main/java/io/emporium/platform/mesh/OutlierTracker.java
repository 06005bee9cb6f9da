package io.emporium.platform.mesh;

import io.emporium.platform.mesh.policy.LatencyOutlierSettings;
import io.emporium.platform.mesh.policy.OutlierSettings;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Passive outlier ejection of one instance, for one of two reasons.
 *
 * <ul>
 *   <li><b>failures</b>: failures of the service in a row eject it for a time that doubles with each
 *       ejection ({@link OutlierSettings#ejectionMs}); the doubling starts again once the instance has
 *       served well for the longest ejection time after its last ejection ended.
 *   <li><b>latency</b> ({@link LatencyOutliers} decides): slow intervals in a row eject it likewise
 *       ({@link LatencyOutlierSettings#ejectionMs}); when that time is over it stays out until a probe
 *       answers fast, and a slow probe ejects it again for the next, doubled, time.
 * </ul>
 */
final class OutlierTracker {
  static final String FAILURES = "failures";
  static final String LATENCY = "latency";

  private volatile long ejectedUntilNanos = Long.MIN_VALUE;
  /** A latency ejection whose time is over: the instance returns only once a probe answers fast. */
  private volatile boolean awaitingProbe;
  private volatile String reason;
  private final AtomicBoolean probing = new AtomicBoolean();
  private int failuresInRow;
  private int streak;
  private int latencyStreak;
  private int slowIntervals;
  private double lastScoreMs = -1;
  private long failureEjections;
  private long latencyEjections;
  private long lastEjectionMs;
  private Instant ejectedUntil;

  boolean ejected(long nowNanos) {
    long until = ejectedUntilNanos;
    return awaitingProbe || until != Long.MIN_VALUE && nowNanos - until < 0;
  }

  /** Ejected, and for its latency (not for failures). */
  boolean ejectedForLatency(long nowNanos) {
    return LATENCY.equals(reason) && ejected(nowNanos);
  }

  /** Why an ejected instance is out, as the stats and UNAVAILABLE messages say it. */
  String exclusion() {
    return LATENCY.equals(reason) ? "ejected (latency)" : "ejected";
  }

  /** @return true when this failure ejected the instance */
  synchronized boolean recordFailure(OutlierSettings settings, long nowNanos) {
    if (ejected(nowNanos)) {
      return false;
    }
    failuresInRow++;
    if (failuresInRow < settings.consecutiveFailures()) {
      return false;
    }
    failuresInRow = 0;
    lastEjectionMs = settings.ejectionMs(streak);
    streak++;
    failureEjections++;
    eject(FAILURES, nowNanos);
    return true;
  }

  synchronized void recordSuccess(OutlierSettings settings, long nowNanos) {
    failuresInRow = 0;
    long until = ejectedUntilNanos;
    if (streak > 0 && until != Long.MIN_VALUE && nowNanos - until > settings.maxEjectionMs() * 1_000_000L) {
      streak = 0;
    }
  }

  /**
   * One latency interval's verdict on the instance.
   *
   * @param scoreMs the interval's score (see {@link Endpoint#intervalScoreMs})
   * @param slow whether the score was far above the peers'
   * @param mayEject false when ejecting it would take out too many of the service's instances
   * @return true when this interval ejected the instance
   */
  synchronized boolean recordInterval(LatencyOutlierSettings settings, double scoreMs, boolean slow, boolean mayEject,
      long nowNanos) {
    lastScoreMs = scoreMs;
    if (ejected(nowNanos)) {
      return false;
    }
    if (!slow) {
      slowIntervals = 0;
      long until = ejectedUntilNanos;
      if (latencyStreak > 0 && until != Long.MIN_VALUE && nowNanos - until > settings.maxEjectionMs() * 1_000_000L) {
        latencyStreak = 0;
      }
      return false;
    }
    slowIntervals++;
    if (slowIntervals < settings.intervals() || !mayEject) {
      return false;
    }
    ejectForLatency(settings, nowNanos);
    return true;
  }

  /** True once, when the latency ejection's time is over and no probe of it is in flight: send one. */
  boolean probeDue(long nowNanos) {
    return awaitingProbe && nowNanos - ejectedUntilNanos >= 0 && probing.compareAndSet(false, true);
  }

  /** The probe's outcome: a fast answer returns the instance; anything else ejects it again, for longer. */
  synchronized void probed(boolean fast, LatencyOutlierSettings settings, long nowNanos) {
    probing.set(false);
    if (!awaitingProbe) {
      return;
    }
    if (fast) {
      awaitingProbe = false;
      slowIntervals = 0;
    } else {
      ejectForLatency(settings, nowNanos);
    }
  }

  /** Latency-based ejection was switched off: an instance waiting for its probe returns now. */
  synchronized void releaseLatencyEjection() {
    if (LATENCY.equals(reason)) {
      awaitingProbe = false;
      ejectedUntilNanos = Long.MIN_VALUE;
    }
    slowIntervals = 0;
  }

  private void ejectForLatency(LatencyOutlierSettings settings, long nowNanos) {
    slowIntervals = 0;
    lastEjectionMs = settings.ejectionMs(latencyStreak);
    latencyStreak++;
    latencyEjections++;
    awaitingProbe = true;
    eject(LATENCY, nowNanos);
  }

  private void eject(String why, long nowNanos) {
    reason = why;
    ejectedUntilNanos = nowNanos + lastEjectionMs * 1_000_000L;
    ejectedUntil = Instant.now().plusMillis(lastEjectionMs);
  }

  synchronized JsonObject toJson(long nowNanos) {
    long ejections = failureEjections + latencyEjections;
    return new JsonObject().put("ejected", ejected(nowNanos)).put("ejections", ejections)
        .put("ejectionsByReason", new JsonObject().put(FAILURES, failureEjections).put(LATENCY, latencyEjections))
        .put("reason", reason)
        .put("awaitingProbe", awaitingProbe)
        .put("failuresInRow", failuresInRow).put("lastEjectionMs", ejections == 0 ? null : lastEjectionMs)
        .put("ejectedUntil", ejectedUntil == null ? null : ejectedUntil.toString())
        .put("slowIntervals", slowIntervals)
        .put("latencyScoreMs", lastScoreMs < 0 ? null : Math.round(lastScoreMs * 1_000) / 1_000.0);
  }
}
