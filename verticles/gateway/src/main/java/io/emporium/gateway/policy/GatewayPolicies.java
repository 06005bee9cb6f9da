package io.emporium.gateway.policy;

import io.emporium.gateway.policy.cache.CacheInvalidation;
import io.emporium.gateway.policy.cache.ResponseCache;
import io.emporium.gateway.policy.ratelimit.RateLimitBoard;
import io.emporium.gateway.policy.ratelimit.RateLimitHandler;
import io.emporium.gateway.policy.ratelimit.RateLimiter;
import io.emporium.gateway.routes.ApiRoute;
import io.emporium.platform.config.EmporiumConfig;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Redis;
import java.util.Optional;

/** The policies of one gateway instance, built from the configuration, and the handlers each route gets. */
public final class GatewayPolicies {
  /** How long a catalogue write waits for each other gateway to confirm it dropped its cached answers. */
  private static final long PEER_TIMEOUT_MS = 250;
  private final RateLimiter rateLimiter;
  private final RateLimitBoard rateLimitBoard;
  private final long startTimeoutMs;
  private final ResponseCache cache;
  private final CacheInvalidation cacheInvalidation;

  public GatewayPolicies(Vertx vertx, EmporiumConfig config, Optional<Redis> redis) {
    long redisTimeoutMs = config.gateway().redisTimeoutMs();
    this.rateLimiter = new RateLimiter(vertx, config.gateway().rateLimit(), redis, redisTimeoutMs);
    this.rateLimitBoard = new RateLimitBoard(vertx, rateLimiter, config.timeouts().busMs());
    this.startTimeoutMs = config.timeouts().healthMs();
    this.cache = new ResponseCache(vertx, config.gateway().cache(), redis, redisTimeoutMs, config.timeouts().busMs());
    this.cacheInvalidation = new CacheInvalidation(vertx, cache, PEER_TIMEOUT_MS);
  }

  public Future<Void> start() {
    return rateLimiter.start(startTimeoutMs).compose(v -> rateLimitBoard.start())
        .compose(v -> cacheInvalidation.start());
  }

  public Future<Void> stop() {
    return rateLimitBoard.stop().eventually(cacheInvalidation::stop);
  }

  /** The handlers a route of the table runs before its access check. */
  public Handler<RoutingContext> rateLimit(ApiRoute route) {
    return new RateLimitHandler(rateLimiter, route);
  }

  /** The handler a route of the table runs after its access check: the GET cache, or write invalidation. */
  public Handler<RoutingContext> cache(ApiRoute route) {
    return cache.handlerFor(route, cacheInvalidation);
  }

  public ResponseCache responseCache() {
    return cache;
  }

  public RateLimitBoard rateLimits() {
    return rateLimitBoard;
  }

  public RateLimiter rateLimiter() {
    return rateLimiter;
  }

  /** What {@code /api/health} says about the gateway's own policies (Redis fallback shows here). */
  public JsonObject health() {
    return new JsonObject().put("rateLimit", rateLimiter.health()).put("cache", cache.health());
  }
}
