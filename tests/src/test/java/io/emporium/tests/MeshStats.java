package io.emporium.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a {@code GET /api/mesh/stats} body across every gateway verticle of the JVM. Each gateway verticle
 * has a mesh of its own, and the top-level fields are only the view of the verticle that took the stats
 * request: which one that is, and which verticles took the traffic, depends on how connections reach them.
 * So instances are counted as present when every verticle lists them, and calls are summed over all.
 */
public final class MeshStats {
  private MeshStats() {}

  /** The view of each gateway verticle; fails if one did not answer. */
  public static List<JsonObject> views(JsonObject stats) {
    assertThat(stats.getInteger("verticlesUnanswered")).as("gateway verticles that did not answer").isZero();
    List<JsonObject> views = stats.getJsonArray("verticles").stream().map(JsonObject.class::cast).toList();
    assertThat(views).as("views of the gateway verticles").isNotEmpty();
    return views;
  }

  /** The service's instances in one view. */
  public static List<JsonObject> instances(JsonObject view, String service) {
    return view.getJsonObject("services").getJsonObject(service).getJsonArray("instances").stream()
        .map(JsonObject.class::cast).toList();
  }

  /** The node ids of the service's instances that every verticle's view lists. */
  public static Set<String> nodesInEveryView(JsonObject stats, String service) {
    List<JsonObject> views = views(stats);
    Set<String> common = nodes(views.get(0), service);
    views.forEach(view -> common.retainAll(nodes(view, service)));
    return common;
  }

  /** The node ids of the service's instances that some verticle's view lists. */
  public static Set<String> nodesInAnyView(JsonObject stats, String service) {
    return views(stats).stream().flatMap(view -> nodes(view, service).stream()).collect(Collectors.toSet());
  }

  /** Calls per instance id, summed over every verticle's view. */
  public static Map<String, Long> callsPerInstance(JsonObject stats, String service) {
    Map<String, Long> calls = new HashMap<>();
    views(stats).forEach(view -> instances(view, service).forEach(instance ->
        calls.merge(instance.getString("instanceId"), instance.getLong("calls", 0L), Long::sum)));
    return calls;
  }

  private static Set<String> nodes(JsonObject view, String service) {
    return instances(view, service).stream().map(i -> i.getString("nodeId")).collect(Collectors.toSet());
  }
}
