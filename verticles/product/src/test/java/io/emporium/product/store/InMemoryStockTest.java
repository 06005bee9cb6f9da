package io.emporium.product.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

class InMemoryStockTest extends StockContract {
  @Override
  protected Future<ProductRepository> emptyRepository(Vertx vertx) {
    return Stores.memory();
  }
}
