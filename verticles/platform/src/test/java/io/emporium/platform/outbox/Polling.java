package io.emporium.platform.outbox;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls with a deadline instead of sleeping: asks again every few ms until the answer fits or time is up. */
public final class Polling {
  private Polling() {}

  public static <T> Future<T> until(Vertx vertx, Supplier<Future<T>> ask, Predicate<T> fits, long deadlineMs) {
    Promise<T> done = Promise.promise();
    long deadline = System.currentTimeMillis() + deadlineMs;
    attempt(vertx, ask, fits, deadline, done);
    return done.future();
  }

  /**
   * Closes a test's Vert.x and waits. vertx-junit5 5.0.8 hands its Vertx to JUnit as an AutoCloseable,
   * which JUnit 5.12 does not close: without this, every test's Vert.x (and any relay in it) lives on.
   */
  public static void close(Vertx vertx) throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
  }

  private static <T> void attempt(Vertx vertx, Supplier<Future<T>> ask, Predicate<T> fits, long deadline,
      Promise<T> done) {
    ask.get().onComplete(answer -> {
      if (answer.succeeded() && fits.test(answer.result())) {
        done.complete(answer.result());
      } else if (System.currentTimeMillis() > deadline) {
        done.fail(new AssertionError("condition not met in time; last answer: "
            + (answer.succeeded() ? answer.result() : answer.cause())));
      } else {
        vertx.setTimer(20, id -> attempt(vertx, ask, fits, deadline, done));
      }
    });
  }
}
