package io.emporium.product.store;

import io.emporium.platform.async.Deadlines;
import io.emporium.platform.persistence.PgFailures;
import io.emporium.platform.persistence.TransactionRetry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import java.util.Optional;
import java.util.function.Function;

/**
 * What every PostgreSQL store of the product schema shares: the pool, the deadline of each statement
 * and transaction (a transaction retried on a serialization conflict), and the translation of database
 * failures into contract errors.
 */
final class PgStore {
  private final Vertx vertx;
  private final Pool pool;
  private final long timeoutMs;

  PgStore(Vertx vertx, Pool pool, long timeoutMs) {
    this.vertx = vertx;
    this.pool = pool;
    this.timeoutMs = timeoutMs;
  }

  Vertx vertx() {
    return vertx;
  }

  Pool pool() {
    return pool;
  }

  long timeoutMs() {
    return timeoutMs;
  }

  /** Runs {@code work} in one transaction, within twice the statement timeout. */
  <T> Future<T> transaction(String operation, Function<SqlConnection, Future<T>> work) {
    return Deadlines.within(vertx, TransactionRetry.onConflict(vertx, operation, () -> pool.withTransaction(work::apply)),
            timeoutMs * 2, operation)
        .recover(e -> e instanceof RolledBack ? Future.failedFuture(e) : PgFailures.translate(e, operation, "sku"));
  }

  /** One statement outside a transaction, within the statement timeout. */
  Future<RowSet<Row>> run(String operation, Future<RowSet<Row>> query) {
    return Deadlines.within(vertx, query, timeoutMs, operation)
        .recover(e -> PgFailures.translate(e, operation, "sku"));
  }

  static Optional<Row> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next());
  }

  /** A transaction undone on purpose after the fact; carries what to answer instead of a failure. */
  static final class RolledBack extends RuntimeException {
    private final transient Object answer;

    RolledBack(Object answer) {
      super("transaction rolled back", null, false, false);
      this.answer = answer;
    }

    Object answer() {
      return answer;
    }
  }
}
