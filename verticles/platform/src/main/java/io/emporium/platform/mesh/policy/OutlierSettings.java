package io.emporium.platform.mesh.policy;

/**
 * Passive outlier ejection: {@code consecutiveFailures} failures of the service in a row eject an
 * instance for {@code baseEjectionMs * 2^k} (k = its earlier ejections), at most {@code maxEjectionMs}.
 */
public record OutlierSettings(int consecutiveFailures, int baseEjectionMs, int maxEjectionMs) {

  /** @param earlierEjections k */
  public long ejectionMs(int earlierEjections) {
    long ms = (long) baseEjectionMs << Math.min(earlierEjections, 30);
    return Math.min(ms, maxEjectionMs);
  }
}
