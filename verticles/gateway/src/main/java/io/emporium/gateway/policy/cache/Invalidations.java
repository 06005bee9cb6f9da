package io.emporium.gateway.policy.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * When each scope (a product, the catalogue listings, or everything) was last invalidated, on one
 * sequence. An entry whose fill started before its scope's last invalidation is stale, whatever the
 * order in which the fill and the event arrived. That closes the race of an event and an in-flight fill.
 * Records outlive every entry they could concern (the longest TTL plus a call's timeout), then go.
 */
final class Invalidations {
  static final String EVERYTHING = "*";
  static final String CATALOGUE = "catalogue";

  private final AtomicLong sequence = new AtomicLong();
  private final Cache<String, Long> invalidatedAt;

  Invalidations(Duration retention) {
    this.invalidatedAt = Caffeine.newBuilder().executor(Runnable::run).expireAfterWrite(retention).build(); // as in LevelOne
  }

  /**
   * The scope of one product's answers. A UUID is read in either case (the service answers
   * {@code /api/products/<ID>} too), and a write names it as it likes: the scope is the id in lower case,
   * so that a write drops the answers stored under every spelling of it.
   */
  static String productScope(String id) {
    return "product:" + id.toLowerCase(java.util.Locale.ROOT);
  }

  long current() {
    return sequence.get();
  }

  void invalidate(String scope) {
    invalidatedAt.put(scope, sequence.incrementAndGet());
  }

  boolean valid(String scope, long filledAt) {
    return notAfter(scope, filledAt) && notAfter(EVERYTHING, filledAt);
  }

  private boolean notAfter(String scope, long filledAt) {
    Long at = invalidatedAt.getIfPresent(scope);
    return at == null || at <= filledAt;
  }
}
