package io.emporium.user.store;

import io.emporium.platform.outbox.OutboxStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

/**
 * The user service's store in PostgreSQL (schema {@code account}: {@code user} is a reserved word);
 * every value is bound, never concatenated. One store per aggregate, all on one {@link PgUserDatabase}:
 * each change runs in one {@code withTransaction} together with its audit entries and outbox events.
 * Rows that a change depends on are locked first (the user {@code FOR UPDATE} or {@code FOR SHARE}, a
 * refresh token {@code FOR UPDATE}), so concurrent changes of one user or one token are serialised by
 * the database, across JVMs too.
 */
public final class PgUserRepository extends ComposedUserRepository {
  /** The service's schema; not {@code user}: that is a reserved word in PostgreSQL. */
  public static final String SCHEMA = "account";

  private final PgUserDatabase db;

  public PgUserRepository(Vertx vertx, Pool pool, long timeoutMs) {
    this(new PgUserDatabase(vertx, pool, timeoutMs, SCHEMA + ".outbox"));
  }

  private PgUserRepository(PgUserDatabase db) {
    super(new PgAccountStore(db), new PgSessionStore(db), new PgLoginThrottleStore(db), new PgAuditLogStore(db),
        new PgUserStatsStore(db));
    this.db = db;
  }

  @Override
  public OutboxStore outbox() {
    return db.outbox();
  }

  @Override
  public Future<Void> ping() {
    return db.run("user.ping", db.pool().query("SELECT 1").execute()).mapEmpty();
  }

  @Override
  public String kind() {
    return "postgres";
  }
}
