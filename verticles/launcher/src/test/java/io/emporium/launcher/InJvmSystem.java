package io.emporium.launcher;

import io.emporium.gateway.GatewayVerticle;
import io.emporium.platform.config.EmporiumConfig;
import io.emporium.platform.discovery.ClusterMembership;
import io.emporium.platform.discovery.DiscoveryServiceRegistry;
import io.emporium.platform.security.CallerSignatures;
import io.emporium.product.ProductVerticle;
import io.emporium.product.store.ProductRepository;
import io.emporium.user.UserModule;
import io.emporium.user.UserVerticle;
import io.emporium.user.store.UserRepository;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Test fixture: the real verticles and the real discovery registry in one Vert.x, assembled piece by
 * piece so that a test can hand in the repository it wants to observe or break.
 */
final class InJvmSystem {
  static final String NODE = "test-node";

  final Vertx vertx;
  final EmporiumConfig config;
  final DiscoveryServiceRegistry registry;

  private InJvmSystem(Vertx vertx, EmporiumConfig config, DiscoveryServiceRegistry registry) {
    this.vertx = vertx;
    this.config = config;
    this.registry = registry;
  }

  static Future<InJvmSystem> start(Vertx vertx, EmporiumConfig config) {
    return DiscoveryServiceRegistry.start(vertx, ClusterMembership.standalone(NODE), 2_000, 60_000)
        .map(registry -> new InJvmSystem(vertx, config, registry));
  }

  Future<String> deployProducts(ProductRepository repository, int instances) {
    return vertx.deployVerticle(() -> new ProductVerticle(repository, config.instance(), registry, NODE,
        CallerSignatures.from(config)),
        new DeploymentOptions().setInstances(instances));
  }

  /** The user service over the given store, with its per-JVM module (hasher, relay, notifications). */
  Future<String> deployUsers(UserRepository repository) {
    return UserModule.start(vertx, config, repository)
        .compose(module -> vertx.deployVerticle(() -> new UserVerticle(module, config.instance(), registry, NODE),
            new DeploymentOptions()));
  }

  /** The order service with its per-JVM module (store of the configuration, mesh to the product service). */
  Future<String> deployOrders() {
    return io.emporium.order.OrderModule.start(vertx, config, registry.directory())
        .compose(module -> vertx.deployVerticle(new io.emporium.order.OrderVerticle(module, config.instance(), registry,
            NODE)));
  }

  /** Deploys one gateway and answers the port it bound. */
  Future<Integer> deployGateway() {
    GatewayVerticle gateway = new GatewayVerticle(config, registry.directory());
    return vertx.deployVerticle(gateway).map(id -> gateway.actualPort());
  }
}
