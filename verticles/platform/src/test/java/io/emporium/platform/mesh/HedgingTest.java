package io.emporium.platform.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ProductAction;
import io.emporium.platform.discovery.ServiceDirectory;
import io.emporium.platform.mesh.FakeInstance.Mode;
import io.emporium.platform.mesh.policy.HedgeSettings;
import io.emporium.platform.mesh.policy.MeshSettings;
import io.emporium.platform.mesh.policy.RetrySettings;
import io.emporium.platform.mesh.policy.Strategy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hung instances cost milliseconds: per-attempt timeouts and hedged reads, against fake instances on a
 * real event bus that hang (never answer) or answer slowly.
 */
@ExtendWith(VertxExtension.class)
class HedgingTest {

  /** Round-robin, call timeout 2 s, no retries, hedging on with the given budget. */
  private static MeshSettings hedging(int minDelayMs, int maxDelayMs, int budgetPercent) {
    return MeshTesting.withProductPolicy(MeshTesting.quiet(Strategy.ROUND_ROBIN),
        p -> p.withHedge(new HedgeSettings(true, minDelayMs, maxDelayMs, budgetPercent)));
  }

  private static JsonObject hedges(MeshClient mesh) {
    return MeshTesting.productStats(mesh).getJsonObject("hedging");
  }

  @Test
  void aReadAHungInstanceHoldsIsAnsweredByAnotherAfterTheHedgeDelay(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshClient mesh = new MeshClient(vertx, directory, hedging(20, 40, 100));
    Future<FakeInstance> hung = FakeInstance.deploy(vertx, directory, "hung", "1.0.0", 100);
    Future.all(hung, FakeInstance.deploy(vertx, directory, "well", "1.0.0", 100))
        .compose(v -> {
          hung.result().mode(Mode.STALL);
          return MeshTesting.sequential(mesh, 20);
        })
        .onComplete(test.succeeding(outcomes -> test.verify(() -> {
          MeshTesting.assertAllOk(outcomes);
          assertThat(outcomes).allSatisfy(o -> assertThat(o.instance()).isEqualTo("well"));
          // Those that went first to the hung instance waited the hedge delay, not the 2 s timeout.
          int metTheHungOne = hung.result().received();
          assertThat(metTheHungOne).isGreaterThanOrEqualTo(10);
          assertThat(outcomes).allSatisfy(o -> assertThat(o.millis()).isLessThan(500));
          JsonObject hedging = hedges(mesh);
          assertThat(hedging.getLong("sent")).isEqualTo(metTheHungOne);
          assertThat(hedging.getLong("won")).isEqualTo(metTheHungOne);
          hung.result().release();
          test.completeNow();
        })));
  }

  /**
   * An instance new in the view (a JVM back from a pause, a replacement) has no latency of its own yet: a
   * read it holds is hedged after the service's p95, not after the hedge ceiling (1 s here), which is what
   * the instance's own unknown p95 gave before.
   */
  @Test
  void aReadAnInstanceNewInTheViewHoldsIsHedgedAfterThePeersP95NotTheCeiling(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshClient mesh = new MeshClient(vertx, directory, hedging(10, 1_000, 100));
    Future<FakeInstance> hung = FakeInstance.deploy(vertx, directory, "well", "1.0.0", 100)
        // the service's latency, known from the instance that was there first
        .compose(well -> MeshTesting.sequential(mesh, 30))
        .compose(known -> FakeInstance.deploy(vertx, directory, "new", "1.0.0", 100))
        .map(fresh -> fresh.mode(Mode.STALL));
    hung.compose(fresh -> MeshTesting.sequential(mesh, 10))
        .onComplete(test.succeeding(outcomes -> test.verify(() -> {
          MeshTesting.assertAllOk(outcomes);
          assertThat(hung.result().received()).as("reads that met the new, hung instance").isGreaterThanOrEqualTo(3);
          assertThat(outcomes).allSatisfy(o -> assertThat(o.millis()).as("hedged after ~10 ms, not 1 s")
              .isLessThan(500));
          hung.result().release();
          test.completeNow();
        })));
  }

