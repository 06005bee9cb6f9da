package io.emporium.launcher;

import io.emporium.contract.ServiceName;
import io.emporium.gateway.GatewayVerticle;
import io.emporium.gateway.HealthProbes;
import io.emporium.order.OrderModule;
import io.emporium.order.OrderVerticle;
import io.emporium.platform.config.EmporiumConfig;
import io.emporium.platform.config.Role;
import io.emporium.platform.discovery.ClusterMembership;
import io.emporium.platform.discovery.DiscoveryServiceRegistry;
import io.emporium.platform.discovery.ServiceRegistry;
import io.emporium.platform.health.Readiness;
import io.emporium.platform.health.ReadinessCheck;
import io.emporium.product.ProductModule;
import io.emporium.product.ProductVerticle;
import io.emporium.user.UserModule;
import io.emporium.user.UserVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Deploys the configured roles into one Vert.x: services first (so the gateway finds them), then the
 * gateway. Each role's per-JVM resources (store, pool) are created once and shared by its instances.
 */
public final class EmporiumSystem {
  /** How often each JVM re-reads discovery in full, to repair a missed announcement. */
  static final long DISCOVERY_RESYNC_MS = 10_000;
  /** The readiness and liveness condition of a clustered JVM: not cut off from the cluster. */
  static final String CLUSTER_CONNECTED = "cluster-connected";

  private final EmporiumConfig config;
  private final Vertx vertx;
  private final String nodeId;
  private final Map<Role, List<String>> deployments = new EnumMap<>(Role.class);
  private final List<Supplier<Future<Void>>> resources = new ArrayList<>();
  private final List<GatewayVerticle> gateways = new CopyOnWriteArrayList<>();
  private final Readiness readiness;
  private Optional<ManagementServer> management = Optional.empty();

  private EmporiumSystem(EmporiumConfig config, Vertx vertx, String nodeId) {
    this.config = config;
    this.vertx = vertx;
    this.nodeId = nodeId;
    this.readiness = new Readiness(vertx, config.timeouts().healthMs());
  }

  /** Starts Vert.x (clustered when configured) and everything the configuration asks for. */
  public static Future<RunningSystem> start(EmporiumConfig config) {
    return ClusterBootstrap.start(config).compose(started -> {
      EmporiumSystem system = new EmporiumSystem(config, started.vertx(), started.membership().localNodeId());
      system.readinessOfMembership(started.membership(), started.clustered());
      started.connection().ifPresent(system::readinessOfConnection);
      system.resources.add(started.observability()::close);
      // The management server first: it answers (metrics, probes) while the roles deploy.
      return ManagementServer.start(started.vertx(), config).onSuccess(server -> {
            system.management = server;
            // Every role answers the orchestrator's probes here, a service JVM too (it has no gateway port).
            server.ifPresent(m -> new HealthProbes(system.readiness).mount(m.router()));
          })
          .compose(m -> DiscoveryServiceRegistry.start(started.vertx(), started.membership(), config.timeouts().busMs(),
              DISCOVERY_RESYNC_MS))
          .map(registry -> {
            started.connection().ifPresent(c -> registry.removeOthersOnlyWhile(c::mayRemoveOthersRecords));
            return registry;
          })
          .compose(registry -> system.deployAll(registry)
              .map(v -> system.running(registry, started.clustered(), started.connection()))
              .recover(e -> registry.close().transform(x -> Future.failedFuture(e))))
          .recover(e -> Future.failedFuture(new StartFailure(e, started.vertx())));
    });
  }

  /**
   * A start that failed once Vert.x was up. The caller closes {@link #vertx()} from its own thread:
   * closing it inside this future chain would complete the chain on a terminated event loop, and
   * whoever waits on it would wait for ever.
   */
  public static final class StartFailure extends RuntimeException {
    private final transient Vertx vertx;

    StartFailure(Throwable cause, Vertx vertx) {
      super(cause.getMessage(), cause);
      this.vertx = vertx;
    }

    public Vertx vertx() {
      return vertx;
    }
  }

