package io.emporium.user.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The logins and statistics contract against PostgreSQL ({@code EMPORIUM_TEST_PG_URL}), schema {@code account}.
 * Fails, never skips, when the database is unreachable.
 */
class PgLoginsAndStatsTest extends LoginsAndStatsContract {
  @Override
  protected Future<UserRepository> emptyRepository(Vertx vertx) {
    return Stores.postgres(vertx);
  }
}
