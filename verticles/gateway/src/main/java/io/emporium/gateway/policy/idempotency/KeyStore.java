package io.emporium.gateway.policy.idempotency;

import io.emporium.platform.async.Deadlines;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The keys of every gateway, in one Vert.x shared map: a Hazelcast map across the cluster when clustered
 * (so a retry on another gateway or JVM finds the first request's key), the JVM's own map otherwise. The
 * house keeps its other cluster-wide gateway state there too (rate-limit policies, cache peers); Redis is
 * optional and its outages are ridden out by counting locally, which for keys would mean running a write
 * twice. Every call is bounded by the store timeout; each entry has a time to live.
 */
final class KeyStore {
  static final String MAP = "emporium.gateway.idempotency-keys";
  private final Vertx vertx;
  private final Supplier<Future<AsyncMap<String, String>>> source;
  private final long timeoutMs;
  /** Touched on this gateway instance's event loop only. */
  private Future<AsyncMap<String, String>> map;

  KeyStore(Vertx vertx, long timeoutMs) {
    this(vertx, timeoutMs, () -> vertx.sharedData().getAsyncMap(MAP));
  }

  KeyStore(Vertx vertx, long timeoutMs, Supplier<Future<AsyncMap<String, String>>> source) {
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
    this.source = source;
  }

  /** Claims the key for a request ({@code pending}, encoded); empty when claimed, else what the key holds. */
  Future<Optional<KeyRecord>> claim(String key, String pending, long ttlMs) {
    return bounded(map().compose(m -> m.putIfAbsent(key, pending, ttlMs)), "claim")
        .map(existing -> Optional.ofNullable(existing).map(KeyRecord::decode));
  }

  /**
   * Replaces the claim by the answer. A plain put: the map has no atomic replace with a time to live, and
   * a claim outlives the longest write (see {@link IdempotencyKeys}), so nobody else holds the key now.
   */
  Future<Void> complete(String key, String answered, long ttlMs) {
    return bounded(map().compose(m -> m.put(key, answered, ttlMs)), "store the answer");
  }

  /** Drops the key if it is still this claim, so that a retry can run the write. */
  Future<Boolean> release(String key, String pending) {
    return bounded(map().compose(m -> m.removeIfPresent(key, pending)), "release");
  }

  private <T> Future<T> bounded(Future<T> call, String what) {
    return Deadlines.within(vertx, call, timeoutMs, "idempotency key store: " + what);
  }

  private Future<AsyncMap<String, String>> map() {
    if (map == null || map.failed()) {
      map = source.get();
    }
    return map;
  }
}
