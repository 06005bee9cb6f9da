package io.emporium.platform.mesh.policy;

import io.vertx.core.json.JsonObject;

/**
 * A canary: one version of the service that gets the calls of requests that ask for it
 * ({@code byHeader}: the {@code X-Emporium-Canary} request header names this version) and of a share of
 * the signed-in users ({@code userPercent}; a user is in or out for as long as the share does not shrink
 * past them: a stable hash of the user id, salted apart from the traffic split's). Every other call
 * avoids the canary's instances while another instance may take it. A canary instance that is down
 * sends its calls to the others: a canary never costs an answer.
 */
public record CanarySettings(String version, int userPercent, boolean byHeader) {

  public JsonObject toJson() {
    return new JsonObject().put("version", version).put("userPercent", userPercent).put("byHeader", byHeader);
  }
}
