package io.emporium.platform.mesh;

import io.emporium.platform.mesh.policy.HealthCheckSettings;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the active health checks say of one instance. It starts healthy (a new instance gets traffic at
 * once); consecutive failed probes take it out, consecutive successful ones bring it back.
 */
final class HealthTracker {
  private final AtomicBoolean probing = new AtomicBoolean();
  private volatile boolean healthy = true;
  private int failuresInRow;
  private int successesInRow;
  private Instant lastProbeAt;
  private Instant changedAt;

  boolean healthy() {
    return healthy;
  }

  /** @return false when a probe of this instance is still in flight (never two at once) */
  boolean beginProbe() {
    return probing.compareAndSet(false, true);
  }

  synchronized void record(boolean success, HealthCheckSettings settings) {
    probing.set(false);
    lastProbeAt = Instant.now();
    if (success) {
      successesInRow++;
      failuresInRow = 0;
      if (!healthy && successesInRow >= settings.healthyThreshold()) {
        healthy = true;
        changedAt = lastProbeAt;
      }
    } else {
      failuresInRow++;
      successesInRow = 0;
      if (healthy && failuresInRow >= settings.unhealthyThreshold()) {
        healthy = false;
        changedAt = lastProbeAt;
      }
    }
  }

  synchronized JsonObject toJson() {
    return new JsonObject().put("status", healthy ? "UP" : "DOWN")
        .put("failuresInRow", failuresInRow).put("successesInRow", successesInRow)
        .put("lastProbeAt", lastProbeAt == null ? null : lastProbeAt.toString())
        .put("changedAt", changedAt == null ? null : changedAt.toString());
  }
}
