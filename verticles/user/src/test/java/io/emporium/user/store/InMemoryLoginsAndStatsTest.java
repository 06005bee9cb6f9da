package io.emporium.user.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** The logins and statistics contract against the zero-setup in-memory store. */
class InMemoryLoginsAndStatsTest extends LoginsAndStatsContract {
  @Override
  protected Future<UserRepository> emptyRepository(Vertx vertx) {
    return Stores.memory();
  }
}
