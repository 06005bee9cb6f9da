package io.emporium.platform.retention;

import io.emporium.platform.async.Deadlines;
import io.emporium.platform.async.FailureStreak;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes rows nobody needs any more, in bounded batches: each step is asked to delete at most
 * {@code batchSize} rows, again and again until it deletes fewer (nothing more is due), then the next
 * step. Every batch is bounded by {@code timeoutMs}. A sweep that deleted something says so at INFO; a
 * failing store is logged once, and again when it answers.
 *
 * <p>Two sweeps never overlap: {@link #run} while one runs answers the running one. Sweeps of several
 * JVMs may run at once: steps must delete with {@code FOR UPDATE SKIP LOCKED} (or be idempotent some
 * other way), so they share the rows instead of waiting for each other.
 *
 * <p>Call it from one context (a verticle's): its state is not guarded otherwise.
 */
public final class RetentionSweep {
  /** Rows per statement: short transactions, yet few round trips. */
  public static final int BATCH = 1_000;
  private static final Logger LOG = LoggerFactory.getLogger(RetentionSweep.class);

  /** One kind of row to delete. */
  @FunctionalInterface
  public interface Step {
    /**
     * Deletes at most {@code limit} rows that were no longer needed at {@code now} (the start of the
     * sweep, the same for every batch, so a sweep ends); answers how many it deleted.
     */
    Future<Integer> delete(Instant now, int limit);
  }

  private final Vertx vertx;
  private final String name;
  private final long timeoutMs;
  private final int batchSize;
  private final Map<String, Step> steps = new LinkedHashMap<>();
  private Future<Map<String, Long>> current = Future.succeededFuture(Map.of());
  private final FailureStreak failures;
  private boolean stopped;

  /** @param name who sweeps, for the log, e.g. {@code outbox retention (product)} */
  public RetentionSweep(Vertx vertx, String name, long timeoutMs) {
    this(vertx, name, timeoutMs, BATCH);
  }

  public RetentionSweep(Vertx vertx, String name, long timeoutMs, int batchSize) {
    if (timeoutMs < 1 || batchSize < 1) {
      throw new IllegalArgumentException("timeoutMs and batchSize must be positive");
    }
    this.vertx = vertx;
    this.name = name;
    this.failures = new FailureStreak(LOG, name + " cannot delete old rows (will try again at its next sweep)",
        name + " reaches its store again");
    this.timeoutMs = timeoutMs;
    this.batchSize = batchSize;
  }

  /** Adds a step; {@code what} names its rows in the log and in {@link #run}'s answer. */
  public RetentionSweep step(String what, Step step) {
    steps.put(what, step);
    return this;
  }

  /** Runs every step in order; answers the rows deleted per step (the running sweep's, when one runs). */
  public Future<Map<String, Long>> run() {
    if (!current.isComplete() || stopped) {
      return current;
    }
    Instant now = Instant.now();
    Map<String, Long> deleted = new LinkedHashMap<>();
    Future<Void> chain = Future.succeededFuture();
    for (Map.Entry<String, Step> step : steps.entrySet()) {
      chain = chain.compose(v -> drain(step.getValue(), now).map(n -> {
        deleted.put(step.getKey(), n);
        return null;
      }));
    }
    current = chain.map(v -> deleted);
    current.onComplete(this::report);
    return current;
  }

  /** No batch starts after this; completes when the batch in flight (bounded by the timeout) is done. */
  public Future<Void> stop() {
    stopped = true;
    return current.<Void>mapEmpty().otherwiseEmpty();
  }

  /**
   * Batches one after the other until one comes back short. Each next batch goes through the event
   * loop's queue: no deep stack with a store that answers at once, and other work gets its turn.
   */
  private Future<Long> drain(Step step, Instant now) {
    Promise<Long> done = Promise.promise();
    batch(step, now, 0, done);
    return done.future();
  }

  private void batch(Step step, Instant now, long total, Promise<Long> done) {
    if (stopped) {
      done.complete(total);
      return;
    }
    Future<Integer> batch;
    try {
      batch = step.delete(now, batchSize);
    } catch (RuntimeException thrown) {
      batch = Future.failedFuture(thrown);
    }
    Deadlines.within(vertx, batch, timeoutMs, name).onComplete(outcome -> {
      if (outcome.failed()) {
        done.fail(outcome.cause());
      } else if (outcome.result() < batchSize) {
        done.complete(total + outcome.result());
      } else {
        vertx.runOnContext(v -> batch(step, now, total + outcome.result(), done));
      }
    });
  }

  private void report(AsyncResult<Map<String, Long>> outcome) {
    if (outcome.failed()) {
      failures.failed(outcome.cause());
      return;
    }
    failures.succeeded();
    Map<String, Long> deleted = outcome.result();
    if (deleted.values().stream().anyMatch(n -> n > 0)) {
      LOG.info("{} deleted {}", name, deleted.entrySet().stream()
          .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")));
    }
  }
}
