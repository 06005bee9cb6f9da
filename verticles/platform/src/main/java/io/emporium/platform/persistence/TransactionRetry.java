package io.emporium.platform.persistence;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a transaction again when PostgreSQL aborted it for a conflict with another one: a deadlock
 * (40P01) or a serialization failure (40001). Such a transaction was rolled back whole and changed
 * nothing, so running it again is safe; PostgreSQL's documentation asks applications to do exactly
 * that. Concurrent bulk writes that add the same search words are the case that needs it here.
 */
public final class TransactionRetry {
  private static final Logger LOG = LoggerFactory.getLogger(TransactionRetry.class);
  static final String DEADLOCK = "40P01";
  static final String SERIALIZATION_FAILURE = "40001";
  /** The whole try is still bounded by the caller's deadline; this only stops a livelock. */
  public static final int MAX_ATTEMPTS = 4;
  private static final long MAX_BACKOFF_MS = 50;

  private TransactionRetry() {}

  public static <T> Future<T> onConflict(Vertx vertx, String operation, Supplier<Future<T>> transaction) {
    return attempt(vertx, operation, transaction, 1);
  }

  private static <T> Future<T> attempt(Vertx vertx, String operation, Supplier<Future<T>> transaction, int attempt) {
    return transaction.get().recover(failure -> {
      if (attempt >= MAX_ATTEMPTS || !isConflict(failure)) {
        return Future.failedFuture(failure);
      }
      LOG.info("{}: transaction aborted by a conflict with another ({}), running it again (attempt {} of {})",
          operation, ((PgException) failure).getSqlState(), attempt + 1, MAX_ATTEMPTS);
      // Full jitter, so that the two losers of a conflict do not meet again at once.
      long backoff = 1 + ThreadLocalRandom.current().nextLong(MAX_BACKOFF_MS * attempt);
      return vertx.timer(backoff).compose(t -> attempt(vertx, operation, transaction, attempt + 1));
    });
  }

  static boolean isConflict(Throwable failure) {
    return failure instanceof PgException pg
        && (DEADLOCK.equals(pg.getSqlState()) || SERIALIZATION_FAILURE.equals(pg.getSqlState()));
  }
}
