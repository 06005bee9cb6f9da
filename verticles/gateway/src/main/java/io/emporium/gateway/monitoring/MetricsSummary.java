package io.emporium.gateway.monitoring;

import io.emporium.platform.metrics.EmporiumMetrics;
import io.emporium.platform.metrics.EmporiumMetrics.Names;
import io.emporium.platform.outbox.OutboxMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The JSON digest behind {@code GET /api/metrics/summary}, computed from the registry that /metrics
 * renders, so both always agree: request rate, error rate, latency percentiles (interpolated within
 * the histogram's buckets, as Prometheus' histogram_quantile does), cache hit ratio, circuit states,
 * instances, outbox backlog and uptime.
 */
public final class MetricsSummary {
  private static final String[] CIRCUIT_STATES = {"closed", "half-open", "open"};
  private final EmporiumMetrics metrics;

  public MetricsSummary(EmporiumMetrics metrics) {
    this.metrics = metrics;
  }

  public JsonObject build() {
    MeterRegistry registry = metrics.registry().orElseThrow();
    double uptimeSeconds = ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
    Map<String, Double> byClass = new TreeMap<>();
    for (Counter counter : registry.find(Names.HTTP_REQUESTS).counters()) {
      byClass.merge(counter.getId().getTag("status_class"), counter.count(), Double::sum);
    }
    double total = byClass.values().stream().mapToDouble(Double::doubleValue).sum();
    double serverErrors = byClass.getOrDefault("5xx", 0.0);
    JsonObject statusClasses = new JsonObject();
    byClass.forEach((k, v) -> statusClasses.put(k, (long) (double) v));
    return new JsonObject()
        .put("generatedAt", Instant.now().toString())
        .put("uptimeSeconds", Math.round(uptimeSeconds))
        .put("requests", new JsonObject()
            .put("total", (long) total)
            .put("ratePerSecond", round(uptimeSeconds > 0 ? total / uptimeSeconds : 0))
            .put("byStatusClass", statusClasses))
        .put("errors", new JsonObject()
            .put("serverErrors", (long) serverErrors)
            .put("clientErrors", (long) (double) byClass.getOrDefault("4xx", 0.0))
            .put("errorRate", round(total > 0 ? serverErrors / total : 0)))
        .put("latencyMs", latency(registry.find(Names.HTTP_DURATION).timers()))
        .put("cache", cache(registry))
        .put("breakers", breakers(registry))
        .put("instances", gaugesBy(registry, Names.MESH_INSTANCES, "destination_service"))
        .put("outbox", new JsonObject()
            .put("backlog", gaugesBy(registry, OutboxMeters.BACKLOG, "outbox"))
            .put("oldestPendingAgeSeconds", gaugesBy(registry, OutboxMeters.OLDEST_AGE, "outbox")));
  }

  /** p50/p95/p99 over every route, from the summed cumulative bucket counts. */
  static JsonObject latency(Collection<Timer> timers) {
    TreeMap<Double, Double> cumulative = new TreeMap<>();
    long count = 0;
    for (Timer timer : timers) {
      count += timer.count();
      for (CountAtBucket bucket : timer.takeSnapshot().histogramCounts()) {
        cumulative.merge(bucket.bucket(TimeUnit.MILLISECONDS), bucket.count(), Double::sum);
      }
    }
    JsonObject latency = new JsonObject().put("count", count);
    for (double q : new double[] {0.5, 0.95, 0.99}) {
      latency.put("p" + Math.round(q * 100), count == 0 ? null : round(quantile(cumulative, count, q)));
    }
    return latency;
  }

  static double quantile(TreeMap<Double, Double> cumulative, long count, double q) {
    double rank = q * count;
    double lowerBound = 0;
    double lowerCount = 0;
    for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
      if (bucket.getValue() >= rank) {
        double inBucket = bucket.getValue() - lowerCount;
        double fraction = inBucket <= 0 ? 1 : (rank - lowerCount) / inBucket;
        return lowerBound + (bucket.getKey() - lowerBound) * fraction;
      }
      lowerBound = bucket.getKey();
      lowerCount = bucket.getValue();
    }
    return lowerBound; // beyond the largest bucket: the largest bound is all a histogram can say
  }

  private static JsonObject cache(MeterRegistry registry) {
    double hits = 0;
    double misses = 0;
    JsonObject byLevel = new JsonObject();
    for (Counter counter : registry.find(Names.CACHE_LOOKUPS).counters()) {
      String level = counter.getId().getTag("level");
      boolean hit = "hit".equals(counter.getId().getTag("result"));
      JsonObject entry = byLevel.getJsonObject(level, new JsonObject().put("hits", 0L).put("misses", 0L));
      entry.put(hit ? "hits" : "misses", entry.getLong(hit ? "hits" : "misses") + (long) counter.count());
      byLevel.put(level, entry);
      if (hit) {
        hits += counter.count();
      } else {
        misses += counter.count();
      }
    }
    return new JsonObject().put("hits", (long) hits).put("misses", (long) misses)
        .put("hitRatio", hits + misses > 0 ? round(hits / (hits + misses)) : null)
        .put("byLevel", byLevel);
  }

  private static JsonArray breakers(MeterRegistry registry) {
    JsonArray breakers = new JsonArray();
    for (Gauge gauge : registry.find(Names.MESH_CIRCUIT_STATE).gauges()) {
      int state = (int) gauge.value();
      breakers.add(new JsonObject()
          .put("service", gauge.getId().getTag("destination_service"))
          .put("instance", gauge.getId().getTag("destination_instance"))
          .put("state", state >= 0 && state < CIRCUIT_STATES.length ? CIRCUIT_STATES[state] : "unknown"));
    }
    return breakers;
  }

  private static JsonObject gaugesBy(MeterRegistry registry, String name, String tag) {
    JsonObject values = new JsonObject();
    for (Gauge gauge : registry.find(name).gauges()) {
      double value = gauge.value();
      if (!Double.isNaN(value)) {
        values.put(gauge.getId().getTag(tag), value == Math.rint(value) ? (Object) (long) value : round(value));
      }
    }
    return values;
  }

  private static double round(double value) {
    return Math.round(value * 1000.0) / 1000.0;
  }
}
