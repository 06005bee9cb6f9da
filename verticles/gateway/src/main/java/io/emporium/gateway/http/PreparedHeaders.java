package io.emporium.gateway.http;

import io.vertx.core.http.HttpHeaders;

/**
 * Header names and fixed values written on the hot path, encoded once: a prepared name keeps its hash and
 * its bytes, where a String is hashed again by the headers map and encoded again by the HTTP encoder on
 * every answer (the response headers were a twentieth of the cached GET's event-loop CPU).
 */
public final class PreparedHeaders {
  public static final CharSequence ETAG = HttpHeaders.createOptimized("ETag");
  public static final CharSequence CACHE_CONTROL = HttpHeaders.createOptimized("Cache-Control");
  public static final CharSequence VARY = HttpHeaders.createOptimized("Vary");
  public static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized("Content-Type");
  public static final CharSequence CONTENT_ENCODING = HttpHeaders.createOptimized("Content-Encoding");
  public static final CharSequence X_CACHE = HttpHeaders.createOptimized("X-Cache");
  public static final CharSequence X_REQUEST_ID = HttpHeaders.createOptimized("X-Request-Id");
  public static final CharSequence RATELIMIT_LIMIT = HttpHeaders.createOptimized("RateLimit-Limit");
  public static final CharSequence RATELIMIT_REMAINING = HttpHeaders.createOptimized("RateLimit-Remaining");
  public static final CharSequence RATELIMIT_RESET = HttpHeaders.createOptimized("RateLimit-Reset");
  public static final CharSequence RATELIMIT_POLICY = HttpHeaders.createOptimized("RateLimit-Policy");
  public static final CharSequence IDEMPOTENCY_KEY = HttpHeaders.createOptimized("Idempotency-Key");

  public static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");
  public static final CharSequence PUBLIC_NO_CACHE = HttpHeaders.createOptimized("public, no-cache");
  public static final CharSequence VARY_ENCODING_AUTHORIZATION = HttpHeaders.createOptimized("Accept-Encoding, Authorization");
  public static final CharSequence VARY_ENCODING_AUTHORIZATION_ORIGIN =
      HttpHeaders.createOptimized("Accept-Encoding, Authorization, Origin");
  public static final CharSequence GZIP = HttpHeaders.createOptimized("gzip");
  public static final CharSequence IDENTITY = HttpHeaders.createOptimized("identity");

  private PreparedHeaders() {}
}
