package io.emporium.gateway.policy.stats;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/** One route template's counters and latency histogram (HdrHistogram, microseconds, 2 significant digits). */
final class RouteStats {
  private static final long HIGHEST_MICROS = 120_000_000L;

  private final LongAdder requests = new LongAdder();
  private final LongAdder[] statusClasses = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder(),
      new LongAdder()};
  private final LongAdder rateLimited = new LongAdder();
  private final LongAdder cacheHits = new LongAdder();
  private final LongAdder cacheMisses = new LongAdder();
  private final LongAdder cacheBypassed = new LongAdder();
  // One histogram per recording thread (an event loop), each behind its own lock, which only a stats
  // read ever contends: one shared histogram's lock was fought over by every event loop on every request.
  private final java.util.List<Histogram> histograms = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final ThreadLocal<Histogram> ownHistogram = ThreadLocal.withInitial(() -> {
    Histogram made = new Histogram(HIGHEST_MICROS, 2);
    histograms.add(made);
    return made;
  });

  void record(int status, long micros, boolean limited, String cache) {
    requests.increment();
    int statusClass = status / 100;
    if (statusClass >= 1 && statusClass <= 5) {
      statusClasses[statusClass - 1].increment();
    }
    if (limited) {
      rateLimited.increment();
    }
    if (cache != null) {
      (switch (cache) {
        case "HIT" -> cacheHits;
        case "MISS" -> cacheMisses;
        default -> cacheBypassed;
      }).increment();
    }
    Histogram latency = ownHistogram.get();
    synchronized (latency) {
      latency.recordValue(Math.min(Math.max(micros, 0), HIGHEST_MICROS));
    }
  }

  JsonObject toJson() {
    JsonObject statuses = new JsonObject();
    for (int i = 0; i < statusClasses.length; i++) {
      statuses.put((i + 1) + "xx", statusClasses[i].sum());
    }
    Histogram latency = new Histogram(HIGHEST_MICROS, 2);
    for (Histogram own : histograms) {
      synchronized (own) {
        latency.add(own);
      }
    }
    JsonObject latencyMs = new JsonObject().put("p50", ms(latency.getValueAtPercentile(50)))
        .put("p95", ms(latency.getValueAtPercentile(95))).put("p99", ms(latency.getValueAtPercentile(99)))
        .put("max", ms(latency.getMaxValue()));
    return new JsonObject().put("requests", requests.sum()).put("status", statuses).put("latencyMs", latencyMs)
        .put("rateLimited", rateLimited.sum())
        .put("cache", new JsonObject().put("hits", cacheHits.sum()).put("misses", cacheMisses.sum())
            .put("bypassed", cacheBypassed.sum()));
  }

  private static double ms(long micros) {
    return Math.round(micros / 10.0) / 100.0;
  }
}
