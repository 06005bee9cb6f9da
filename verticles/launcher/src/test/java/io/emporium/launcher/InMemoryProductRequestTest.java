package io.emporium.launcher;

import io.emporium.product.store.InMemoryProductRepository;
import io.emporium.product.store.ProductRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

class InMemoryProductRequestTest extends ProductRequestThroughEveryLayerContract {
  @Override
  Future<ProductRepository> repository(Vertx vertx) {
    return Future.succeededFuture(new InMemoryProductRepository());
  }
}
