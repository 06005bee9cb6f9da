package io.emporium.platform.persistence;

import io.emporium.platform.contract.ErrorCode;
import io.emporium.platform.contract.ServiceError;
import io.emporium.platform.contract.ServiceException;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns PostgreSQL failures into contract errors; the raw message is logged, never returned. */
public final class PgFailures {
  private static final Logger LOG = LoggerFactory.getLogger(PgFailures.class);
  private static final String UNIQUE_VIOLATION = "23505";
  private static final String QUERY_CANCELED = "57014";

  private PgFailures() {}

  /**
   * @param conflictField the field named in the CONFLICT error when a unique constraint is violated
   */
  public static <T> Future<T> translate(Throwable failure, String operation, String conflictField) {
    if (failure instanceof ServiceException already) {
      return Future.failedFuture(already);
    }
    if (failure instanceof PgException pg) {
      if (UNIQUE_VIOLATION.equals(pg.getSqlState())) {
        return Future.failedFuture(new ServiceError(ErrorCode.CONFLICT, "a record with this " + conflictField
            + " exists", conflictField).toException());
      }
      if (QUERY_CANCELED.equals(pg.getSqlState())) {
        return Future.failedFuture(ServiceError.of(ErrorCode.TIMEOUT, "the database did not answer in time")
            .toException());
      }
      LOG.error("{} failed in PostgreSQL: {} ({})", operation, pg.getMessage(), pg.getSqlState());
      return Future.failedFuture(ServiceError.of(ErrorCode.INTERNAL, "internal error").toException());
    }
    LOG.warn("{} failed: database unreachable: {}", operation, failure.toString());
    return Future.failedFuture(ServiceError.of(ErrorCode.UNAVAILABLE, "the database is unavailable").toException());
  }
}
