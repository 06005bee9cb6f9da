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
  private final Map<String, Map<String, RouteStats>> byMethod = new ConcurrentHashMap<>();

  public static GatewayStats of(Vertx vertx) {
    return (GatewayStats) vertx.sharedData().<String, GatewayStats>getLocalMap(SHARED_NAME)
        .computeIfAbsent("stats", k -> new GatewayStats());
  }

  void record(String method, String template, int status, long micros, boolean limited, String cache) {
    // a map per method: no "GET /api/..." string is built per request to look the route up
    byMethod.computeIfAbsent(method, m -> new ConcurrentHashMap<>())
        .computeIfAbsent(template, t -> new RouteStats()).record(status, micros, limited, cache);
  }

  public JsonObject toJson() {
    JsonObject byRoute = new JsonObject();
    Map<String, RouteStats> routes = new TreeMap<>();
    byMethod.forEach((method, templates) -> templates.forEach((template, stats) -> routes.put(method + " " + template, stats)));
    routes.forEach((route, stats) -> byRoute.put(route, stats.toJson()));
    return new JsonObject().put("since", java.time.Instant.ofEpochMilli(startedAt).toString()).put("routes", byRoute);
  }
}
