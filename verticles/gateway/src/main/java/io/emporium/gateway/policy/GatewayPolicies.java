package io.emporium.gateway.policy;

import io.emporium.gateway.accesslog.AccessLog;
import io.emporium.gateway.config.GatewaySettings;
import io.emporium.gateway.http.ApiRoute;
import io.emporium.gateway.http.Policy;
import io.emporium.gateway.policy.cache.CacheInvalidation;
import io.emporium.gateway.policy.cache.ResponseCache;
import io.emporium.gateway.policy.idempotency.IdempotencyKeys;
import io.emporium.gateway.policy.limits.InputLimits;
import io.emporium.gateway.policy.ratelimit.RateLimitBoard;
import io.emporium.gateway.policy.ratelimit.RateLimitHandler;
import io.emporium.gateway.policy.ratelimit.RateLimiter;
import io.emporium.gateway.policy.shaping.Cors;
import io.emporium.gateway.policy.shaping.FieldSelection;
import io.emporium.gateway.policy.stats.GatewayStats;
import io.emporium.gateway.policy.stats.RequestLog;
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
  private final GatewayStats stats;
  private final AccessLog accessLog;
  private final RequestLog requestLog;
  private final InputLimits inputLimits;
  private final java.util.List<String> corsOrigins;
  private final IdempotencyKeys idempotencyKeys;
  private final Vertx vertx;

  public GatewayPolicies(Vertx vertx, EmporiumConfig config, Optional<Redis> redis) {
    this.vertx = vertx;
    GatewaySettings settings = GatewaySettings.of(config);
    long redisTimeoutMs = settings.redisTimeoutMs();
    this.rateLimiter = new RateLimiter(vertx, settings.rateLimit(), redis, redisTimeoutMs);
    this.rateLimitBoard = new RateLimitBoard(vertx, rateLimiter, config.timeouts().busMs());
    this.startTimeoutMs = config.timeouts().healthMs();
    this.cache = new ResponseCache(vertx, settings.cache(), redis, redisTimeoutMs, config.timeouts().busMs());
    this.cacheInvalidation = new CacheInvalidation(vertx, cache, PEER_TIMEOUT_MS);
    this.stats = GatewayStats.of(vertx);
    this.accessLog = AccessLog.acquire(vertx, config.observability().jsonLogs(config.profile()));
    this.requestLog = new RequestLog(stats, accessLog, config.cluster().host() + ":" + config.http().port() + "/gateway-"
        + java.util.UUID.randomUUID().toString().substring(0, 8));
    this.inputLimits = new InputLimits(settings.limits());
    this.corsOrigins = settings.corsOrigins();
    this.idempotencyKeys = new IdempotencyKeys(vertx, settings.idempotency(), config.timeouts().busMs());
  }

  public Future<Void> start() {
    return rateLimiter.start(startTimeoutMs).compose(v -> rateLimitBoard.start())
        .compose(v -> cacheInvalidation.start());
  }

  public Future<Void> stop() {
    return rateLimitBoard.stop().eventually(cacheInvalidation::stop).andThen(done -> accessLog.release(vertx));
  }

  /**
   * This JVM was cut off from the cluster, or has rejoined it: the other gateways' writes and the
   * product events of that time did not reach this gateway, so its level-one cache is dropped.
   */
  public void missedClusterWrites(String why) {
    cacheInvalidation.missedWrites(why);
  }

  /** The policy a route of the table runs before its access check. */
  public RateLimitHandler rateLimit(ApiRoute route) {
    return new RateLimitHandler(rateLimiter, route);
  }

  /** The policy a route of the table runs after its access check: the GET cache, or write invalidation. */
  public Policy cache(ApiRoute route) {
    return cache.policyFor(route, cacheInvalidation);
  }

  /** The policy a write route of the table runs after its contract check: its Idempotency-Key. */
  public Policy idempotency(ApiRoute route) {
    return idempotencyKeys.policyFor(route);
  }

  /** The first handler of every request: one log line and the route's statistics when it ends. */
  public RequestLog requestLog() {
    return requestLog;
  }

  /** CORS for the configured origins, when there are any. */
  public java.util.Optional<Handler<RoutingContext>> cors() {
    return Cors.of(corsOrigins);
  }

  /** After the body is read, before anything else looks at the request: URL, headers, text and JSON limits. */
  public InputLimits inputLimits() {
    return inputLimits;
  }

  /** Takes {@code fields=} off the query for the shaping of the answer. */
  public FieldSelection fieldSelection() {
    return new FieldSelection();
  }

  public GatewayStats stats() {
    return stats;
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
