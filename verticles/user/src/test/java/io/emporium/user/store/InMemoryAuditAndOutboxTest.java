package io.emporium.user.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

class InMemoryAuditAndOutboxTest extends AuditAndOutboxContract {
  @Override
  protected Future<UserRepository> emptyRepository(Vertx vertx) {
    return Stores.memory();
  }
}
