package io.emporium.gateway.policy.cache;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;

/**
 * A miss on its way to the backend: what the answer will be stored under, the invalidation sequences
 * (in-process and Redis) read before the call, and the promise concurrent misses of the key wait on.
 */
final class CacheFill {
  final String key;
  final String scope;
  final long localSequence;
  /** Set after the level-two lookup; -1 when Redis was not asked (then the answer is not stored there). */
  long redisSequence = -1;
  final long ttlMs;
  /** Whether level one was open when the fill started: only then may it keep the answer. */
  final boolean mayKeepLocally;
  private final Promise<CachedResponse> done = Promise.promise();

  CacheFill(String key, String scope, long localSequence, long ttlMs, boolean mayKeepLocally) {
    this.key = key;
    this.mayKeepLocally = mayKeepLocally;
    this.scope = scope;
    this.localSequence = localSequence;
    this.ttlMs = ttlMs;
  }

  Future<CachedResponse> future() {
    return done.future();
  }

  CachedResponse entry(String etag, Buffer body) {
    return CachedResponse.of(scope, localSequence, System.currentTimeMillis() + ttlMs, etag, body);
  }

  void complete(CachedResponse entry) {
    done.tryComplete(entry);
  }

  void abandon() {
    done.tryFail("no cacheable answer");
  }
}
