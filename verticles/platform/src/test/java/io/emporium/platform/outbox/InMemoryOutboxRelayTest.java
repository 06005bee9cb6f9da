package io.emporium.platform.outbox;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** The relay over the in-memory outbox (shared by every Vert.x of the JVM, like the zero-setup store). */
class InMemoryOutboxRelayTest extends OutboxRelayContract {
  private OutboxFixture memory;

  @Override
  protected Future<OutboxFixture> emptyOutbox(Vertx vertx) {
    return OutboxFixture.memory().onSuccess(f -> memory = f);
  }

  @Override
  protected Future<OutboxFixture> sameOutboxIn(Vertx other) {
    return Future.succeededFuture(memory);
  }
}
