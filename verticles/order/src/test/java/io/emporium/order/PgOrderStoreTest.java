package io.emporium.order;

import io.emporium.order.store.OrderStore;
import io.emporium.order.store.PgOrderStore;
import io.emporium.platform.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

class PgOrderStoreTest extends OrderStoreContract {
  static final String[] TABLES = {"orders.orders", "orders.cart_items", "orders.audit_log", "orders.outbox"};

  @Override
  protected Future<OrderStore> emptyStore(Vertx vertx) {
    return TestDatabase.prepare(vertx, OrderModule.SCHEMA, OrderModule.MIGRATIONS, TABLES)
        .map(pool -> new PgOrderStore(vertx, pool, TestDatabase.settings().timeoutMs()));
  }
}
