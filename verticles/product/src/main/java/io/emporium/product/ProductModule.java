package io.emporium.product;

import io.emporium.platform.config.EmporiumConfig;
import io.emporium.platform.config.EmporiumConfig.StoreKind;
import io.emporium.platform.persistence.PgPools;
import io.emporium.platform.persistence.SchemaMigrations;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

/**
 * The product service's per-JVM resources: one repository shared by every product instance of the
 * JVM (one pool, one migration run, one in-memory map).
 */
public final class ProductModule {
  public static final String SCHEMA = "product";
  public static final String MIGRATIONS = "db/product";

  private final ProductRepository repository;
  private final Pool pool;

  private ProductModule(ProductRepository repository, Pool pool) {
    this.repository = repository;
    this.pool = pool;
  }

  public static Future<ProductModule> start(Vertx vertx, EmporiumConfig config) {
    if (config.store().kind() == StoreKind.MEMORY) {
      return Future.succeededFuture(new ProductModule(new InMemoryProductRepository(), null));
    }
    EmporiumConfig.PgSettings pg = config.store().pg().orElseThrow();
    return SchemaMigrations.migrate(vertx, pg, SCHEMA, MIGRATIONS).map(applied -> {
      Pool pool = PgPools.create(vertx, pg, "product");
      return new ProductModule(new PgProductRepository(vertx, pool, pg.timeoutMs()), pool);
    });
  }

  public ProductRepository repository() {
    return repository;
  }

  public Future<Void> close() {
    return pool == null ? Future.succeededFuture() : pool.close();
  }
}
