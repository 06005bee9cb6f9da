package io.emporium.gateway.policy.ratelimit;

import io.emporium.gateway.config.GatewaySettings.RateLimitSettings;
import io.emporium.gateway.config.GatewaySettings.RateLimitStore;
import io.emporium.gateway.config.RateLimitPolicies;
import io.emporium.platform.async.Deadlines;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a request may pass its buckets: in Redis when configured (one shared count for all
 * gateways), else in this JVM. Redis is never waited on for longer than its timeout: when it fails or
 * is slow the check is made locally at once, and Redis is tried again only after a pause, one request
 * at a time, so an outage costs no request more than the timeout. The mode is reported in health and stats.
 */
public final class RateLimiter {
  private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);
  static final long REDIS_RETRY_PAUSE_MS = 1_000;

  private final Vertx vertx;
  private final boolean enabled;
  private final LocalBuckets local;
  private final Optional<RedisBuckets> redis;
  private final long redisTimeoutMs;
  private volatile RateLimitPolicies policies;
  private long redisDownUntil;
  private boolean probing;
  private final LongAdder allowed = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final LongAdder redisChecks = new LongAdder();
  private final LongAdder localFallbacks = new LongAdder();

  public RateLimiter(Vertx vertx, RateLimitSettings settings, Optional<Redis> redisClient, long redisTimeoutMs) {
    this.vertx = vertx;
    this.enabled = settings.enabled();
    this.local = LocalBuckets.of(vertx);
    this.redis = settings.store() == RateLimitStore.REDIS ? redisClient.map(RedisBuckets::new) : Optional.empty();
    this.redisTimeoutMs = redisTimeoutMs;
    this.policies = settings.policies();
  }

  /** Warms Redis up when it is used; never fails (a Redis that is down now is handled per request). */
  public Future<Void> start(long timeoutMs) {
    return redis.map(buckets -> Deadlines.within(vertx, buckets.warmUp(), timeoutMs, "redis warm-up")
        .onFailure(e -> LOG.warn("Redis is not answering at start ({}): rate limits count locally until it does",
            e.getMessage()))
        .otherwiseEmpty()).orElse(Future.succeededFuture());
  }

  public boolean enabled() {
    return enabled;
  }

  public RateLimitPolicies policies() {
    return policies;
  }

  public void apply(RateLimitPolicies changed) {
    policies = changed;
  }

  Future<Decision> check(List<BucketKey> keys) {
    if (keys.isEmpty()) {
      return Future.succeededFuture(Decision.UNLIMITED);
    }
    if (redis.isEmpty() || !redisWorthTrying()) {
      if (redis.isPresent()) {
        localFallbacks.increment();
      }
      return Future.succeededFuture(count(local.check(keys)));
    }
    redisChecks.increment();
    return Deadlines.within(vertx, redis.get().check(keys), redisTimeoutMs, "redis rate limit")
        .map(decision -> {
          redisUp();
          return count(decision);
        })
        .recover(e -> {
          redisDown(e);
          localFallbacks.increment();
          return Future.succeededFuture(count(local.check(keys)));
        });
  }

  private Decision count(Decision decision) {
    (decision.allowed() ? allowed : refused).increment();
    return decision;
  }

  /** Up, or down long enough that this request may probe it (only one probe at a time). */
  private synchronized boolean redisWorthTrying() {
    if (redisDownUntil == 0) {
      return true;
    }
    if (probing || System.currentTimeMillis() < redisDownUntil) {
      return false;
    }
    probing = true;
    return true;
  }

  private synchronized void redisUp() {
    if (redisDownUntil != 0) {
      LOG.info("Redis answers again: rate limits are shared by all gateways again");
    }
    redisDownUntil = 0;
    probing = false;
  }

  private synchronized void redisDown(Throwable cause) {
    if (redisDownUntil == 0) {
      LOG.warn("Redis did not answer a rate-limit check ({}): counting locally until it does", cause.getMessage());
    }
    redisDownUntil = System.currentTimeMillis() + REDIS_RETRY_PAUSE_MS;
    probing = false;
  }

  /** {@code redis}, {@code local} or {@code local-fallback} (Redis configured but not answering). */
  public synchronized String mode() {
    if (redis.isEmpty()) {
      return "local";
    }
    return redisDownUntil == 0 ? "redis" : "local-fallback";
  }

  /** For the health report: degraded while the configured Redis is not used. */
  public JsonObject health() {
    String mode = mode();
    return new JsonObject().put("status", mode.equals("local-fallback") ? "DEGRADED" : "UP").put("mode", mode)
        .put("enabled", enabled);
  }

  public JsonObject stats() {
    return health().put("allowed", allowed.sum()).put("limited", refused.sum()).put("redisChecks", redisChecks.sum())
        .put("localFallbacks", localFallbacks.sum()).put("localBuckets", local.size())
        .put("policies", policies.toJson());
  }
}
