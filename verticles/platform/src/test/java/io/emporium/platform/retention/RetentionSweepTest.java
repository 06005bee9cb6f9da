package io.emporium.platform.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.emporium.platform.outbox.Polling;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class RetentionSweepTest {

  @AfterEach
  void closeVertx(Vertx vertx) throws Exception {
    Polling.close(vertx);
  }

  /** A table of {@code rows} old rows that a step deletes from, recording every call. */
  private static final class OldRows implements RetentionSweep.Step {
    final AtomicLong left;
    final List<Integer> limits = new CopyOnWriteArrayList<>();
    final List<Instant> nows = new CopyOnWriteArrayList<>();

    OldRows(long rows) {
      left = new AtomicLong(rows);
    }

    @Override
    public Future<Integer> delete(Instant now, int limit) {
      limits.add(limit);
      nows.add(now);
      int deleted = (int) Math.min(limit, left.get());
      left.addAndGet(-deleted);
      return Future.succeededFuture(deleted);
    }
  }

  /** Runs on a context of the test's Vert.x, as a verticle would. */
  private static <T> Future<T> onContext(Vertx vertx, Supplier<Future<T>> work) {
    Promise<T> done = Promise.promise();
    vertx.runOnContext(v -> work.get().onComplete(done));
    return done.future();
  }

  @Test
  void eachStepDeletesInBatchesUntilOneComesBackShortThenTheNextStepRuns(Vertx vertx, VertxTestContext ctx) {
    OldRows tokens = new OldRows(2_500);
    OldRows streaks = new OldRows(2_000);
    RetentionSweep sweep = new RetentionSweep(vertx, "test", 1_000, 1_000)
        .step("tokens", tokens)
        .step("streaks", streaks);
    onContext(vertx, sweep::run).onComplete(ctx.succeeding(deleted -> ctx.verify(() -> {
      assertThat(deleted).containsExactly(Map.entry("tokens", 2_500L), Map.entry("streaks", 2_000L));
      assertThat(tokens.limits).containsExactly(1_000, 1_000, 1_000);
      assertThat(streaks.limits).as("a full last batch needs one more to see that nothing is left")
          .containsExactly(1_000, 1_000, 1_000);
      assertThat(tokens.nows).as("one instant for the whole sweep, so it ends")
          .containsOnly(tokens.nows.get(0)).hasSize(3);
      assertThat(streaks.nows).containsOnly(tokens.nows.get(0));
      ctx.completeNow();
    })));
  }

  @Test
  void manyBatchesFromAStoreThatAnswersAtOnceNeedNoDeepStack(Vertx vertx, VertxTestContext ctx) {
    OldRows rows = new OldRows(5_000);
    RetentionSweep sweep = new RetentionSweep(vertx, "test", 1_000, 1).step("rows", rows);
    onContext(vertx, sweep::run).onComplete(ctx.succeeding(deleted -> ctx.verify(() -> {
      assertThat(deleted).containsExactly(Map.entry("rows", 5_000L));
      ctx.completeNow();
    })));
  }

  @Test
  void aSweepAskedForWhileOneRunsIsTheRunningOne(Vertx vertx, VertxTestContext ctx) {
    AtomicInteger calls = new AtomicInteger();
    Promise<Integer> slow = Promise.promise();
    RetentionSweep sweep = new RetentionSweep(vertx, "test", 5_000).step("rows", (now, limit) -> {
      calls.incrementAndGet();
      return slow.future();
    });
    onContext(vertx, () -> {
      Future<Map<String, Long>> first = sweep.run();
      Future<Map<String, Long>> second = sweep.run();
      ctx.verify(() -> assertThat(second).isSameAs(first));
      slow.complete(3);
      return first;
    }).onComplete(ctx.succeeding(deleted -> ctx.verify(() -> {
      assertThat(calls.get()).isEqualTo(1);
      assertThat(deleted).containsExactly(Map.entry("rows", 3L));
      ctx.completeNow();
    })));
  }

  @Test
  void aBatchThatHangsFailsTheSweepWithATimeoutAndTheNextSweepRunsAgain(Vertx vertx, VertxTestContext ctx) {
    AtomicInteger calls = new AtomicInteger();
    RetentionSweep sweep = new RetentionSweep(vertx, "test", 100).step("rows", (now, limit) ->
        calls.incrementAndGet() == 1 ? Promise.<Integer>promise().future() : Future.succeededFuture(2));
    onContext(vertx, () -> sweep.run().transform(first -> {
      ctx.verify(() -> {
        assertThat(first.failed()).isTrue();
        assertThat(ServiceError.from(first.cause()).code()).isEqualTo(ErrorCode.TIMEOUT);
      });
      return sweep.run();
    })).onComplete(ctx.succeeding(second -> ctx.verify(() -> {
      assertThat(second).containsExactly(Map.entry("rows", 2L));
      ctx.completeNow();
    })));
  }

  @Test
  void aStepThatThrowsFailsTheSweepNotItsCaller(Vertx vertx, VertxTestContext ctx) {
    RetentionSweep sweep = new RetentionSweep(vertx, "test", 1_000).step("rows", (now, limit) -> {
      throw new IllegalStateException("bug");
    });
    onContext(vertx, sweep::run).onComplete(ctx.failing(e -> ctx.verify(() -> {
      assertThat(e).hasMessage("bug");
      ctx.completeNow();
    })));
  }

  @Test
  void noBatchStartsAfterStop(Vertx vertx, VertxTestContext ctx) {
    OldRows rows = new OldRows(10_000);
    Promise<Integer> first = Promise.promise();
    RetentionSweep sweep = new RetentionSweep(vertx, "test", 5_000, 1_000).step("rows", (now, limit) ->
        rows.limits.isEmpty() ? first.future().andThen(x -> rows.limits.add(limit)) : rows.delete(now, limit));
    onContext(vertx, () -> {
      Future<Map<String, Long>> running = sweep.run();
      Future<Void> stopped = sweep.stop();
      ctx.verify(() -> assertThat(stopped.isComplete()).as("waits for the batch in flight").isFalse());
      first.complete(1_000);
      return stopped.compose(v -> running);
    }).onComplete(ctx.succeeding(deleted -> ctx.verify(() -> {
      assertThat(deleted).containsExactly(Map.entry("rows", 1_000L));
      assertThat(rows.limits).hasSize(1);
      ctx.completeNow();
    })));
  }
}
