package io.emporium.platform.mesh;

import io.emporium.platform.mesh.policy.OutlierSettings;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * Passive outlier ejection of one instance: failures of the service in a row eject it for a time
 * that doubles with each ejection ({@link OutlierSettings#ejectionMs}); the doubling starts again once
 * the instance has served well for the longest ejection time after its last ejection ended.
 */
final class OutlierTracker {
  private volatile long ejectedUntilNanos = Long.MIN_VALUE;
  private int failuresInRow;
  private int streak;
  private long ejections;
  private long lastEjectionMs;
  private Instant ejectedUntil;

  boolean ejected(long nowNanos) {
    long until = ejectedUntilNanos;
    return until != Long.MIN_VALUE && nowNanos - until < 0;
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
    ejections++;
    ejectedUntilNanos = nowNanos + lastEjectionMs * 1_000_000L;
    ejectedUntil = Instant.now().plusMillis(lastEjectionMs);
    return true;
  }

  synchronized void recordSuccess(OutlierSettings settings, long nowNanos) {
    failuresInRow = 0;
    long until = ejectedUntilNanos;
    if (streak > 0 && until != Long.MIN_VALUE && nowNanos - until > settings.maxEjectionMs() * 1_000_000L) {
      streak = 0;
    }
  }

  synchronized JsonObject toJson(long nowNanos) {
    return new JsonObject().put("ejected", ejected(nowNanos)).put("ejections", ejections)
        .put("failuresInRow", failuresInRow).put("lastEjectionMs", ejections == 0 ? null : lastEjectionMs)
        .put("ejectedUntil", ejectedUntil == null ? null : ejectedUntil.toString());
  }
}