  @Test
  void theFirstAnswerWinsAndTheSlowerOneIsIgnoredButCountsForItsInstance(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshClient mesh = new MeshClient(vertx, directory, hedging(20, 20, 100));
    // One after the other: round-robin starts with the first instance listed, the slow one.
    Future<FakeInstance> slow = FakeInstance.deploy(vertx, directory, "slow", "1.0.0", 100);
    Future<FakeInstance> fast = slow.compose(s -> FakeInstance.deploy(vertx, directory, "fast", "1.0.0", 100));
    fast
        .compose(v -> {
          slow.result().slow(300);
          return MeshTesting.get(mesh, MeshTesting.ANONYMOUS);
        })
        .compose(outcome -> {
          test.verify(() -> {
            assertThat(outcome.ok()).as(String.valueOf(outcome.error())).isTrue();
            assertThat(outcome.instance()).isEqualTo("fast");
            assertThat(outcome.millis()).isLessThan(250);
          });
          return MeshTesting.until(vertx, java.time.Duration.ofSeconds(2), "the slow answer to arrive",
              () -> MeshTesting.instanceStats(mesh, "slow").getInteger("inFlight") == 0);
        })
        .onComplete(test.succeeding(v -> test.verify(() -> {
          assertThat(slow.result().received()).isEqualTo(1);
          assertThat(fast.result().received()).isEqualTo(1);
          JsonObject slowStats = MeshTesting.instanceStats(mesh, "slow");
          assertThat(slowStats.getLong("calls")).isEqualTo(1);
          assertThat(slowStats.getLong("failures")).isZero();
          assertThat(slowStats.getJsonObject("latencyMs").getDouble("p50")).isGreaterThanOrEqualTo(290.0);
          assertThat(MeshTesting.productStats(mesh).getJsonObject("totals").getLong("succeeded")).isEqualTo(1);
          assertThat(hedges(mesh).getLong("won")).isEqualTo(1);
          test.completeNow();
        })));
  }

  @Test
  void hedgesStayWithinTheirBudget(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshSettings settings = MeshTesting.withProductPolicy(hedging(10, 10, 10),
        p -> p.withTimeouts(300, Map.of()));
    MeshClient mesh = new MeshClient(vertx, directory, settings);
    Future<FakeInstance> hung = FakeInstance.deploy(vertx, directory, "hung", "1.0.0", 100);
    Future.all(hung, FakeInstance.deploy(vertx, directory, "well", "1.0.0", 100))
        .compose(v -> {
          hung.result().mode(Mode.STALL);
          return MeshTesting.batched(mesh, 200, 20, i -> MeshTesting.ANONYMOUS);
        })
        .onComplete(test.succeeding(outcomes -> test.verify(() -> {
          JsonObject hedging = hedges(mesh);
          long sent = hedging.getLong("sent");
          long timedOut = outcomes.stream().filter(o -> !o.ok()).count();
          System.out.printf("hedge budget 10%%, 200 reads, one of two instances hung: %d hedges, %d refused,"
              + " %d reads timed out%n", sent, hedging.getJsonObject("budget").getLong("denied"), timedOut);
          // 100 reads met the hung instance; a 10 % budget hedges at most 10 % of the 200 calls.
          assertThat(sent).isPositive().isLessThanOrEqualTo(20);
          assertThat(hedging.getJsonObject("budget").getLong("denied")).isPositive();
          // The reads the budget did not hedge waited for their timeout.
          assertThat(timedOut).isPositive();
          assertThat(outcomes).filteredOn(o -> !o.ok())
              .allSatisfy(o -> assertThat(o.error().code()).isEqualTo(ErrorCode.TIMEOUT));
          hung.result().release();
          test.completeNow();
        })));
  }

  @Test
  void actionsThatAreNotIdempotentAreNeverHedged(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshSettings settings = MeshTesting.withProductPolicy(hedging(10, 10, 100), p -> p.withTimeouts(300, Map.of()));
    MeshClient mesh = new MeshClient(vertx, directory, settings, action -> false);
    Future<FakeInstance> hung = FakeInstance.deploy(vertx, directory, "hung", "1.0.0", 100);
    Future<FakeInstance> well = FakeInstance.deploy(vertx, directory, "well", "1.0.0", 100);
    Future.all(hung, well)
        .compose(v -> {
          hung.result().mode(Mode.STALL);
          // Two calls in a row: round-robin sends one to each instance, whichever it starts with.
          return MeshTesting.sequential(mesh, 2);
        })
        .onComplete(test.succeeding(outcomes -> test.verify(() -> {
          assertThat(hung.result().received()).isEqualTo(1);
          assertThat(well.result().received()).isEqualTo(1);
          assertThat(outcomes).filteredOn(o -> !o.ok()).singleElement()
              .satisfies(o -> assertThat(o.error().code()).isEqualTo(ErrorCode.TIMEOUT));
          assertThat(hedges(mesh).getLong("sent")).isZero();
          hung.result().release();
          test.completeNow();
        })));
  }

