package io.emporium.gateway.policy.cache;

import io.emporium.gateway.http.Gzip;
import io.vertx.core.buffer.Buffer;

/**
 * A stored answer, prepared once: its body and entity tag, and the gzip form of both (null when gzip
 * would not be smaller). {@code filledAt} is the invalidation sequence when its backend call started:
 * it is valid only while no invalidation of its scope came later.
 */
public record CachedResponse(String scope, long filledAt, long expiresAtMs, String etag, Buffer body,
    String gzipEtag, Buffer gzipBody) {

  static CachedResponse of(String scope, long filledAt, long expiresAtMs, String etag, Buffer body) {
    Buffer gzip = Gzip.compress(body);
    return new CachedResponse(scope, filledAt, expiresAtMs, etag, body, gzip == null ? null : ETags.gzipped(etag), gzip);
  }

  /** An answer that is not stored, in the one form its client takes: compressing it for nobody costs most of a request. */
  static CachedResponse unstored(String etag, Buffer body, boolean gzip) {
    return gzip ? of(null, 0, 0, etag, body) : new CachedResponse(null, 0, 0, etag, body, null, null);
  }

  int bytes() {
    return body.length() + (gzipBody == null ? 0 : gzipBody.length());
  }
}
