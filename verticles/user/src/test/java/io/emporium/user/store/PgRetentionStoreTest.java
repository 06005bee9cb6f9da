package io.emporium.user.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

class PgRetentionStoreTest extends RetentionStoreContract {
  @Override
  protected Future<UserRepository> emptyRepository(Vertx vertx) {
    return Stores.postgres(vertx);
  }
}
