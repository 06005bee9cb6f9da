package io.emporium.user;

import io.emporium.platform.config.EmporiumConfig;
import io.emporium.platform.config.EmporiumConfig.StoreKind;
import io.emporium.platform.persistence.PgPools;
import io.emporium.platform.persistence.SchemaMigrations;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

/**
 * The user service's per-JVM resources: one repository shared by every user instance of the JVM
 * (one pool, one migration run, one in-memory map).
 */
public final class UserModule {
  /** Not {@code user}: that is a reserved word in PostgreSQL. */
  public static final String SCHEMA = "account";
  public static final String MIGRATIONS = "db/user";

  private final UserRepository repository;
  private final Pool pool;

  private UserModule(UserRepository repository, Pool pool) {
    this.repository = repository;
    this.pool = pool;
  }

  public static Future<UserModule> start(Vertx vertx, EmporiumConfig config) {
    if (config.store().kind() == StoreKind.MEMORY) {
      return Future.succeededFuture(new UserModule(new InMemoryUserRepository(), null));
    }
    EmporiumConfig.PgSettings pg = config.store().pg().orElseThrow();
    return SchemaMigrations.migrate(vertx, pg, SCHEMA, MIGRATIONS).map(applied -> {
      Pool pool = PgPools.create(vertx, pg, "user");
      return new UserModule(new PgUserRepository(vertx, pool, pg.timeoutMs()), pool);
    });
  }

  public UserRepository repository() {
    return repository;
  }

  public Future<Void> close() {
    return pool == null ? Future.succeededFuture() : pool.close();
  }
}
