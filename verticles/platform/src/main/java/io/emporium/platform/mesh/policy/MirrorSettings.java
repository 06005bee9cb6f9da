package io.emporium.platform.mesh.policy;

import io.vertx.core.json.JsonObject;

/**
 * Traffic mirroring: {@code percent} of the idempotent calls are also sent, in parallel, to an instance
 * of the shadow {@code version}; its answer is compared with the one the caller got and counted (match,
 * mismatch, error), never returned and never waited for. At most {@code maxInFlight} mirrored calls are
 * out at once per mesh, so a slow shadow cannot pile up work. Shadow instances get no other call.
 */
public record MirrorSettings(String version, int percent, int maxInFlight) {

  public JsonObject toJson() {
    return new JsonObject().put("version", version).put("percent", percent).put("maxInFlight", maxInFlight);
  }
}
