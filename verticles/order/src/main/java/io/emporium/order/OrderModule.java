package io.emporium.order;

import io.emporium.contract.Addresses;
import io.emporium.order.actions.Lifecycle;
import io.emporium.order.catalogue.Catalogue;
import io.emporium.order.catalogue.MeshCatalogue;
import io.emporium.order.config.OrderSettings;
import io.emporium.order.fault.CrashPoints;
import io.emporium.order.payment.AdminConfirmedPayments;
import io.emporium.order.store.InMemoryOrderStore;
import io.emporium.order.store.OrderStore;
import io.emporium.order.store.PgOrderStore;
import io.emporium.platform.config.EmporiumConfig;
import io.emporium.platform.config.EmporiumConfig.StoreKind;
import io.emporium.platform.discovery.ServiceDirectory;
import io.emporium.platform.mesh.MeshClient;
import io.emporium.platform.mesh.policy.MeshSettings;
import io.emporium.platform.metrics.EmporiumMetrics;
import io.emporium.platform.outbox.BusDelivery;
import io.emporium.platform.outbox.OutboxMeters;
import io.emporium.platform.outbox.OutboxRelay;
import io.emporium.platform.outbox.OutboxRetention;
import io.emporium.platform.outbox.RelaySettings;
import io.emporium.platform.persistence.PgPools;
import io.emporium.platform.persistence.SchemaMigrations;
import io.emporium.platform.security.CallerSignatures;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The order service's per-JVM resources, shared by its instances: one store (one pool, one migration
 * run), one mesh to the product service (calls signed as {@code service:order}), and the helpers deployed
 * once per JVM with the order role: the outbox relay and the unpaid-order sweeper. The relay publishes each
 * event on {@code emporium.events.order.*} and hands it to the user service's notifications with
 * request/ack ({@code emporium.notifications}), as the user service's own relay does: an event counts as
 * delivered once a user JVM took its notification, and is retried (with backoff, then marked dead) while none
 * answers.
 */
public final class OrderModule {
  public static final String SCHEMA = "orders";
  public static final String MIGRATIONS = "db/orders";

  private final Vertx vertx;
  private final OrderStore store;
  private final OrderServiceSettings settings;
  private final CallerSignatures callers;
  private final MeshClient mesh;
  private final Catalogue catalogue;
  private final Lifecycle lifecycle;
  private final OrderMeters meters;
  private final CrashPoints crashPoints;
  private final Pool pool;
  private final List<String> helpers = new ArrayList<>();

  private OrderModule(Vertx vertx, OrderStore store, OrderServiceSettings settings, CallerSignatures callers,
      MeshClient mesh, Pool pool) {
    this.vertx = vertx;
    this.store = store;
    this.settings = settings;
    this.callers = callers;
    this.mesh = mesh;
    this.pool = pool;
    this.catalogue = new MeshCatalogue(mesh);
    this.meters = new OrderMeters(EmporiumMetrics.of(vertx));
    this.crashPoints = CrashPoints.fromSystemProperties();
    this.lifecycle = new Lifecycle(store, catalogue, new AdminConfirmedPayments(), meters, crashPoints,
        settings.settleGrace());
  }

  /** @param directory this JVM's live view of discovery, through which the product service is found */
  public static Future<OrderModule> start(Vertx vertx, EmporiumConfig config, ServiceDirectory directory) {
    if (config.store().kind() == StoreKind.MEMORY) {
      return start(vertx, config, directory, new InMemoryOrderStore(), null);
    }
    EmporiumConfig.PgSettings pg = config.store().pg().orElseThrow();
    return SchemaMigrations.migrate(vertx, pg, SCHEMA, MIGRATIONS).compose(applied -> {
      Pool pool = PgPools.perEventLoop(vertx, pg, "order", config.eventLoops());
      return start(vertx, config, directory, new PgOrderStore(vertx, pool, pg.timeoutMs()), pool);
    });
  }

  private static Future<OrderModule> start(Vertx vertx, EmporiumConfig config, ServiceDirectory directory,
      OrderStore store, Pool pool) {
    CallerSignatures callers = CallerSignatures.from(config);
    MeshClient mesh = new MeshClient(vertx, directory, MeshSettings.of(config), callers);
    OrderServiceSettings settings = OrderServiceSettings.from(OrderSettings.of(config), config.timeouts().busMs());
    OrderModule module = new OrderModule(vertx, store, settings, callers, mesh, pool);
    long busMs = config.timeouts().busMs();
    return mesh.start()
        .compose(v -> module.deploy(new OutboxRelay(store.outbox(),
            new BusDelivery(vertx, Addresses.notifications(), busMs),
            RelaySettings.from(config.outbox(), busMs), OutboxRetention.from("order", config.retention(), busMs))))
        .compose(v -> module.deploy(new UnpaidOrderSweeper(store, module.lifecycle, module.settings.sweepMs())))
        .compose(v -> module.deploy(OutboxMeters.gauges("order", store.outbox())))
        .compose(v -> module.deploy(OrderMeters.byState(store)))
        .map(module)
        .recover(e -> module.close().transform(closed -> Future.failedFuture(e)));
  }

  private Future<Void> deploy(Deployable helper) {
    return vertx.deployVerticle(helper).map(id -> {
      helpers.add(id);
      return null;
    });
  }

  public OrderStore store() {
    return store;
  }

  public OrderServiceSettings settings() {
    return settings;
  }

  /** Checks the signed caller identity on each message (the cluster secret of the configuration). */
  public CallerSignatures callers() {
    return callers;
  }

  Catalogue catalogue() {
    return catalogue;
  }

  Lifecycle lifecycle() {
    return lifecycle;
  }

  OrderMeters meters() {
    return meters;
  }

  /** The test-only fault switches of this JVM (all off unless a system property sets one). */
  CrashPoints crashPoints() {
    return crashPoints;
  }

  /** Stops the helpers (the relay gives its leases back) and the mesh, then closes the pool. */
  public Future<Void> close() {
    Future<Void> undeployed = Future.succeededFuture();
    List<String> newestFirst = new ArrayList<>(helpers);
    Collections.reverse(newestFirst);
    for (String id : newestFirst) {
      undeployed = undeployed.eventually(() -> vertx.undeploy(id).otherwiseEmpty());
    }
    helpers.clear();
    return undeployed.eventually(() -> mesh.close().otherwiseEmpty())
        .eventually(() -> pool == null ? Future.succeededFuture() : pool.close().otherwiseEmpty())
        .otherwiseEmpty();
  }
}
