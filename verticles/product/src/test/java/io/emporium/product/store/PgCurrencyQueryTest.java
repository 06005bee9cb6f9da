package io.emporium.product.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

class PgCurrencyQueryTest extends CurrencyQueryContract {
  @Override
  protected Future<ProductRepository> emptyRepository(Vertx vertx) {
    return Stores.postgres(vertx);
  }
}
