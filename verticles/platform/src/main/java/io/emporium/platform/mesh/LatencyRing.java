package io.emporium.platform.mesh;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The latest {@value #SIZE} latencies of something, for percentiles. Recording is one array write
 * (no allocation, no lock); the cost is paid when percentiles are asked for, by sorting a copy.
 */
final class LatencyRing {
  static final int SIZE = 1024;
  private final AtomicLongArray micros = new AtomicLongArray(SIZE);
  private final AtomicLong recorded = new AtomicLong();

  void record(long nanos) {
    long index = recorded.getAndIncrement();
    micros.set((int) (index & (SIZE - 1)), Math.max(0, nanos / 1_000));
  }

  /** {"samples", "p50", "p95", "p99"} in milliseconds (fractions kept); percentiles are null before any sample. */
  JsonObject toJson() {
    int n = (int) Math.min(recorded.get(), SIZE);
    long[] copy = new long[n];
    for (int i = 0; i < n; i++) {
      copy[i] = micros.get(i);
    }
    Arrays.sort(copy);
    return new JsonObject().put("samples", n).put("p50", percentile(copy, 50)).put("p95", percentile(copy, 95))
        .put("p99", percentile(copy, 99));
  }

  /** The {@code p}th percentile in microseconds, or -1 with fewer than {@code minSamples} samples. */
  long percentileMicros(int p, int minSamples) {
    int n = (int) Math.min(recorded.get(), SIZE);
    if (n < Math.max(1, minSamples)) {
      return -1;
    }
    long[] copy = new long[n];
    for (int i = 0; i < n; i++) {
      copy[i] = micros.get(i);
    }
    Arrays.sort(copy);
    int rank = (int) Math.ceil(p / 100.0 * n);
    return copy[Math.max(0, rank - 1)];
  }

  /** Nearest rank. */
  static Double percentile(long[] sortedMicros, int p) {
    if (sortedMicros.length == 0) {
      return null;
    }
    int rank = (int) Math.ceil(p / 100.0 * sortedMicros.length);
    return sortedMicros[Math.max(0, rank - 1)] / 1_000.0;
  }
}
