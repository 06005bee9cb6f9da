package io.emporium.platform.persistence;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.emporium.contract.ServiceException;
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
   * A server that is going away or not there yet (class 08 connection exceptions, class 57 shutdown
   * and "cannot connect now" while it starts or stops, class 53 too many connections): the request
   * may succeed later, so it is UNAVAILABLE (503), not an internal error.
   */
  static boolean unavailable(String sqlState) {
    return sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("53")
        || (sqlState.startsWith("57") && !QUERY_CANCELED.equals(sqlState)));
  }

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
      if (unavailable(pg.getSqlState())) {
        LOG.warn("{} failed: the database is not taking work: {} ({})", operation, pg.getMessage(), pg.getSqlState());
        return Future.failedFuture(ServiceError.of(ErrorCode.UNAVAILABLE, "the database is unavailable").toException());
      }
      LOG.error("{} failed in PostgreSQL: {} ({})", operation, pg.getMessage(), pg.getSqlState());
      return Future.failedFuture(ServiceError.of(ErrorCode.INTERNAL, "internal error").toException());
    }
    LOG.warn("{} failed: database unreachable: {}", operation, failure.toString());
    return Future.failedFuture(ServiceError.of(ErrorCode.UNAVAILABLE, "the database is unavailable").toException());
  }
}
