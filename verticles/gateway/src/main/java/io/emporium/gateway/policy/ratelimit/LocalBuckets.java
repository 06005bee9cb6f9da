package io.emporium.gateway.policy.ratelimit;

import io.emporium.gateway.policy.ratelimit.Decision.BucketState;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Token buckets counted in this JVM, shared by the gateway instances of one Vert.x (they share the
 * port, so they must share the count). A check takes a token from every bucket or from none. Buckets
 * that have refilled completely are forgotten, so the map does not grow with every address ever seen.
 */
final class LocalBuckets implements Shareable {
  private static final String SHARED_NAME = "emporium.gateway.ratelimit";
  private static final int SWEEP_ABOVE = 10_000;

  private final Map<String, double[]> buckets = new HashMap<>(); // id -> {tokens, lastNanos}

  static LocalBuckets of(Vertx vertx) {
    return (LocalBuckets) vertx.sharedData().<String, LocalBuckets>getLocalMap(SHARED_NAME)
        .computeIfAbsent("buckets", k -> new LocalBuckets());
  }

  synchronized Decision check(List<BucketKey> keys) {
    long now = System.nanoTime();
    if (buckets.size() > SWEEP_ABOVE) {
      sweep(now);
    }
    List<double[]> states = new ArrayList<>(keys.size());
    boolean allowed = true;
    for (BucketKey key : keys) {
      double[] state = buckets.computeIfAbsent(key.id(), id -> new double[] {key.policy().burst(), now});
      double elapsedSeconds = (now - (long) state[1]) / 1e9;
      state[0] = Math.min(key.policy().burst(), state[0] + elapsedSeconds * key.policy().rate());
      state[1] = now;
      states.add(state);
      allowed &= state[0] >= 1;
    }
    List<BucketState> after = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      double[] state = states.get(i);
      if (allowed) {
        state[0] -= 1;
      }
      BucketKey key = keys.get(i);
      after.add(new BucketState(key.policy().name(), key.policy().burst(), state[0], key.policy().rate()));
    }
    return Decision.of(allowed, after);
  }

  /** Forgets buckets that are full by now: a new one starts full anyway. */
  private void sweep(long now) {
    buckets.entrySet().removeIf(e -> {
      String[] parts = e.getKey().split(":", 4);
      double rate = Double.parseDouble(parts[1]);
      double burst = Double.parseDouble(parts[2]);
      return e.getValue()[0] + (now - (long) e.getValue()[1]) / 1e9 * rate >= burst;
    });
  }

  synchronized int size() {
    return buckets.size();
  }
}
