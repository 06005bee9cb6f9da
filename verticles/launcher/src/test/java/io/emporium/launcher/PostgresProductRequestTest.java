package io.emporium.launcher;

import io.emporium.platform.testing.TestDatabase;
import io.emporium.product.ProductModule;
import io.emporium.product.store.PgProductRepository;
import io.emporium.product.store.ProductRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

class PostgresProductRequestTest extends ProductRequestThroughEveryLayerContract {
  @Override
  Future<ProductRepository> repository(Vertx vertx) {
    return TestDatabase.prepare(vertx, ProductModule.SCHEMA, ProductModule.MIGRATIONS, "product.products")
        .map(pool -> new PgProductRepository(vertx, pool, 5_000));
  }
}
