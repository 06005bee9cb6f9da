package io.emporium.user.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

class InMemoryErasureTest extends ErasureContract {
  @Override
  protected Future<UserRepository> emptyRepository(Vertx vertx) {
    return Stores.memory();
  }
}
