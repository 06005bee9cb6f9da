package io.emporium.platform.mesh;

import io.vertx.core.json.JsonObject;
import java.util.function.LongSupplier;

/**
 * Keeps retries to a share of recent calls, so that retries cannot multiply an outage: a retry is
 * allowed only while the retries of the last {@value #WINDOW_SECONDS} seconds, this one included,
 * stay within {@code percent} of the calls (first attempts) of the same window. A sliding window of
 * one-second buckets; a retry that is refused is not counted. Hedged reads draw on a budget of the
 * same kind.
 */
final class RetryBudget {
  static final int WINDOW_SECONDS = 10;
  private final long[] bucketSecond = new long[WINDOW_SECONDS];
  private final long[] calls = new long[WINDOW_SECONDS];
  private final long[] retries = new long[WINDOW_SECONDS];
  private final LongSupplier nanoTime;
  private long denied;

  RetryBudget() {
    this(System::nanoTime);
  }

  RetryBudget(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    java.util.Arrays.fill(bucketSecond, Long.MIN_VALUE);
  }

  synchronized void recordCall() {
    calls[bucket()]++;
  }

  synchronized boolean tryAcquire(int percent) {
    int current = bucket();
    long recentCalls = 0;
    long recentRetries = 0;
    for (int i = 0; i < WINDOW_SECONDS; i++) {
      if (bucketSecond[i] != Long.MIN_VALUE) {
        recentCalls += calls[i];
        recentRetries += retries[i];
      }
    }
    if ((recentRetries + 1) * 100 > recentCalls * percent) {
      denied++;
      return false;
    }
    retries[current]++;
    return true;
  }

  JsonObject toJson(int percent) {
    return toJson(percent, "recentRetries");
  }

  /** @param spentName what the spent share is called in the stats ("recentRetries", "recentHedges") */
  synchronized JsonObject toJson(int percent, String spentName) {
    bucket();
    long recentCalls = 0;
    long recentRetries = 0;
    for (int i = 0; i < WINDOW_SECONDS; i++) {
      if (bucketSecond[i] != Long.MIN_VALUE) {
        recentCalls += calls[i];
        recentRetries += retries[i];
      }
    }
    return new JsonObject().put("percent", percent).put("windowSeconds", WINDOW_SECONDS)
        .put("recentCalls", recentCalls).put(spentName, recentRetries).put("denied", denied);
  }

  /** The bucket of the current second, after clearing buckets that fell out of the window. */
  private int bucket() {
    long second = Math.floorDiv(nanoTime.getAsLong(), 1_000_000_000L);
    for (int i = 0; i < WINDOW_SECONDS; i++) {
      if (bucketSecond[i] != Long.MIN_VALUE && bucketSecond[i] <= second - WINDOW_SECONDS) {
        bucketSecond[i] = Long.MIN_VALUE;
        calls[i] = 0;
        retries[i] = 0;
      }
    }
    int index = (int) Math.floorMod(second, (long) WINDOW_SECONDS);
    if (bucketSecond[index] != second) {
      bucketSecond[index] = second;
      calls[index] = 0;
      retries[index] = 0;
    }
    return index;
  }
}
