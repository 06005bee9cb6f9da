package io.emporium.user.store;

import io.emporium.platform.async.Deadlines;
import io.emporium.platform.audit.Effects;
import io.emporium.platform.audit.PgEffects;
import io.emporium.platform.outbox.PgOutboxStore;
import io.emporium.platform.persistence.PgFailures;
import io.emporium.platform.persistence.TransactionRetry;
import io.emporium.user.audit.AuditAction;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.function.Function;

/**
 * What every PostgreSQL store of the user service shares: the pool, the deadline of each query, the
 * retry of a transaction that lost a serialization conflict, the translation of failures into error
 * codes, and the writing of a change's {@link Effects} (audit rows, outbox events) inside its
 * transaction. A change that spans aggregates (a login, an erasure) runs in one {@link #transaction}
 * and calls each table owner's statements on the same connection.
 */
final class PgUserDatabase {
  private final Vertx vertx;
  private final Pool pool;
  private final long timeoutMs;
  private final PgEffects<AuditAction> effectsWriter;

  PgUserDatabase(Vertx vertx, Pool pool, long timeoutMs, String outboxTable) {
    this.vertx = vertx;
    this.pool = pool;
    this.timeoutMs = timeoutMs;
    this.effectsWriter = new PgEffects<>(new PgOutboxStore(vertx, pool, outboxTable, timeoutMs));
  }

  Pool pool() {
    return pool;
  }

  PgOutboxStore outbox() {
    return effectsWriter.outbox();
  }

  /** The work in one transaction, retried on a serialization conflict, within the deadline. */
  <T> Future<T> transaction(String operation, Function<SqlConnection, Future<T>> work) {
    return Deadlines.within(vertx, TransactionRetry.onConflict(vertx, operation, () -> pool.withTransaction(work)),
            timeoutMs, operation)
        .recover(e -> PgFailures.translate(e, operation, "email"));
  }

  /** One query outside a transaction, within the deadline. */
  <T> Future<T> run(String operation, Future<T> query) {
    return Deadlines.within(vertx, query, timeoutMs, operation)
        .recover(e -> PgFailures.translate(e, operation, "email"));
  }

  /** Writes the effects of {@code outcome} on the change's connection; answers the outcome. */
  <T> Future<T> finish(SqlConnection conn, T outcome, Function<T, Effects<AuditAction>> effects) {
    return effectsWriter.finish(conn, outcome, effects, PgAuditLogStore::insert);
  }

  Future<Void> write(SqlConnection conn, Effects<AuditAction> effects) {
    return effectsWriter.write(conn, effects, PgAuditLogStore::insert);
  }

  static long offset(int page, int size) {
    return (long) (page - 1) * size;
  }

  static JsonObject json(Object value) {
    if (value instanceof JsonObject json) {
      return json;
    }
    return value == null ? new JsonObject() : new JsonObject(String.valueOf(value));
  }
}
