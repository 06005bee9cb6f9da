package io.emporium.product.store;

import io.emporium.platform.testing.TestDatabase;
import io.emporium.product.ProductModule;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

/** Empty stores for the contract suites: the in-memory store, and PostgreSQL with every table of the schema emptied. */
public final class Stores {
  static final String[] TABLES = {"product.products", "product.categories", "product.reservations",
      "product.audit_log", "product.outbox", "product.search_words"};

  private Stores() {}

  static Future<ProductRepository> memory() {
    return Future.succeededFuture(new InMemoryProductRepository());
  }

  public static Future<ProductRepository> postgres(Vertx vertx) {
    return TestDatabase.prepare(vertx, ProductModule.SCHEMA, ProductModule.MIGRATIONS, TABLES)
        .map(pool -> new PgProductRepository(vertx, pool, TestDatabase.settings().timeoutMs()));
  }

  /** A PostgreSQL store on its own pool of the given size (for concurrency tests). */
  public static Future<ProductRepository> postgres(Vertx vertx, int poolSize) {
    return TestDatabase.prepare(vertx, ProductModule.SCHEMA, ProductModule.MIGRATIONS, TABLES).compose(pool -> {
      Pool big = io.emporium.platform.persistence.PgPools.create(vertx, new io.emporium.platform.config.EmporiumConfig
          .PgSettings(TestDatabase.settings().host(), TestDatabase.settings().port(), TestDatabase.settings().database(),
          TestDatabase.settings().user(), TestDatabase.settings().password(), poolSize, 10_000), "product-load-test");
      return pool.close().map(v -> new PgProductRepository(vertx, big, 10_000));
    });
  }
}
