package io.emporium.platform.mesh.policy;

import io.vertx.core.json.JsonObject;

/**
 * Each instance's circuit breaker: it opens after {@code failureThreshold} failures of the service in a
 * row (within 10 s), stays open {@code resetTimeoutMs}, then lets one probe call through (half-open).
 */
public record BreakerSettings(int failureThreshold, int resetTimeoutMs) {

  public JsonObject toJson() {
    return new JsonObject().put("failureThreshold", failureThreshold).put("resetTimeoutMs", resetTimeoutMs);
  }
}
