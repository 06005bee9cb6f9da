package io.emporium.platform.outbox;

import io.emporium.platform.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** The relay over the PostgreSQL outbox; the "other JVM" has its own Vert.x and its own pool. */
class PgOutboxRelayTest extends OutboxRelayContract {
  @Override
  protected Future<OutboxFixture> emptyOutbox(Vertx vertx) {
    return OutboxFixture.postgres(vertx);
  }

  @Override
  protected Future<OutboxFixture> sameOutboxIn(Vertx other) {
    return Future.succeededFuture(OutboxFixture.postgres(other, TestDatabase.pool(other, "outbox-other")));
  }
}
