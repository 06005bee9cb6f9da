package io.emporium.launcher;

import io.emporium.platform.config.EmporiumConfig;
import io.emporium.platform.config.Role;
import io.emporium.platform.discovery.ServiceRegistry;
import io.emporium.platform.health.Readiness;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * What one JVM runs, and how to stop it in order: the gateway first (stop accepting, drain), then the
 * services (each withdraws its discovery record before it stops consuming), then shared resources,
 * then Vert.x itself, which leaves the cluster.
 */
public final class RunningSystem {
  private final Vertx vertx;
  private final EmporiumConfig config;
  private final ServiceRegistry registry;
  private final String nodeId;
  private final boolean clustered;
  private final Map<Role, List<String>> deployments;
  private final List<Supplier<Future<Void>>> resources;
  private final OptionalInt httpPort;
  private final Readiness readiness;
  private Optional<ManagementServer> management = Optional.empty();
  private Optional<ClusterConnection> connection = Optional.empty();

  RunningSystem(Vertx vertx, EmporiumConfig config, ServiceRegistry registry, String nodeId, boolean clustered,
      Map<Role, List<String>> deployments, List<Supplier<Future<Void>>> resources, OptionalInt httpPort,
      Readiness readiness) {
    this.vertx = vertx;
    this.config = config;
    this.registry = registry;
    this.nodeId = nodeId;
    this.clustered = clustered;
    this.deployments = deployments;
    this.resources = resources;
    this.httpPort = httpPort;
    this.readiness = readiness;
  }

  /** This JVM's readiness (what {@code /api/health/ready} answers), for any server that mounts the probes. */
  public Readiness readiness() {
    return readiness;
  }

  public Vertx vertx() {
    return vertx;
  }

  public EmporiumConfig config() {
    return config;
  }

  public String nodeId() {
    return nodeId;
  }

  public boolean clustered() {
    return clustered;
  }

  public OptionalInt httpPort() {
    return httpPort;
  }

  RunningSystem withManagement(Optional<ManagementServer> management) {
    this.management = management;
    return this;
  }

  RunningSystem withConnection(Optional<ClusterConnection> connection) {
    this.connection = connection;
    return this;
  }

  /** This JVM's management server, when {@code management.port} is set: mount routes on its router. */
  public Optional<ManagementServer> management() {
    return management;
  }

  public ServiceRegistry registry() {
    return registry;
  }

  public Future<Void> stop() {
    // Not ready first, so that load balancers stop sending before anything closes.
    readiness.startDraining();
    // The other JVMs then take this one's departure as a stop, not as a sign they were cut off.
    connection.ifPresent(ClusterConnection::sayGoodbye);
    return undeploy(Role.GATEWAY)
        // Orders first: an order instance draining may still call the product service.
        .eventually(() -> undeploy(Role.ORDER))
        .eventually(() -> Future.join(undeploy(Role.USER), undeploy(Role.PRODUCT)))
        .eventually(registry::close)
        .eventually(() -> Future.join(new ArrayList<>(resources.stream().map(Supplier::get).toList())))
        .eventually(vertx::close)
        .mapEmpty();
  }

  private Future<Void> undeploy(Role role) {
    List<Future<Void>> undeployed = deployments.getOrDefault(role, List.of()).stream().map(vertx::undeploy).toList();
    return Future.join(new ArrayList<>(undeployed)).mapEmpty();
  }
}
