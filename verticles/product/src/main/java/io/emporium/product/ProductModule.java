package io.emporium.product;

import io.emporium.platform.config.EmporiumConfig;
import io.emporium.platform.config.EmporiumConfig.StoreKind;
import io.emporium.platform.metrics.SampledGauges;
import io.emporium.platform.outbox.OutboxMeters;
import io.emporium.platform.outbox.OutboxRelay;
import io.emporium.platform.outbox.OutboxRetention;
import io.emporium.platform.outbox.RelaySettings;
import io.emporium.platform.persistence.PgPools;
import io.emporium.platform.persistence.SchemaMigrations;
import io.emporium.platform.security.CallerSignatures;
import io.emporium.product.config.CatalogueSettings;
import io.emporium.product.demo.DemoCatalogue;
import io.emporium.product.events.PublishDelivery;
import io.emporium.product.store.InMemoryProductRepository;
import io.emporium.product.store.PgProductRepository;
import io.emporium.product.store.ProductRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The product service's per-JVM resources, shared by every product instance of the JVM: one
 * repository (one pool, one migration run, one in-memory store), and the two helpers deployed once
 * per JVM with the product role: the outbox relay (publishes the service's events, and deletes them
 * once delivered and past {@code outbox.retention-hours}) and the reservation sweeper (returns the
 * stock of expired reservations). At start it loads the demo catalogue when asked to.
 */
public final class ProductModule {
  public static final String SCHEMA = "product";
  public static final String MIGRATIONS = "db/product";
  /** How often the low-stock gauge counts (one indexed count over the catalogue). */
  static final long LOW_STOCK_SAMPLE_MS = 10_000;

  private final Vertx vertx;
  private final ProductRepository repository;
  private final ProductSettings settings;
  private final Pool pool;
  private final CallerSignatures callers;
  private final List<String> helpers = new ArrayList<>();

  private ProductModule(Vertx vertx, ProductRepository repository, ProductSettings settings, Pool pool,
      CallerSignatures callers) {
    this.callers = callers;
    this.vertx = vertx;
    this.repository = repository;
    this.settings = settings;
    this.pool = pool;
  }

  public static Future<ProductModule> start(Vertx vertx, EmporiumConfig config) {
    ProductSettings settings = ProductSettings.from(CatalogueSettings.of(config));
    if (config.store().kind() == StoreKind.MEMORY) {
      return start(vertx, config, settings, new InMemoryProductRepository(), null);
    }
    EmporiumConfig.PgSettings pg = config.store().pg().orElseThrow();
    return SchemaMigrations.migrate(vertx, pg, SCHEMA, MIGRATIONS).compose(applied -> {
      Pool pool = PgPools.perEventLoop(vertx, pg, "product", config.eventLoops());
      return start(vertx, config, settings, new PgProductRepository(vertx, pool, pg.timeoutMs()), pool);
    });
  }

  private static Future<ProductModule> start(Vertx vertx, EmporiumConfig config, ProductSettings settings,
      ProductRepository repository, Pool pool) {
    ProductModule module = new ProductModule(vertx, repository, settings, pool, CallerSignatures.from(config));
    long busMs = config.timeouts().busMs();
    Future<Integer> demo = settings.demoCatalogue()
        ? DemoCatalogue.loadIfEmpty(repository, settings.lowStockThreshold()) : Future.succeededFuture(0);
    return demo
        .compose(loaded -> module.deploy(new OutboxRelay(repository.outbox(), new PublishDelivery(vertx),
            RelaySettings.from(config.outbox(), busMs), OutboxRetention.from("product", config.retention(), busMs))))
        .compose(v -> module.deploy(new ReservationSweeper(repository, settings.sweepIntervalMs(),
            settings.lowStockThreshold())))
        .compose(v -> module.deploy(CatalogueRetention.from(repository, config.retention(), busMs)))
        .compose(v -> module.deploy(OutboxMeters.gauges("product", repository.outbox())))
        .compose(v -> module.deploy(new SampledGauges<>(LOW_STOCK_SAMPLE_MS,
            () -> repository.countLowStock(settings.lowStockThreshold()))
            .gauge(ProductMeters.STOCK_BELOW_THRESHOLD,
                "Active products whose stock is at or below stock.low-threshold", Long::doubleValue)))
        .map(module)
        .recover(e -> module.close().transform(closed -> Future.failedFuture(e)));
  }

  private Future<Void> deploy(io.vertx.core.Deployable helper) {
    return vertx.deployVerticle(helper).map(id -> {
      helpers.add(id);
      return null;
    });
  }

  public ProductRepository repository() {
    return repository;
  }

  public ProductSettings settings() {
    return settings;
  }

  /** Checks the signed caller identity on each message (the cluster secret of the configuration). */
  public CallerSignatures callers() {
    return callers;
  }

  /** Stops the sweeper and the relay (it gives its leases back), then closes the pool. */
  public Future<Void> close() {
    Future<Void> undeployed = Future.succeededFuture();
    List<String> newestFirst = new ArrayList<>(helpers);
    Collections.reverse(newestFirst);
    for (String id : newestFirst) {
      undeployed = undeployed.eventually(() -> vertx.undeploy(id).otherwiseEmpty());
    }
    helpers.clear();
    return undeployed.eventually(() -> pool == null ? Future.succeededFuture() : pool.close().otherwiseEmpty())
        .otherwiseEmpty();
  }
}
