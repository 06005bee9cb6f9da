package io.emporium.user.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

class InMemoryRetentionStoreTest extends RetentionStoreContract {
  @Override
  protected Future<UserRepository> emptyRepository(Vertx vertx) {
    return Stores.memory();
  }
}
