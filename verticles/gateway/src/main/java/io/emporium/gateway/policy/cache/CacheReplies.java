package io.emporium.gateway.policy.cache;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * The cache's part in writing a route's successful answer: a miss stores it (both levels) and
 * completes the fill concurrent misses wait on; a cacheable answer gets its ETag, and 304 when the
 * client already has it. Returns true when it has answered (304) and the body must not be sent.
 */
public final class CacheReplies {
  private CacheReplies() {}

  public static boolean beforeSend(RoutingContext ctx, int status, Buffer body, ResponseCache cache) {
    CacheFill fill = ctx.get(CacheFill.KEY);
    if (fill == null) {
      return false;
    }
    if (status != 200) {
      fill.abandon();
      return false;
    }
    CachedResponse entry = fill.entry(ETags.of(body), body);
    cache.keepLocally(fill.key, entry);
    if (fill.redisSequence >= 0) {
      cache.levelTwo.ifPresent(l2 -> l2.put(fill.key, fill.redisSequence, entry, fill.ttlMs));
    }
    fill.complete(entry);
    cacheHeaders(ctx.response(), entry.etag());
    if (ETags.matches(ctx.request().getHeader("If-None-Match"), entry.etag())) {
      cache.notModified.increment();
      ctx.response().setStatusCode(304).end();
      return true;
    }
    return false;
  }

  /** Public, but to be revalidated: the entity tag makes that cheap. Varies with the token (its roles). */
  static void cacheHeaders(HttpServerResponse response, String etag) {
    response.putHeader("ETag", etag).putHeader("Cache-Control", "public, no-cache").putHeader("Vary", "Authorization");
  }
}