  private Future<Void> deployAll(ServiceRegistry registry) {
    Future<Void> services = Future.succeededFuture();
    if (config.roles().contains(Role.USER)) {
      services = services.compose(v -> UserModule.start(vertx, config)).compose(module -> {
        resources.add(module::close);
        readinessOfService(ServiceName.USER, registry, () -> module.repository().ping());
        return deploy(Role.USER, () -> new UserVerticle(module, config.instance(), registry, nodeId));
      });
    }
    if (config.roles().contains(Role.PRODUCT)) {
      services = services.compose(v -> ProductModule.start(vertx, config)).compose(module -> {
        resources.add(module::close);
        readinessOfService(ServiceName.PRODUCT, registry, () -> module.repository().ping());
        return deploy(Role.PRODUCT,
            () -> new ProductVerticle(module, config.instance(), registry, nodeId));
      });
    }
    if (config.roles().contains(Role.ORDER)) {
      services = services.compose(v -> OrderModule.start(vertx, config, registry.directory())).compose(module -> {
        resources.add(module::close);
        readinessOfService(ServiceName.ORDER, registry, () -> module.store().ping());
        return deploy(Role.ORDER, () -> new OrderVerticle(module, config.instance(), registry, nodeId));
      });
    }
    if (!config.roles().contains(Role.GATEWAY)) {
      return services;
    }
    for (ServiceName needed : ServiceName.values()) {
      if (!needed.core()) {
        continue; // see ServiceName.core()
      }
      readiness.add(ReadinessCheck.condition(needed.wireName() + "-discovered",
          () -> !registry.directory().instances(needed).isEmpty()));
    }
    return services.compose(v -> deploy(Role.GATEWAY, () -> {
      GatewayVerticle gateway = new GatewayVerticle(config, registry.directory(), readiness);
      gateways.add(gateway);
      return gateway;
    }));
  }

  /** Clustered: ready only while Hazelcast lists this JVM as a member. */
  private void readinessOfMembership(ClusterMembership membership, boolean clustered) {
    if (clustered) {
      readiness.add(ReadinessCheck.condition("cluster-member", () -> membership.isMember(membership.localNodeId())));
    }
  }

  /**
   * Clustered: ready only while not cut off from the cluster, live only while not cut off for longer
   * than {@code cluster.rejoin-bound-ms} (an orchestrator then replaces the JVM).
   */
  private void readinessOfConnection(ClusterConnection connection) {
    readiness.add(ReadinessCheck.condition(CLUSTER_CONNECTED, connection::connected));
    readiness.liveness().add(CLUSTER_CONNECTED, connection::live);
  }

  /** A service JVM needs its store and its own instances announced in discovery. */
  private void readinessOfService(ServiceName service, ServiceRegistry registry,
      Supplier<Future<Void>> storePing) {
    readiness.add(new ReadinessCheck(service.wireName() + "-store", storePing::get));
    readiness.add(ReadinessCheck.condition(service.wireName() + "-published", () -> registry.directory()
        .instances(service).stream().anyMatch(instance -> instance.nodeId().equals(nodeId))));
  }

  private Future<Void> deploy(Role role, Supplier<io.vertx.core.Deployable> verticle) {
    DeploymentOptions options = new DeploymentOptions().setInstances(config.instancesOf(role));
    return vertx.deployVerticle(verticle, options).map(id -> {
      deployments.computeIfAbsent(role, r -> new ArrayList<>()).add(id);
      return null;
    });
  }

  private RunningSystem running(ServiceRegistry registry, boolean clustered, Optional<ClusterConnection> connection) {
    OptionalInt port = gateways.isEmpty() ? OptionalInt.empty() : OptionalInt.of(gateways.get(0).actualPort());
    management.ifPresent(server -> resources.add(server::close));
    connection.ifPresent(c -> {
      new MergeRepair(vertx, registry, gateways).attach(c);
      ClusterConnectionMeters.register(vertx, c);
      resources.add(c::close);
    });
    return new RunningSystem(vertx, config, registry, nodeId, clustered, deployments, resources, port, readiness)
        .withManagement(management).withConnection(connection);
  }
}
