package io.emporium.gateway.policy.cache;

import io.emporium.gateway.config.GatewaySettings.CacheSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * The GET cache of one gateway instance: level one in process (shared in the JVM), level two in
 * Redis when configured, and the misses in flight (one backend call per key however many wait).
 */
public final class ResponseCache {
  /** How long a write waits for Redis to drop what it changed. */
  static final long INVALIDATION_TIMEOUT_MS = 250;
  final CacheSettings settings;
  final LevelOne levelOne;
  final Optional<LevelTwo> levelTwo;
  /** Per instance: touched only on this verticle's event loop. */
  final Map<String, CacheFill> inFlight = new HashMap<>();
  final LongAdder coalesced = new LongAdder();
  final LongAdder bypassed = new LongAdder();
  final LongAdder notModified = new LongAdder();
  /** Answers given before routing (the cache lane): its hits (in level one's hits too) and its reads. */
  final LongAdder laneAnswers = new LongAdder();
  /** Misses that went to the backend (concurrent misses of one key count once). */
  final LongAdder backendCalls = new LongAdder();
  private volatile BooleanSupplier levelOneOpen = () -> true;
  private volatile java.util.function.Supplier<JsonObject> peerStats = JsonObject::new;

  public ResponseCache(Vertx vertx, CacheSettings settings, Optional<Redis> redis, long redisTimeoutMs,
      long callTimeoutMs) {
    this.settings = settings;
    int longestTtl = settings.routeTtls().values().stream().mapToInt(Integer::intValue).max().orElse(0);
    Duration retention = Duration.ofSeconds(Math.max(longestTtl, settings.ttlSeconds()) + 60)
        .plusMillis(callTimeoutMs);
    this.levelOne = LevelOne.of(vertx, settings.maxEntries(), retention);
    this.levelTwo = settings.redis() ? redis.map(r -> new LevelTwo(vertx, r, redisTimeoutMs, retention.toMillis()))
        : Optional.empty();
  }

  public boolean enabled() {
    return settings.enabled();
  }

  /**
   * Keeps an answer in level one, unless this gateway was not known to every other gateway when the
   * answer's fill started, or is not now: a write through another gateway meanwhile would not have
   * dropped it, and a later read here could be stale.
   */
  void keepLocally(String key, CachedResponse entry, boolean openWhenFillStarted) {
    if (openWhenFillStarted && levelOneOpen.getAsBoolean()) {
      levelOne.put(key, entry);
    }
  }

  /** Whether a fill starting now may keep its answer in level one (see {@link #keepLocally}). */
  boolean fillMayKeep() {
    return levelOneOpen.getAsBoolean();
  }

  /** A valid level-one entry, or null; nothing is served from level one while writes may skip it. */
  CachedResponse levelOneGet(String key) {
    return levelOneOpen.getAsBoolean() ? levelOne.get(key) : null;
  }

  /** A valid level-one entry, or null, not counted as a lookup (see {@link LevelOne#find}). */
  CachedResponse levelOnePeek(String key) {
    return levelOneOpen.getAsBoolean() ? levelOne.find(key) : null;
  }

  /** Set by the peers' bookkeeping: when level one may be used, and what it counts. */
  void openLevelOneWhen(BooleanSupplier open, java.util.function.Supplier<JsonObject> stats) {
    levelOneOpen = open;
    peerStats = stats;
  }

  /** Public catalogue reads with a TTL above zero; everything that depends on the caller is left out. */
  public io.emporium.gateway.http.Policy policyFor(io.emporium.gateway.http.ApiRoute route,
      CacheInvalidation invalidation) {
    boolean read = route.method() == io.vertx.core.http.HttpMethod.GET
        && route.access() == io.emporium.gateway.http.Access.PUBLIC
        && (route.path().startsWith("/api/products") || route.path().startsWith("/api/categories"));
    if (settings.enabled() && read && settings.ttlOf(route.path()) > 0) {
      return new CacheHandler(this, route);
    }
    if (CacheInvalidation.writesCatalogue(route)) {
      return invalidation.marker(route);
    }
    return io.emporium.gateway.http.Policy.NONE;
  }

  /**
   * Drops the scopes at once in this JVM, and in Redis (bounded); answers whether Redis has them
   * dropped too (true without a level two). Never fails.
   */
  public Future<Boolean> invalidate(List<String> scopes) {
    scopes.forEach(levelOne.invalidations::invalidate);
    return invalidateLevelTwo(scopes);
  }

  Future<Boolean> invalidateLevelTwo(List<String> scopes) {
    return levelTwo.map(l2 -> l2.invalidate(scopes, INVALIDATION_TIMEOUT_MS).map(true).otherwise(false))
        .orElse(Future.succeededFuture(true));
  }

  /** Drops the scopes in this JVM only (another gateway has done Redis). */
  public void invalidateLocally(List<String> scopes) {
    scopes.forEach(levelOne.invalidations::invalidate);
  }

  public JsonObject stats() {
    JsonObject stats = new JsonObject().put("enabled", settings.enabled()).put("levelOne", levelOne.stats())
        .put("coalescedMisses", coalesced.sum()).put("backendCalls", backendCalls.sum()).put("bypassed", bypassed.sum())
        .put("notModified", notModified.sum())
        .put("servedBeforeRouting", laneAnswers.sum())
        .put("peers", peerStats.get().put("levelOneOpen", levelOneOpen.getAsBoolean()));
    levelTwo.ifPresentOrElse(l2 -> stats.put("levelTwo", l2.stats()),
        () -> stats.put("levelTwo", new JsonObject().put("status", "OFF")));
    return stats;
  }

  public JsonObject health() {
    return new JsonObject().put("levelTwo", levelTwo.map(LevelTwo::state).orElse("OFF"));
  }
}
