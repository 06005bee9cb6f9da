package io.emporium.order;

import io.emporium.contract.Addresses;
import io.emporium.contract.Headers;
import io.emporium.contract.OrderAction;
import io.emporium.contract.ServiceError;
import io.emporium.contract.ServiceName;
import io.emporium.platform.config.ConfigKey;
import io.emporium.platform.config.EmporiumConfig;
import io.emporium.platform.config.TestConfigs;
import io.emporium.platform.discovery.ClusterMembership;
import io.emporium.platform.discovery.DiscoveryServiceRegistry;
import io.emporium.platform.security.CallerSignatures;
import io.emporium.product.ProductVerticle;
import io.emporium.product.domain.NewProduct;
import io.emporium.product.store.InMemoryProductRepository;
import io.emporium.product.store.ProductRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A product service (in memory) and an order service on one local bus, found through discovery as in a JVM. */
final class OrderBus {
  static final String NODE = "order-test-node";
  static final String ADMIN = "00000000-0000-4000-8000-00000000000a";

  final Vertx vertx;
  final EmporiumConfig config;
  final ProductRepository products;
  final OrderModule module;
  private final CallerSignatures signatures;

  private OrderBus(Vertx vertx, EmporiumConfig config, ProductRepository products, OrderModule module) {
    this.vertx = vertx;
    this.config = config;
    this.products = products;
    this.module = module;
    this.signatures = CallerSignatures.from(config);
  }

  static Future<OrderBus> start(Vertx vertx, Map<ConfigKey, String> overrides) {
    Map<ConfigKey, String> all = new HashMap<>(overrides);
    EmporiumConfig config = TestConfigs.with(all);
    ProductRepository products = new InMemoryProductRepository();
    return DiscoveryServiceRegistry.start(vertx, ClusterMembership.standalone(NODE), 2_000, 60_000)
        .compose(registry -> vertx.deployVerticle(new ProductVerticle(products, config.instance(), registry, NODE,
                CallerSignatures.from(config)))
            .compose(id -> OrderModule.start(vertx, config, registry.directory()))
            .compose(module -> vertx.deployVerticle(new OrderVerticle(module, config.instance(), registry, NODE))
                .map(id -> new OrderBus(vertx, config, products, module)))
            .compose(bus -> bus.untilDiscovered(registry).map(bus)));
  }

  private Future<Void> untilDiscovered(DiscoveryServiceRegistry registry) {
    if (!registry.directory().instances(ServiceName.PRODUCT).isEmpty()) {
      return Future.succeededFuture();
    }
    return vertx.timer(20).compose(t -> untilDiscovered(registry));
  }

  /** A product of the catalogue (EUR unless said), straight in its store. */
  UUID product(String name, String price, int stock) {
    return product(name, price, "EUR", stock);
  }

  UUID product(String name, String price, String currency, int stock) {
    NewProduct product = new NewProduct("SKU-" + UUID.randomUUID().toString().substring(0, 8), name, "", new BigDecimal(
        price), currency, "kitchen", List.of(), new JsonObject(), false, stock);
    return OrderStoreContract.await(products.create(product)).id();
  }

  int stock(UUID product) {
    return OrderStoreContract.await(products.findById(product)).orElseThrow().stock();
  }

  Future<JsonObject> as(String user, OrderAction action, JsonObject body) {
    return call(action, body, user, "user");
  }

  Future<JsonObject> admin(OrderAction action, JsonObject body) {
    return call(action, body, ADMIN, "user,admin");
  }

  Future<JsonObject> anonymous(OrderAction action, JsonObject body) {
    return call(action, body, null, null);
  }

  Future<JsonObject> call(OrderAction action, JsonObject body, String caller, String roles) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(15_000)
        .addHeader(Headers.ACTION, action.wireName()).addHeader(Headers.REQUEST_ID, "order-test");
    if (caller != null) {
      signatures.sign(options, action.wireName(), caller, Arrays.asList(roles.split(",")));
    }
    return vertx.eventBus().<JsonObject>request(Addresses.shared(ServiceName.ORDER), body, options)
        .map(reply -> reply.body())
        .recover(e -> Future.failedFuture(ServiceError.from(e).toException()));
  }
}
