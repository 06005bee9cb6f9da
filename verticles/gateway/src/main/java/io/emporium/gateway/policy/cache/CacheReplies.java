package io.emporium.gateway.policy.cache;

import io.emporium.gateway.http.Gzip;
import io.emporium.gateway.http.PreparedHeaders;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * The cache's part in writing a cacheable route's successful answer: a miss stores it (both levels)
 * and completes the fill concurrent misses wait on; every answer of such a route, hit, miss or bypass,
 * goes out with its entity tag and its gzip form when the client takes it, and as 304 when the client
 * already has it.
 */
public final class CacheReplies {
  static final String ROUTE_KEY = "emporium.cacheRoute";
  /** The {@link CacheExchange.Answer} of a request the cache policy passed on to the route's handler. */
  static final String ANSWER_KEY = "emporium.cacheAnswer";

  private CacheReplies() {}

  /** Whether this request went through a cacheable route's cache policy (then {@link #send} answers it). */
  public static boolean cacheable(RoutingContext ctx) {
    return ctx.get(ROUTE_KEY) != null;
  }

  /**
   * Writes a cacheable route's 200 answer: the body shaped from the service's reply, and the reply's
   * numeric {@code version} (null when it has none), which tags the answer on a versioned route.
   */
  public static void send(RoutingContext ctx, Long version, Buffer body) {
    CacheExchange.Answer answer = ctx.get(ANSWER_KEY);
    answer.send(version, body);
  }

  /** The answer of a miss ({@code fill} not null: stored, in both levels, and given to whoever waits) or a bypass. */
  static void send(CacheExchange exchange, CacheHandler route, CacheFill fill, Long version, Buffer body) {
    HttpServerRequest request = exchange.request();
    String etag = route.versioned() && version != null ? ETags.ofVersion(version, exchange.fields()) : ETags.of(body);
    CachedResponse entry = fill != null ? fill.entry(etag, body)
        : CachedResponse.unstored(etag, body, Gzip.accepted(request.getHeader("Accept-Encoding")));
    if (fill != null) {
      ResponseCache cache = route.cache();
      cache.keepLocally(fill.key, entry, fill.mayKeepLocally);
      if (fill.redisSequence >= 0) {
        cache.levelTwo.ifPresent(l2 -> l2.put(fill.key, fill.redisSequence, entry, fill.ttlMs));
      }
      fill.complete(entry);
    }
    write(request, request.response(), entry, route.cache());
  }

  /**
   * The prepared answer: gzip when the client takes it (the tag says which form), identity otherwise
   * (marked, so the server's own compression leaves it alone); 304 when If-None-Match names the tag.
   */
  static void write(HttpServerRequest request, HttpServerResponse response, CachedResponse entry,
      ResponseCache cache) {
    boolean gzip = entry.gzipBody() != null && Gzip.accepted(request.getHeader("Accept-Encoding"));
    String etag = gzip ? entry.gzipEtag() : entry.etag();
    // the body depends on the token (its roles) and, for every answer that could be compressed, the encoding;
    // with CORS on, the headers depend on the Origin too, which vertx-web's CorsHandler put in Vary already
    String vary = response.headers().get(PreparedHeaders.VARY);
    response
        .putHeader(PreparedHeaders.ETAG, etag)
        .putHeader(PreparedHeaders.CACHE_CONTROL, PreparedHeaders.PUBLIC_NO_CACHE)
        .putHeader(PreparedHeaders.VARY, vary != null && vary.contains("Origin")
            ? PreparedHeaders.VARY_ENCODING_AUTHORIZATION_ORIGIN : PreparedHeaders.VARY_ENCODING_AUTHORIZATION);
    if (ETags.matches(request.getHeader("If-None-Match"), etag)) {
      cache.notModified.increment();
      response.setStatusCode(304).end();
      return;
    }
    response.setStatusCode(200).putHeader(PreparedHeaders.CONTENT_TYPE, PreparedHeaders.APPLICATION_JSON)
        .putHeader(PreparedHeaders.CONTENT_ENCODING, gzip ? PreparedHeaders.GZIP : PreparedHeaders.IDENTITY)
        .end(gzip ? entry.gzipBody() : entry.body());
  }
}
