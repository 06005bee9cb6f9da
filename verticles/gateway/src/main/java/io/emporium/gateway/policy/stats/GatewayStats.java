package io.emporium.gateway.policy.stats;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per route template (never a raw path, so the set stays small): requests, status classes, latency
 * percentiles, rate-limited requests and cache results, for all gateway instances of this JVM.
 */
public final class GatewayStats implements Shareable {
  private static final String SHARED_NAME = "emporium.gateway.stats";
  private final long startedAt = System.currentTimeMillis();
  private final Map<String, RouteStats> routes = new ConcurrentHashMap<>();

  public static GatewayStats of(Vertx vertx) {
    return (GatewayStats) vertx.sharedData().<String, GatewayStats>getLocalMap(SHARED_NAME)
        .computeIfAbsent("stats", k -> new GatewayStats());
  }

  void record(String route, int status, long micros, boolean limited, String cache) {
    routes.computeIfAbsent(route, r -> new RouteStats()).record(status, micros, limited, cache);
  }

  public JsonObject toJson() {
    JsonObject byRoute = new JsonObject();
    new TreeMap<>(routes).forEach((route, stats) -> byRoute.put(route, stats.toJson()));
    return new JsonObject().put("since", java.time.Instant.ofEpochMilli(startedAt).toString()).put("routes", byRoute);
  }
}
