package io.emporium.product;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

class PgBulkWriteTest extends BulkWriteContract {
  @Override
  protected Future<ProductRepository> emptyRepository(Vertx vertx) {
    return Stores.postgres(vertx);
  }
}
