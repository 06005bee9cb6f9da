package io.emporium.platform.mesh.policy;

import io.vertx.core.json.JsonObject;

/**
 * Latency-based outlier ejection. Every {@code LatencyOutliers#INTERVAL_MS} the mesh scores each
 * instance of the service by the mean latency of that interval's calls, a call still in flight counting
 * with its age so far (a hung instance scores high without answering anything). An instance whose score
 * is above {@code factor} times the median of its peers' scores and above {@code minLatencyMs}, for
 * {@code intervals} intervals in a row, is ejected for {@code baseEjectionMs * 2^k} (at most
 * {@code maxEjectionMs}); then it is probed, and returned only when the probe answers in time.
 */
public record LatencyOutlierSettings(boolean enabled, int factor, int minLatencyMs, int intervals,
    int baseEjectionMs, int maxEjectionMs) {
  public static final LatencyOutlierSettings OFF = new LatencyOutlierSettings(false, 3, 50, 3, 1_000, 30_000);

  /** @param earlierEjections k */
  public long ejectionMs(int earlierEjections) {
    long ms = (long) baseEjectionMs << Math.min(earlierEjections, 30);
    return Math.min(ms, maxEjectionMs);
  }

  /** How fast the probe of an ejected instance must answer for it to return. */
  public long probeTimeoutMs() {
    return Math.max(100, 2L * minLatencyMs);
  }

  public JsonObject toJson() {
    return new JsonObject().put("enabled", enabled).put("factor", factor).put("minLatencyMs", minLatencyMs)
        .put("intervals", intervals).put("baseEjectionMs", baseEjectionMs).put("maxEjectionMs", maxEjectionMs);
  }
}
