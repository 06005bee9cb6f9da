package io.emporium.platform.mesh.policy;

/**
 * Active health checks: every {@code intervalMs} each instance gets its service's health action with
 * {@code timeoutMs}; {@code unhealthyThreshold} failures in a row take it out, {@code healthyThreshold}
 * successes in a row bring it back.
 */
public record HealthCheckSettings(int intervalMs, int timeoutMs, int unhealthyThreshold, int healthyThreshold) {}
