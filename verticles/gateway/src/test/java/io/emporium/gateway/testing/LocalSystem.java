package io.emporium.gateway.testing;

import io.emporium.contract.ServiceName;
import io.emporium.gateway.GatewayVerticle;
import io.emporium.order.OrderModule;
import io.emporium.order.OrderVerticle;
import io.emporium.platform.config.EmporiumConfig;
import io.emporium.platform.config.Role;
import io.emporium.platform.discovery.ClusterMembership;
import io.emporium.platform.discovery.DiscoveryServiceRegistry;
import io.emporium.platform.health.Readiness;
import io.emporium.platform.health.ReadinessCheck;
import io.emporium.platform.metrics.MetricsSetup;
import io.emporium.product.ProductModule;
import io.emporium.product.ProductVerticle;
import io.emporium.user.UserModule;
import io.emporium.user.UserVerticle;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The configured roles in one local (not clustered) Vert.x with metrics, deployed as the launcher's
 * {@code EmporiumSystem} deploys them: services first, each announced in discovery, then the gateway in
 * front of them; stopped gateway first. The launcher module cannot be a dependency of this one (it
 * depends on the gateway), so this is the part of its wiring that the gateway's tests need; clustered
 * systems are tested in the launcher module.
 */
final class LocalSystem {
  private static final long DISCOVERY_RESYNC_MS = 10_000;

  private final EmporiumConfig config;
  private final Vertx vertx;
  private final String nodeId = "local-" + UUID.randomUUID();
  private final Readiness readiness;
  private final Map<Role, List<String>> deployments = new EnumMap<>(Role.class);
  private final List<Supplier<Future<Void>>> resources = new ArrayList<>();
  private DiscoveryServiceRegistry registry;
  private GatewayVerticle gateway;

  private LocalSystem(EmporiumConfig config) {
    this.config = config;
    this.vertx = MetricsSetup.vertx(config.roles().stream().map(Role::wireName).sorted()
        .collect(Collectors.joining(",")));
    this.readiness = new Readiness(vertx, config.timeouts().healthMs());
  }

  static Future<LocalSystem> start(EmporiumConfig config) {
    LocalSystem system = new LocalSystem(config);
    return DiscoveryServiceRegistry.start(system.vertx, ClusterMembership.standalone(system.nodeId),
            config.timeouts().busMs(), DISCOVERY_RESYNC_MS)
        .compose(registry -> {
          system.registry = registry;
          return system.deployAll();
        })
        .map(system)
        .recover(e -> system.stop().transform(x -> Future.failedFuture(e)));
  }

  Vertx vertx() {
    return vertx;
  }

  /** The gateway's HTTP port, when this system runs one. */
  OptionalInt httpPort() {
    return gateway == null ? OptionalInt.empty() : OptionalInt.of(gateway.actualPort());
  }

  private Future<Void> deployAll() {
    Future<Void> services = Future.succeededFuture();
    if (config.roles().contains(Role.USER)) {
      services = services.compose(v -> UserModule.start(vertx, config)).compose(module -> {
        resources.add(module::close);
        readinessOfService(ServiceName.USER, () -> module.repository().ping());
        return deploy(Role.USER, () -> new UserVerticle(module, config.instance(), registry, nodeId));
      });
    }
    if (config.roles().contains(Role.PRODUCT)) {
      services = services.compose(v -> ProductModule.start(vertx, config)).compose(module -> {
        resources.add(module::close);
        readinessOfService(ServiceName.PRODUCT, () -> module.repository().ping());
        return deploy(Role.PRODUCT, () -> new ProductVerticle(module, config.instance(), registry, nodeId));
      });
    }
    if (config.roles().contains(Role.ORDER)) {
      services = services.compose(v -> OrderModule.start(vertx, config, registry.directory())).compose(module -> {
        resources.add(module::close);
        readinessOfService(ServiceName.ORDER, () -> module.store().ping());
        return deploy(Role.ORDER, () -> new OrderVerticle(module, config.instance(), registry, nodeId));
      });
    }
    if (!config.roles().contains(Role.GATEWAY)) {
      return services;
    }
    for (ServiceName needed : ServiceName.values()) {
      if (needed.core()) {
        readiness.add(ReadinessCheck.condition(needed.wireName() + "-discovered",
            () -> !registry.directory().instances(needed).isEmpty()));
      }
    }
    return services.compose(v -> deploy(Role.GATEWAY, () -> {
      gateway = new GatewayVerticle(config, registry.directory(), readiness);
      return gateway;
    }));
  }

  /** A service needs its store and its own instances announced in discovery. */
  private void readinessOfService(ServiceName service, Supplier<Future<Void>> storePing) {
    readiness.add(new ReadinessCheck(service.wireName() + "-store", storePing::get));
    readiness.add(ReadinessCheck.condition(service.wireName() + "-published", () -> registry.directory()
        .instances(service).stream().anyMatch(instance -> instance.nodeId().equals(nodeId))));
  }

  private Future<Void> deploy(Role role, Supplier<Deployable> verticle) {
    DeploymentOptions options = new DeploymentOptions().setInstances(config.instancesOf(role));
    return vertx.deployVerticle(verticle, options).map(id -> {
      deployments.computeIfAbsent(role, r -> new ArrayList<>()).add(id);
      return null;
    });
  }

  /** Gateway first, then orders, then the other services, discovery, the stores, and Vert.x. */
  Future<Void> stop() {
    readiness.startDraining();
    return undeploy(Role.GATEWAY)
        .eventually(() -> undeploy(Role.ORDER))
        .eventually(() -> Future.join(undeploy(Role.USER), undeploy(Role.PRODUCT)))
        .eventually(() -> registry == null ? Future.succeededFuture() : registry.close())
        .eventually(() -> Future.join(new ArrayList<>(resources.stream().map(Supplier::get).toList())))
        .eventually(vertx::close)
        .mapEmpty();
  }

  private Future<Void> undeploy(Role role) {
    List<Future<Void>> undeployed = deployments.getOrDefault(role, List.of()).stream().map(vertx::undeploy).toList();
    return Future.join(new ArrayList<>(undeployed)).mapEmpty();
  }
}
