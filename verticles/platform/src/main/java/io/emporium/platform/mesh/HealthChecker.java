package io.emporium.platform.mesh;

import io.emporium.contract.Action;
import io.emporium.contract.ServiceName;
import io.emporium.platform.discovery.ServiceDirectory;
import io.emporium.platform.discovery.ServiceInstance;
import io.emporium.platform.mesh.policy.HealthCheckSettings;
import io.emporium.platform.mesh.policy.ServiceActions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Active health checks: every interval, each instance in the directory gets its service's health
 * action (at most one probe per instance in flight, each with its own timeout). An instance that
 * answers UP or DEGRADED (alive, its store may be down) passes; no answer, or a failure, does not.
 */
final class HealthChecker {
  private final Vertx vertx;
  private final ServiceDirectory directory;
  private final MeshRuntime mesh;
  private final HealthCheckSettings settings;
  private long timer = -1;

  HealthChecker(Vertx vertx, ServiceDirectory directory, MeshRuntime mesh, HealthCheckSettings settings) {
    this.vertx = vertx;
    this.directory = directory;
    this.mesh = mesh;
    this.settings = settings;
  }

  void start() {
    timer = vertx.setPeriodic(settings.intervalMs(), id -> probeAll());
  }

  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  void probeAll() {
    mesh.endpoints().prune();
    for (ServiceName service : ServiceName.values()) {
      Action health = ServiceActions.health(service);
      for (ServiceInstance instance : directory.instances(service)) {
        Endpoint endpoint = mesh.endpoints().endpoint(instance);
        if (!endpoint.health().beginProbe()) {
          continue;
        }
        mesh.transport().probe(instance, health, new JsonObject(), CallContext.anonymous("mesh-health-probe"),
                settings.timeoutMs())
            .onComplete(reply -> endpoint.health().record(reply.succeeded() && alive(reply.result()), settings));
      }
    }
  }

  private static boolean alive(JsonObject reply) {
    String status = reply == null ? null : reply.getString("status");
    return "UP".equals(status) || "DEGRADED".equals(status);
  }
}
