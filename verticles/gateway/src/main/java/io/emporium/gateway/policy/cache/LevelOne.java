package io.emporium.gateway.policy.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.emporium.platform.metrics.EmporiumMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The in-process cache (Caffeine: bounded by entries, each entry by its route's TTL), shared by the
 * gateway instances of one Vert.x, with the invalidation sequence its entries are checked against.
 */
final class LevelOne implements Shareable {
  private static final String SHARED_NAME = "emporium.gateway.cache";

  final Invalidations invalidations;
  private final Cache<String, CachedResponse> entries;
  private final LongAdder bytes = new LongAdder();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder stale = new LongAdder();

  private final EmporiumMetrics metrics;

  private LevelOne(int maxEntries, Duration retention, EmporiumMetrics metrics) {
    this.metrics = metrics;
    this.invalidations = new Invalidations(retention);
    // Maintenance (read-buffer drains, expiry, the removal listener) runs on the calling event loop: by
    // default Caffeine hands it to the common ForkJoinPool, and waking a pool thread every few hits cost
    // more of the cached GET's CPU (futex wake-ups, spinning workers) than the maintenance itself.
    this.entries = Caffeine.newBuilder()
        .executor(Runnable::run)
        .maximumSize(maxEntries)
        .expireAfter(new Expiry<String, CachedResponse>() {
          @Override
          public long expireAfterCreate(String key, CachedResponse value, long currentTime) {
            return TimeUnit.MILLISECONDS.toNanos(Math.max(0, value.expiresAtMs() - System.currentTimeMillis()));
          }

          @Override
          public long expireAfterUpdate(String key, CachedResponse value, long currentTime, long currentDuration) {
            return expireAfterCreate(key, value, currentTime);
          }

          @Override
          public long expireAfterRead(String key, CachedResponse value, long currentTime, long currentDuration) {
            return currentDuration;
          }
        })
        .removalListener((String key, CachedResponse value, RemovalCause cause) -> {
          if (value != null) {
            bytes.add(-value.bytes());
          }
        })
        .recordStats()
        .build();
  }

  static LevelOne of(Vertx vertx, int maxEntries, Duration retention) {
    return (LevelOne) vertx.sharedData().<String, LevelOne>getLocalMap(SHARED_NAME)
        .computeIfAbsent("level-one", k -> new LevelOne(maxEntries, retention, EmporiumMetrics.of(vertx)));
  }

  /** A valid entry, or null (stale entries are dropped on the way); counted as a hit or a miss. */
  CachedResponse get(String key) {
    CachedResponse entry = find(key);
    counted(entry != null);
    return entry;
  }

  /** A valid entry, or null, not counted: the cache lane counts only what it serves ({@link #counted}). */
  CachedResponse find(String key) {
    CachedResponse entry = entries.getIfPresent(key);
    if (entry != null && !invalidations.valid(entry.scope(), entry.filledAt())) {
      entries.asMap().remove(key, entry);
      stale.increment();
      entry = null;
    }
    return entry;
  }

  void counted(boolean hit) {
    (hit ? hits : misses).increment();
    metrics.cacheLookup("l1", hit);
  }

  /** Stores unless the scope was invalidated since the fill started (the answer may predate the change). */
  boolean put(String key, CachedResponse entry) {
    if (!invalidations.valid(entry.scope(), entry.filledAt())) {
      return false;
    }
    bytes.add(entry.bytes());
    entries.put(key, entry);
    return true;
  }

  JsonObject stats() {
    long h = hits.sum();
    long m = misses.sum();
    return new JsonObject().put("hits", h).put("misses", m).put("hitRatio", h + m == 0 ? 0.0 : (double) h / (h + m))
        .put("evictions", entries.stats().evictionCount()).put("invalidated", stale.sum())
        .put("entries", entries.estimatedSize()).put("bytes", bytes.sum());
  }
}
