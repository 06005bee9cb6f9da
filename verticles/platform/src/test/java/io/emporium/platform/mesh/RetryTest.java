package io.emporium.platform.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.ErrorCode;
import io.emporium.platform.discovery.ServiceDirectory;
import io.emporium.platform.mesh.FakeInstance.Mode;
import io.emporium.platform.mesh.policy.MeshSettings;
import io.emporium.platform.mesh.policy.RetrySettings;
import io.emporium.platform.mesh.policy.Strategy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Retries: only failures of the service, only idempotent actions, on another instance, within the budget. */
@ExtendWith(VertxExtension.class)
class RetryTest {

  private static MeshSettings retrying(int maxAttempts, int budgetPercent) {
    return MeshTesting.withProductPolicy(MeshTesting.quiet(Strategy.ROUND_ROBIN),
        p -> p.withRetry(new RetrySettings(maxAttempts, 0, 0, budgetPercent)));
  }

  @Test
  void failureOfTheServiceIsRetriedOnAnotherInstanceAndTheClientSeesNoFailure(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshClient mesh = new MeshClient(vertx, directory, retrying(3, 100));
    Future<FakeInstance> bad = FakeInstance.deploy(vertx, directory, "bad", "1.0.0", 100);
    Future<FakeInstance> good = FakeInstance.deploy(vertx, directory, "good", "1.0.0", 100);
    Future.all(bad, good)
        .compose(v -> {
          bad.result().mode(Mode.FAIL);
          return MeshTesting.sequential(mesh, 40);
        })
        .onComplete(test.succeeding(outcomes -> test.verify(() -> {
          MeshTesting.assertAllOk(outcomes);
          assertThat(outcomes).allSatisfy(o -> assertThat(o.instance()).isEqualTo("good"));
          int retries = bad.result().received();
          assertThat(retries).isPositive();
          assertThat(good.result().received()).isEqualTo(40);
          assertThat(MeshTesting.productStats(mesh).getJsonObject("totals").getLong("retries")).isEqualTo(retries);
          assertThat(MeshTesting.instanceStats(mesh, "good").getLong("retries")).isEqualTo(retries);
          test.completeNow();
        })));
  }

  @Test
  void retriesNeverExceedTheBudgetWhenEveryInstanceFails(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshClient mesh = new MeshClient(vertx, directory, retrying(3, 20));
    List<Future<FakeInstance>> fakes = List.of(FakeInstance.deploy(vertx, directory, "a", "1.0.0", 100),
        FakeInstance.deploy(vertx, directory, "b", "1.0.0", 100), FakeInstance.deploy(vertx, directory, "c", "1.0.0", 100));
    Future.all(fakes)
        .compose(v -> {
          fakes.forEach(f -> f.result().mode(Mode.FAIL));
          return MeshTesting.batched(mesh, 1_000, 20, i -> MeshTesting.ANONYMOUS);
        })
        .onComplete(test.succeeding(outcomes -> test.verify(() -> {
          assertThat(outcomes).allSatisfy(o -> assertThat(o.error().code()).isEqualTo(ErrorCode.INTERNAL));
          int delivered = fakes.stream().mapToInt(f -> f.result().received()).sum();
          int retries = delivered - 1_000;
          JsonObject budget = MeshTesting.productStats(mesh).getJsonObject("retryBudget");
          System.out.printf("retry budget 20%%, every instance failing, 1000 calls: %d retries, %d refused%n", retries,
              budget.getLong("denied"));
          // Without a budget, 3 attempts would have made 2000 retries.
          assertThat(retries).isPositive().isLessThanOrEqualTo(200);
          assertThat(budget.getLong("recentRetries")).isEqualTo(retries);
          assertThat(budget.getLong("denied")).isPositive();
          test.completeNow();
        })));
  }

  @Test
  void actionsThatAreNotIdempotentAreNeverRetried(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    // The contract has no non-idempotent product action yet; the mesh takes the idempotence test as a seam.
    MeshClient mesh = new MeshClient(vertx, directory, retrying(5, 100), action -> false);
    Future<FakeInstance> bad = FakeInstance.deploy(vertx, directory, "bad", "1.0.0", 100);
    Future<FakeInstance> good = FakeInstance.deploy(vertx, directory, "good", "1.0.0", 100);
    Future.all(bad, good)
        .compose(v -> {
          bad.result().mode(Mode.FAIL);
          return MeshTesting.sequential(mesh, 100);
        })
        .onComplete(test.succeeding(outcomes -> test.verify(() -> {
          assertThat(bad.result().received() + good.result().received()).isEqualTo(100);
          assertThat(outcomes.stream().filter(o -> !o.ok()).count()).isEqualTo(bad.result().received()).isPositive();
          assertThat(MeshTesting.productStats(mesh).getJsonObject("totals").getLong("retries")).isZero();
          test.completeNow();
        })));
  }

