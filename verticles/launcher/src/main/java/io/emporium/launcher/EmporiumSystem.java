package io.emporium.launcher;

import io.emporium.gateway.GatewayVerticle;
import io.emporium.platform.config.EmporiumConfig;
import io.emporium.platform.config.Role;
import io.emporium.platform.discovery.DiscoveryServiceRegistry;
import io.emporium.platform.discovery.ServiceRegistry;
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

  private final EmporiumConfig config;
  private final Vertx vertx;
  private final String nodeId;
  private final Map<Role, List<String>> deployments = new EnumMap<>(Role.class);
  private final List<Supplier<Future<Void>>> resources = new ArrayList<>();
  private final List<GatewayVerticle> gateways = new CopyOnWriteArrayList<>();

  private EmporiumSystem(EmporiumConfig config, Vertx vertx, String nodeId) {
    this.config = config;
    this.vertx = vertx;
    this.nodeId = nodeId;
  }

  /** Starts Vert.x (clustered when configured) and everything the configuration asks for. */
  public static Future<RunningSystem> start(EmporiumConfig config) {
    return ClusterBootstrap.start(config).compose(started -> {
      EmporiumSystem system = new EmporiumSystem(config, started.vertx(), started.membership().localNodeId());
      return DiscoveryServiceRegistry.start(started.vertx(), started.membership(), config.timeouts().busMs(),
              DISCOVERY_RESYNC_MS)
          .compose(registry -> system.deployAll(registry)
              .map(v -> system.running(registry, started.clustered()))
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
        return deploy(Role.USER, () -> new UserVerticle(module, config.instance(), registry, nodeId));
      });
    }
    if (config.roles().contains(Role.PRODUCT)) {
      services = services.compose(v -> ProductModule.start(vertx, config)).compose(module -> {
        resources.add(module::close);
        return deploy(Role.PRODUCT,
            () -> new ProductVerticle(module, config.instance(), registry, nodeId));
      });
    }
    if (!config.roles().contains(Role.GATEWAY)) {
      return services;
    }
    return services.compose(v -> deploy(Role.GATEWAY, () -> {
      GatewayVerticle gateway = new GatewayVerticle(config, registry.directory());
      gateways.add(gateway);
      return gateway;
    }));
  }

  private Future<Void> deploy(Role role, Supplier<io.vertx.core.Deployable> verticle) {
    DeploymentOptions options = new DeploymentOptions().setInstances(config.instancesOf(role));
    return vertx.deployVerticle(verticle, options).map(id -> {
      deployments.computeIfAbsent(role, r -> new ArrayList<>()).add(id);
      return null;
    });
  }

  private RunningSystem running(ServiceRegistry registry, boolean clustered) {
    OptionalInt port = gateways.isEmpty() ? OptionalInt.empty() : OptionalInt.of(gateways.get(0).actualPort());
    return new RunningSystem(vertx, config, registry, nodeId, clustered, deployments, resources, port);
  }
}
