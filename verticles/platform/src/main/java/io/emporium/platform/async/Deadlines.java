package io.emporium.platform.async;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/** Bounds any future in time: nothing we wait for (a store, a registry, a probe) may hang a caller. */
public final class Deadlines {
  private Deadlines() {}

  /** Fails with TIMEOUT after {@code ms} unless {@code future} completes first. */
  public static <T> Future<T> within(Vertx vertx, Future<T> future, long ms, String what) {
    if (future.isComplete()) {
      return future;
    }
    Promise<T> promise = Promise.promise();
    long timer = vertx.setTimer(ms, id ->
        promise.tryFail(ServiceError.of(ErrorCode.TIMEOUT, what + " did not complete within " + ms + " ms").toException()));
    future.onComplete(result -> {
      vertx.cancelTimer(timer);
      if (result.succeeded()) {
        promise.tryComplete(result.result());
      } else {
        promise.tryFail(result.cause());
      }
    });
    return promise.future();
  }
}
