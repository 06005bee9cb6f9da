package io.emporium.platform.outbox;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** The outbox contract against the in-memory store. */
class InMemoryOutboxStoreTest extends OutboxStoreContract {
  @Override
  protected Future<OutboxFixture> emptyOutbox(Vertx vertx) {
    return OutboxFixture.memory();
  }
}
