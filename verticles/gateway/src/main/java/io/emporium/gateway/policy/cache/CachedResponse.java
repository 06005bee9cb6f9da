package io.emporium.gateway.policy.cache;

import io.vertx.core.buffer.Buffer;

/**
 * A stored answer. {@code filledAt} is the invalidation sequence when its backend call started: it is
 * valid only while no invalidation of its scope came later.
 */
record CachedResponse(String scope, long filledAt, long expiresAtMs, String etag, Buffer body) {
  int bytes() {
    return body.length();
  }
}
