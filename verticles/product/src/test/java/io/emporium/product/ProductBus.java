package io.emporium.product;

import io.emporium.contract.Addresses;
import io.emporium.contract.Headers;
import io.emporium.contract.ProductAction;
import io.emporium.contract.ServiceError;
import io.emporium.contract.ServiceName;
import io.emporium.platform.config.EmporiumConfig;
import io.emporium.platform.config.EmporiumConfig.InstanceSettings;
import io.emporium.platform.security.CallerSignatures;
import io.emporium.platform.testing.NoDiscovery;
import io.emporium.product.store.Fixtures;
import io.emporium.product.store.ProductRepository;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

/**
 * The product service as bus callers see it: instances of the verticle on a real local bus, and calls
 * with the headers the gateway sets (an admin, a plain user, or nobody).
 */
final class ProductBus {
  static final String ADMIN = Fixtures.ADMIN.toString();
  static final String USER = "00000000-0000-4000-8000-0000000000u1".replace("u", "b");

  /** What the gateways of the test's bus sign callers with. */
  static final CallerSignatures SIGNATURES = CallerSignatures.of(
      new EmporiumConfig.Secret("product-bus-test-secret-0123456789abcdef"), 30);

  final Vertx vertx;
  final ProductRepository repository;
  /** The user service the product service confirms admin callers with; {@link #ADMIN} is an active admin. */
  final UserDirectory users;

  private ProductBus(Vertx vertx, ProductRepository repository, UserDirectory users) {
    this.vertx = vertx;
    this.repository = repository;
    this.users = users;
  }

  static Future<ProductBus> start(Vertx vertx, ProductRepository repository, int instances) {
    return start(vertx, repository, instances, ProductSettings.defaults());
  }

  static Future<ProductBus> start(Vertx vertx, ProductRepository repository, int instances, ProductSettings settings) {
    return UserDirectory.start(vertx).compose(users -> vertx.deployVerticle(() -> new ProductVerticle(repository,
                settings, new InstanceSettings("1.0.0", 100, 1_000), new NoDiscovery(), "node-1", SIGNATURES),
            new DeploymentOptions().setInstances(instances))
        .map(id -> new ProductBus(vertx, repository, users.activeAdmin(ADMIN))));
  }

  Future<JsonObject> anonymous(ProductAction action, Object body) {
    return call(action, body, null, null);
  }

  Future<JsonObject> admin(ProductAction action, Object body) {
    return call(action, body, ADMIN, "user,admin");
  }

  /** As {@code caller}, signed with the admin role (whatever the user service says of that caller). */
  Future<JsonObject> signedAdmin(String caller, ProductAction action, Object body) {
    return call(action, body, caller, "user,admin");
  }

  /** As the order service calls the stock actions: signed with the service role. */
  Future<JsonObject> service(ProductAction action, Object body) {
    return call(action, body, "service:order", "service");
  }

  Future<JsonObject> user(ProductAction action, Object body) {
    return call(action, body, USER, "user");
  }

  Future<JsonObject> call(ProductAction action, Object body, String caller, String roles) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(15_000)
        .addHeader(Headers.ACTION, action.wireName()).addHeader(Headers.REQUEST_ID, "bus-test");
    if (caller != null) {
      SIGNATURES.sign(options, action.wireName(), caller, java.util.Arrays.asList(roles.split(",")));
    }
    return vertx.eventBus().<JsonObject>request(Addresses.shared(ServiceName.PRODUCT), body, options)
        .map(reply -> reply.body())
        .recover(e -> Future.failedFuture(ServiceError.from(e).toException()));
  }

  /** A request with exactly these headers (forged callers). */
  Future<JsonObject> raw(Object body, DeliveryOptions options) {
    return vertx.eventBus().<JsonObject>request(Addresses.shared(ServiceName.PRODUCT), body, options)
        .map(reply -> reply.body())
        .recover(e -> Future.failedFuture(ServiceError.from(e).toException()));
  }
}
