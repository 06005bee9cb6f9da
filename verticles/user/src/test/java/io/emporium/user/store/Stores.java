package io.emporium.user.store;

import io.emporium.platform.testing.TestDatabase;
import io.emporium.user.UserModule;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Empty stores of each kind for the contract suites. */
public final class Stores {
  /** Every table of the user service, emptied before each PostgreSQL test. */
  static final String[] TABLES = {"account.users", "account.sessions", "account.login_throttle", "account.audit_log",
      "account.outbox"};

  private Stores() {}

  static Future<UserRepository> memory() {
    return Future.succeededFuture(new InMemoryUserRepository());
  }

  public static Future<UserRepository> postgres(Vertx vertx) {
    return TestDatabase.prepare(vertx, UserModule.SCHEMA, UserModule.MIGRATIONS, TABLES)
        .map(pool -> new PgUserRepository(vertx, pool, TestDatabase.settings().timeoutMs()));
  }
}
