package io.emporium.platform.service;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The messages a service instance has taken and not answered yet. A stop waits for them (bounded),
 * so that a request accepted before SIGTERM is answered before the store pool and the event bus
 * close under it.
 */
final class InFlightMessages {
  private static final long POLL_MS = 10;
  private final AtomicInteger count = new AtomicInteger();

  void started() {
    count.incrementAndGet();
  }

  void finished() {
    count.decrementAndGet();
  }

  int count() {
    return count.get();
  }

  /** Completes with the number still unanswered: 0 once all are answered, more if {@code maxMs} ran out first. */
  Future<Integer> drained(Vertx vertx, long maxMs) {
    if (count.get() == 0 || maxMs <= 0) {
      return Future.succeededFuture(count.get());
    }
    Promise<Integer> done = Promise.promise();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMs);
    vertx.setPeriodic(POLL_MS, timer -> {
      if (count.get() == 0 || System.nanoTime() - deadline >= 0) {
        vertx.cancelTimer(timer);
        done.tryComplete(count.get());
      }
    });
    return done.future();
  }
}
