package io.emporium.order;

import io.emporium.order.store.InMemoryOrderStore;
import io.emporium.order.store.OrderStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

class InMemoryOrderStoreTest extends OrderStoreContract {
  @Override
  protected Future<OrderStore> emptyStore(Vertx vertx) {
    return Future.succeededFuture(new InMemoryOrderStore());
  }
}
