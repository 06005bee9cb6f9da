package io.emporium.platform.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ReadinessTest {

  @Test
  void readyOnlyWhileEveryCheckHolds(Vertx vertx, VertxTestContext test) {
    AtomicBoolean discovered = new AtomicBoolean(false);
    Readiness readiness = new Readiness(vertx, 500)
        .add(ReadinessCheck.condition("store", () -> true))
        .add(ReadinessCheck.condition("product-discovered", discovered::get));
    readiness.check().compose(before -> {
      test.verify(() -> assertThat(before).isEqualTo(new ReadinessResult(false, java.util.List.of("product-discovered"), java.util.List.of("store"))));
      discovered.set(true);
      return readiness.check();
    }).onComplete(test.succeeding(after -> test.verify(() -> {
      assertThat(after.ready()).isTrue();
      assertThat(after.failing()).isEmpty();
      test.completeNow();
    })));
  }

  @Test
  void aCheckThatHangsMakesItNotReadyWithinTheTimeout(Vertx vertx, VertxTestContext test) {
    Promise<Void> never = Promise.promise();
    Readiness readiness = new Readiness(vertx, 200).add(new ReadinessCheck("store", never::future));
    long started = System.nanoTime();
    readiness.check().onComplete(test.succeeding(result -> test.verify(() -> {
      assertThat(result.ready()).isFalse();
      assertThat(result.failing()).containsExactly("store");
      assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2_000);
      test.completeNow();
    })));
  }

  @Test
  void aCheckThatThrowsOrFailsIsNotReady(Vertx vertx, VertxTestContext test) {
    Readiness readiness = new Readiness(vertx, 200)
        .add(new ReadinessCheck("throws", () -> {
          throw new IllegalStateException("boom");
        }))
        .add(new ReadinessCheck("fails", () -> Future.failedFuture("down")));
    readiness.check().onComplete(test.succeeding(result -> test.verify(() -> {
      assertThat(result.failing()).containsExactly("throws", "fails");
      test.completeNow();
    })));
  }

  @Test
  void drainingIsNeverReadyAgain(Vertx vertx, VertxTestContext test) {
    Readiness readiness = new Readiness(vertx, 200).add(ReadinessCheck.condition("store", () -> true));
    readiness.check().compose(before -> {
      test.verify(() -> assertThat(before.ready()).isTrue());
      readiness.startDraining();
      return readiness.check();
    }).onComplete(test.succeeding(after -> test.verify(() -> {
      assertThat(after.ready()).isFalse();
      assertThat(after.failing()).containsExactly(Readiness.DRAINING);
      assertThat(readiness.draining()).isTrue();
      test.completeNow();
    })));
  }
}