  @Test
  void idempotentWritesAreNeverHedged(Vertx vertx, VertxTestContext test) {
    // A reservation by its id is idempotent (retried safely) but not read-only: two at once would take two
    // transactions. Only read-only actions are hedged or mirrored.
    assertThat(ProductAction.STOCK_RESERVE.idempotent()).isTrue();
    assertThat(ProductAction.STOCK_RESERVE.readOnly()).isFalse();
    assertThat(ProductAction.GET.readOnly()).isTrue();
    ServiceDirectory directory = new ServiceDirectory();
    MeshSettings settings = MeshTesting.withProductPolicy(hedging(10, 10, 100), p -> p.withTimeouts(300, Map.of()));
    MeshClient mesh = new MeshClient(vertx, directory, settings);
    Future<FakeInstance> hung = FakeInstance.deploy(vertx, directory, "hung", "1.0.0", 100);
    Future<FakeInstance> well = FakeInstance.deploy(vertx, directory, "well", "1.0.0", 100);
    JsonObject reservation = new JsonObject().put("reservationId", "r-1");
    Future.all(hung, well)
        .compose(v -> {
          hung.result().mode(Mode.STALL);
          // Two calls in a row: round-robin sends one to each instance, whichever it starts with.
          return mesh.call(ProductAction.STOCK_RESERVE, reservation, MeshTesting.ANONYMOUS).transform(first ->
              mesh.call(ProductAction.STOCK_RESERVE, reservation, MeshTesting.ANONYMOUS).transform(second ->
                  Future.succeededFuture(java.util.List.of(first.succeeded(), second.succeeded()))));
        })
        .onComplete(test.succeeding(succeeded -> test.verify(() -> {
          assertThat(hung.result().received()).isEqualTo(1);
          assertThat(well.result().received()).isEqualTo(1);
          assertThat(succeeded).containsExactlyInAnyOrder(true, false);
          assertThat(hedges(mesh).getLong("sent")).isZero();
          hung.result().release();
          test.completeNow();
        })));
  }

  @Test
  void aHungInstanceCostsAnIdempotentCallItsAttemptTimeoutNotTheCallTimeout(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshSettings settings = MeshTesting.withProductPolicy(MeshTesting.quiet(Strategy.ROUND_ROBIN),
        p -> p.withTimeouts(5_000, Map.of()).withRetry(new RetrySettings(2, 0, 0, 100, 100)));
    MeshClient idempotent = new MeshClient(vertx, directory, settings);
    Future<FakeInstance> hung = FakeInstance.deploy(vertx, directory, "hung", "1.0.0", 100);
    Future.all(hung, FakeInstance.deploy(vertx, directory, "well", "1.0.0", 100))
        .compose(v -> {
          hung.result().mode(Mode.STALL);
          return MeshTesting.sequential(idempotent, 6);
        })
        .onComplete(test.succeeding(outcomes -> test.verify(() -> {
          MeshTesting.assertAllOk(outcomes);
          int metTheHungOne = hung.result().received();
          assertThat(metTheHungOne).isGreaterThanOrEqualTo(3);
          // Those that met the hung instance waited its 100 ms attempt, then went to the other one.
          assertThat(outcomes).allSatisfy(o -> assertThat(o.millis()).isLessThan(1_000));
          assertThat(outcomes.stream().filter(o -> o.millis() >= 95).count()).isEqualTo(metTheHungOne);
          assertThat(MeshTesting.productStats(idempotent).getJsonObject("totals").getLong("retries"))
              .isEqualTo(metTheHungOne);
          hung.result().release();
          test.completeNow();
        })));
  }
}
