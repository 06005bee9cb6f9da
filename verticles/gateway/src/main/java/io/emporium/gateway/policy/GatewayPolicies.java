package io.emporium.gateway.policy;

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
  private final RateLimiter rateLimiter;
  private final RateLimitBoard rateLimitBoard;
  private final long startTimeoutMs;

  public GatewayPolicies(Vertx vertx, EmporiumConfig config, Optional<Redis> redis) {
    long redisTimeoutMs = config.gateway().redisTimeoutMs();
    this.rateLimiter = new RateLimiter(vertx, config.gateway().rateLimit(), redis, redisTimeoutMs);
    this.rateLimitBoard = new RateLimitBoard(vertx, rateLimiter, config.timeouts().busMs());
    this.startTimeoutMs = config.timeouts().healthMs();
  }

  public Future<Void> start() {
    return rateLimiter.start(startTimeoutMs).compose(v -> rateLimitBoard.start());
  }

  public Future<Void> stop() {
    return rateLimitBoard.stop();
  }

  /** The handlers a route of the table runs before its access check. */
  public Handler<RoutingContext> rateLimit(ApiRoute route) {
    return new RateLimitHandler(rateLimiter, route);
  }

  public RateLimitBoard rateLimits() {
    return rateLimitBoard;
  }

  public RateLimiter rateLimiter() {
    return rateLimiter;
  }

  /** What {@code /api/health} says about the gateway's own policies (Redis fallback shows here). */
  public JsonObject health() {
    return new JsonObject().put("rateLimit", rateLimiter.health());
  }
}
