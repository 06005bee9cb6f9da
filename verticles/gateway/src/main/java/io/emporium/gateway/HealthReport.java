package io.emporium.gateway;

import io.emporium.contract.Action;
import io.emporium.contract.ProductAction;
import io.emporium.contract.ServiceName;
import io.emporium.contract.UserAction;
import io.emporium.platform.async.Deadlines;
import io.emporium.platform.discovery.ServiceDirectory;
import io.emporium.platform.discovery.ServiceInstance;
import io.emporium.platform.mesh.CallContext;
import io.emporium.platform.mesh.MeshClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Builds the {@code GET /api/health} report: the event bus, every service through discovery (each
 * instance probed with its health action, which also reports its database), and Redis when one is
 * configured. Every probe has a deadline, so the report itself never hangs.
 */
final class HealthReport {
  private final Vertx vertx;
  private final MeshClient mesh;
  private final ServiceDirectory directory;
  private final Optional<Redis> redis;
  private final long timeoutMs;
  private final String pingAddress = "emporium.gateway.ping." + UUID.randomUUID();
  private MessageConsumer<String> pingConsumer;

  HealthReport(Vertx vertx, MeshClient mesh, ServiceDirectory directory, Optional<Redis> redis, long timeoutMs) {
    this.vertx = vertx;
    this.mesh = mesh;
    this.directory = directory;
    this.redis = redis;
    this.timeoutMs = timeoutMs;
  }

  Future<Void> start() {
    pingConsumer = vertx.eventBus().localConsumer(pingAddress, message -> message.reply("pong"));
    return pingConsumer.completion();
  }

  Future<Void> stop() {
    return pingConsumer == null ? Future.succeededFuture() : pingConsumer.unregister();
  }

  /** Never fails: a check that fails is reported as such. */
  Future<JsonObject> build() {
    List<Future<JsonObject>> checks = new ArrayList<>();
    List<String> names = new ArrayList<>();
    names.add("eventBus");
    checks.add(eventBus());
    names.add(ServiceName.USER.wireName());
    checks.add(service(ServiceName.USER, UserAction.HEALTH));
    names.add(ServiceName.PRODUCT.wireName());
    checks.add(service(ServiceName.PRODUCT, ProductAction.HEALTH));
    names.add(ServiceName.ORDER.wireName());
    checks.add(service(ServiceName.ORDER, io.emporium.contract.OrderAction.HEALTH));
    redis.ifPresent(client -> {
      names.add("redis");
      checks.add(redis(client));
    });
    return Future.join(checks).otherwiseEmpty().map(v -> {
      JsonObject report = new JsonObject();
      boolean allUp = true;
      for (int i = 0; i < names.size(); i++) {
        JsonObject check = checks.get(i).result();
        report.put(names.get(i), check);
        allUp &= "UP".equals(check.getString("status"));
      }
      return new JsonObject().put("status", allUp ? "UP" : "DOWN").put("checks", report);
    });
  }

  private Future<JsonObject> eventBus() {
    return Deadlines.within(vertx, vertx.eventBus().request(pingAddress, "ping"), timeoutMs, "event bus ping")
        .map(reply -> up())
        .otherwise(e -> down("the event bus did not answer"));
  }

  private Future<JsonObject> service(ServiceName service, Action health) {
    List<ServiceInstance> instances = directory.instances(service);
    if (instances.isEmpty()) {
      return Future.succeededFuture(down("no instance discovered").put("instances", 0).put("healthy", 0));
    }
    List<Future<JsonObject>> probes = instances.stream()
        .map(instance -> mesh.callInstance(instance, health, new JsonObject(),
            CallContext.anonymous("health-" + UUID.randomUUID()), timeoutMs)
            .otherwise(e -> new JsonObject().put("status", "DOWN")))
        .toList();
    return Future.all(probes).map(all -> {
      List<JsonObject> replies = probes.stream().map(Future::result).toList();
      long healthy = replies.stream().filter(r -> "UP".equals(r.getString("status"))).count();
      boolean databaseUp = replies.stream().anyMatch(r -> "UP".equals(r.getString("database")));
      JsonObject check = new JsonObject()
          .put("status", healthy > 0 ? "UP" : "DOWN")
          .put("instances", instances.size())
          .put("healthy", healthy)
          .put("database", databaseUp ? "UP" : "DOWN");
      replies.stream().map(r -> r.getString("store")).filter(s -> s != null).findFirst()
          .ifPresent(store -> check.put("store", store));
      return check;
    });
  }

  private Future<JsonObject> redis(Redis client) {
    return Deadlines.within(vertx, client.send(Request.cmd(Command.PING)), timeoutMs, "redis ping")
        .map(reply -> up())
        .otherwise(e -> down("redis did not answer"));
  }

  private static JsonObject up() {
    return new JsonObject().put("status", "UP");
  }

  private static JsonObject down(String reason) {
    return new JsonObject().put("status", "DOWN").put("reason", reason);
  }
}