  @Test
  void onlyOneAttemptWhenThePolicyAllowsOne(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshClient mesh = new MeshClient(vertx, directory, retrying(1, 100));
    Future<FakeInstance> bad = FakeInstance.deploy(vertx, directory, "bad", "1.0.0", 100);
    Future.all(bad, FakeInstance.deploy(vertx, directory, "good", "1.0.0", 100))
        .compose(v -> {
          bad.result().mode(Mode.FAIL);
          return MeshTesting.sequential(mesh, 20);
        })
        .onComplete(test.succeeding(outcomes -> test.verify(() -> {
          assertThat(outcomes.stream().filter(o -> !o.ok()).count()).isEqualTo(10);
          assertThat(MeshTesting.productStats(mesh).getJsonObject("totals").getLong("retries")).isZero();
          test.completeNow();
        })));
  }

  @Test
  void aVanishedInstanceIsDroppedAndTheCallGoesElsewhereWithoutSpendingTheBudget(Vertx vertx,
      VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshClient mesh = new MeshClient(vertx, directory, retrying(1, 0), action -> false);
    Future<FakeInstance> gone = FakeInstance.deploy(vertx, directory, "gone", "1.0.0", 100);
    Future.all(gone, FakeInstance.deploy(vertx, directory, "alive", "1.0.0", 100))
        .compose(v -> gone.result().vanish())
        .compose(v -> MeshTesting.sequential(mesh, 10))
        .onComplete(test.succeeding(outcomes -> test.verify(() -> {
          // Not delivered anywhere (NO_HANDLERS), so even a non-idempotent call may go to another instance.
          assertThat(outcomes).allSatisfy(o -> assertThat(o.instance()).isEqualTo("alive"));
          assertThat(directory.instances(io.emporium.contract.ServiceName.PRODUCT))
              .extracting(i -> i.instanceId()).containsExactly("alive");
          assertThat(MeshTesting.productStats(mesh).getJsonObject("totals").getLong("rerouted")).isEqualTo(1);
          test.completeNow();
        })));
  }

  @Test
  void backoffIsFullJitterBelowAnExponentialCap() {
    RetrySettings retry = new RetrySettings(5, 20, 100, 20);
    for (int attempt = 1; attempt <= 4; attempt++) {
      long cap = Math.min(100, 20L << (attempt - 1));
      long min = Long.MAX_VALUE;
      long max = 0;
      for (int i = 0; i < 2_000; i++) {
        long delay = retry.backoffMs(attempt);
        assertThat(delay).isBetween(0L, cap);
        min = Math.min(min, delay);
        max = Math.max(max, delay);
      }
      assertThat(min).as("spread down to 0 for retry " + attempt).isLessThanOrEqualTo(cap / 10);
      assertThat(max).as("spread up to the cap for retry " + attempt).isGreaterThanOrEqualTo(cap * 9 / 10);
    }
  }

  @Test
  void budgetCountsOnlyTheLastTenSeconds() {
    AtomicLong clock = new AtomicLong(1_000_000_000_000L);
    RetryBudget budget = new RetryBudget(clock::get);
    for (int i = 0; i < 10; i++) {
      budget.recordCall();
    }
    assertThat(budget.tryAcquire(20)).isTrue();
    assertThat(budget.tryAcquire(20)).isTrue();
    assertThat(budget.tryAcquire(20)).as("a third retry on 10 calls exceeds 20 %").isFalse();
    clock.addAndGet(5_000_000_000L);
    assertThat(budget.tryAcquire(20)).as("5 s later the calls still count").isFalse();
    clock.addAndGet(6_000_000_000L);
    assertThat(budget.tryAcquire(20)).as("11 s later no recent call justifies a retry").isFalse();
    for (int i = 0; i < 5; i++) {
      budget.recordCall();
    }
    assertThat(budget.tryAcquire(20)).isTrue();
    assertThat(budget.toJson(20).getLong("recentCalls")).isEqualTo(5);
  }
}
