package io.emporium.platform.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class TransactionRetryTest {
  private static PgException failure(String sqlState) {
    return new PgException("aborted", "ERROR", sqlState, null);
  }

  private static Throwable cause(Future<?> future) throws Exception {
    try {
      future.await(10, TimeUnit.SECONDS);
      return null;
    } catch (PgException e) {
      return e;
    }
  }

  @Test
  void aDeadlockedOrSerializationFailedTransactionRunsAgainUntilItCommits(Vertx vertx) throws Exception {
    AtomicInteger runs = new AtomicInteger();
    Future<String> result = TransactionRetry.onConflict(vertx, "test.write", () -> switch (runs.incrementAndGet()) {
      case 1 -> Future.failedFuture(failure("40P01"));
      case 2 -> Future.failedFuture(failure("40001"));
      default -> Future.succeededFuture("committed");
    });

    assertThat(result.await(10, TimeUnit.SECONDS)).isEqualTo("committed");
    assertThat(runs).hasValue(3);
  }

  @Test
  void otherFailuresAreNotRunAgain(Vertx vertx) throws Exception {
    AtomicInteger runs = new AtomicInteger();
    Future<String> result = TransactionRetry.onConflict(vertx, "test.write", () -> {
      runs.incrementAndGet();
      return Future.failedFuture(failure("23505"));
    });

    assertThat(((PgException) cause(result)).getSqlState()).isEqualTo("23505");
    assertThat(runs).hasValue(1);
  }

  @Test
  void aConflictThatKeepsComingBackFailsAfterTheLastAttempt(Vertx vertx) throws Exception {
    AtomicInteger runs = new AtomicInteger();
    Future<String> result = TransactionRetry.onConflict(vertx, "test.write", () -> {
      runs.incrementAndGet();
      return Future.failedFuture(failure("40P01"));
    });

    assertThat(((PgException) cause(result)).getSqlState()).isEqualTo("40P01");
    assertThat(runs).hasValue(TransactionRetry.MAX_ATTEMPTS);
  }
}
