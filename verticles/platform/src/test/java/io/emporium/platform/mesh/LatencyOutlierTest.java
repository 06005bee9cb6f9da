package io.emporium.platform.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.platform.discovery.ServiceDirectory;
import io.emporium.platform.mesh.FakeInstance.Mode;
import io.emporium.platform.mesh.MeshTesting.Outcome;
import io.emporium.platform.mesh.policy.HedgeSettings;
import io.emporium.platform.mesh.policy.LatencyOutlierSettings;
import io.emporium.platform.mesh.policy.MeshSettings;
import io.emporium.platform.mesh.policy.Strategy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An instance whose latency stays far above its peers' is ejected, probed, and returned. */
@ExtendWith(VertxExtension.class)
class LatencyOutlierTest {
  /** Three times the peers' median and at least 50 ms, for two 100 ms intervals; ejected 300 ms, doubling to 1.2 s. */
  private static final LatencyOutlierSettings EJECTING = new LatencyOutlierSettings(true, 3, 50, 2, 300, 1_200);

  private static MeshSettings settings(boolean hedging) {
    return MeshTesting.withProductPolicy(MeshTesting.quiet(Strategy.ROUND_ROBIN), p -> p.withLatencyOutlier(EJECTING)
        .withHedge(new HedgeSettings(hedging, 20, 20, 100)));
  }

  private static JsonObject outlier(MeshClient mesh, String instance) {
    return MeshTesting.instanceStats(mesh, instance).getJsonObject("outlier");
  }

  private static List<Future<FakeInstance>> three(Vertx vertx, ServiceDirectory directory) {
    return List.of(FakeInstance.deploy(vertx, directory, "a", "1.0.0", 100),
        FakeInstance.deploy(vertx, directory, "b", "1.0.0", 100),
        FakeInstance.deploy(vertx, directory, "c", "1.0.0", 100));
  }

  @Test
  void aSlowInstanceIsEjectedForLatencyAndReturnsWhenItsProbeAnswers(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshClient mesh = new MeshClient(vertx, directory, settings(false));
    List<Future<FakeInstance>> fakes = three(vertx, directory);
    Future.all(fakes).compose(v -> mesh.start())
        .compose(v -> {
          FakeInstance slow = fakes.get(0).result().slow(150);
          Future<List<Outcome>> load = MeshTesting.batched(mesh, 300, 15, i -> MeshTesting.ANONYMOUS);
          return MeshTesting.until(vertx, Duration.ofSeconds(5), "the slow instance ejected for latency",
                  () -> "ejected (latency)".equals(MeshTesting.instanceStats(mesh, "a").getString("unavailableBecause")))
              .compose(x -> load)
              .map(outcomes -> {
                test.verify(() -> {
                  MeshTesting.assertAllOk(outcomes);
                  assertThat(outlier(mesh, "a").getString("reason")).isEqualTo("latency");
                  assertThat(outlier(mesh, "a").getDouble("latencyScoreMs")).isNotNull();
                  assertThat(MeshTesting.productStats(mesh).getJsonObject("ejections").getLong("latency"))
                      .isPositive();
                  assertThat(outlier(mesh, "b").getJsonObject("ejectionsByReason").getLong("latency")).isZero();
                  assertThat(outlier(mesh, "c").getJsonObject("ejectionsByReason").getLong("latency")).isZero();
                });
                slow.mode(Mode.ANSWER);
                return slow;
              });
        })
        .compose(slow -> MeshTesting.until(vertx, Duration.ofSeconds(5), "the instance back after its probe",
            () -> MeshTesting.instanceStats(mesh, "a").getBoolean("available")))
        .compose(v -> MeshTesting.sequential(mesh, 30))
        .onComplete(test.succeeding(outcomes -> test.verify(() -> {
          assertThat(MeshTesting.count(outcomes, "a")).isEqualTo(10);
          assertThat(outlier(mesh, "a").getBoolean("awaitingProbe")).isFalse();
          mesh.close().onComplete(test.succeedingThenComplete());
        })));
  }

  /**
   * A hung instance (it answers nothing) scores by the age of what it holds, so it goes within a few
   * intervals; hedging answers the reads it holds meanwhile. While its probes fail it stays out, each
   * ejection longer; once it answers again it returns.
   */
  @Test
  void aHungInstanceIsEjectedWithoutAnsweringAndStaysOutWhileItsProbesFail(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshClient mesh = new MeshClient(vertx, directory, settings(true));
    List<Future<FakeInstance>> fakes = three(vertx, directory);
    Future.all(fakes).compose(v -> mesh.start())
        .compose(v -> {
          FakeInstance hung = fakes.get(1).result().mode(Mode.STALL).healthFails(true);
          Future<List<Outcome>> load = MeshTesting.batched(mesh, 600, 6, i -> MeshTesting.ANONYMOUS);
          return MeshTesting.until(vertx, Duration.ofSeconds(5), "the hung instance ejected twice",
                  () -> outlier(mesh, "b").getJsonObject("ejectionsByReason").getLong("latency") >= 2)
              .compose(x -> load)
              .map(outcomes -> {
                test.verify(() -> {
                  MeshTesting.assertAllOk(outcomes);
                  assertThat(outcomes).allSatisfy(o -> assertThat(o.millis()).isLessThan(1_000));
                  assertThat(outlier(mesh, "b").getLong("lastEjectionMs")).isGreaterThanOrEqualTo(600);
                });
                hung.healthFails(false);
                hung.release();
                return hung;
              });
        })
        .compose(hung -> MeshTesting.until(vertx, Duration.ofSeconds(5), "the thawed instance back",
            () -> MeshTesting.instanceStats(mesh, "b").getBoolean("available")))
        .onComplete(test.succeeding(v -> test.verify(() -> {
          assertThat(outlier(mesh, "a").getJsonObject("ejectionsByReason").getLong("latency")).isZero();
          assertThat(outlier(mesh, "c").getJsonObject("ejectionsByReason").getLong("latency")).isZero();
          mesh.close().onComplete(test.succeedingThenComplete());
        })));
  }

  @Test
  void aSlowInstanceStaysWhenEjectingItWouldLeaveLessThanHalfAvailable(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    java.util.concurrent.atomic.AtomicInteger longestSlowRun = new java.util.concurrent.atomic.AtomicInteger();
    MeshClient mesh = new MeshClient(vertx, directory, MeshTesting.withProductPolicy(settings(false),
        p -> p.withBreaker(new io.emporium.platform.mesh.policy.BreakerSettings(2, 60_000))));
    List<Future<FakeInstance>> fakes = three(vertx, directory);
    Future.all(fakes).compose(v -> mesh.start())
        .compose(v -> {
          fakes.get(1).result().mode(Mode.FAIL);
          return MeshTesting.sequential(mesh, 9);
        })
        .compose(opened -> {
          test.verify(() -> assertThat(MeshTesting.instanceStats(mesh, "b").getString("unavailableBecause"))
              .isEqualTo("circuit open"));
          fakes.get(0).result().slow(150);
          // The longest run of slow intervals seen during the load: the run in force at its end may just
          // have been cut by an interval without a sample of c (the test failed so on a loaded machine).
          long watch = vertx.setPeriodic(20, id -> longestSlowRun.accumulateAndGet(
              outlier(mesh, "a").getInteger("slowIntervals"), Math::max));
          return MeshTesting.batched(mesh, 120, 12, i -> MeshTesting.ANONYMOUS)
              .andThen(done -> vertx.cancelTimer(watch));
        })
        .onComplete(test.succeeding(outcomes -> test.verify(() -> {
          MeshTesting.assertAllOk(outcomes);
          // a is far slower than c, but with b's circuit open, ejecting a would leave c alone of three.
          assertThat(longestSlowRun.get()).isGreaterThanOrEqualTo(2);
          assertThat(outlier(mesh, "a").getJsonObject("ejectionsByReason").getLong("latency")).isZero();
          assertThat(MeshTesting.productStats(mesh).getJsonObject("ejections").getLong("latency")).isZero();
          mesh.close().onComplete(test.succeedingThenComplete());
        })));
  }

  /**
   * A rolling restart with the policy on (tests/bench/failover.sh): one instance ejected for latency, the
   * other withdrew to restart, and every read answered 503 until the ejected one's probe came back (3,238
   * of 24,000 in one run). A slow instance beats none.
   */
  @Test
  void anInstanceEjectedForLatencyTakesTheCallsOnceItIsTheLastOneLeft(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshClient mesh = new MeshClient(vertx, directory, settings(false));
    List<Future<FakeInstance>> fakes = List.of(FakeInstance.deploy(vertx, directory, "a", "1.0.0", 100),
        FakeInstance.deploy(vertx, directory, "b", "1.0.0", 100));
    Future.all(fakes).compose(v -> mesh.start())
        .compose(v -> {
          fakes.get(0).result().slow(150);
          Future<List<Outcome>> load = MeshTesting.batched(mesh, 300, 15, i -> MeshTesting.ANONYMOUS);
          return MeshTesting.until(vertx, Duration.ofSeconds(5), "the slow instance ejected for latency",
                  () -> "ejected (latency)".equals(MeshTesting.instanceStats(mesh, "a").getString("unavailableBecause")))
              .compose(x -> load);
        })
        .compose(load -> {
          // b withdraws (a graceful stop): a, slow and ejected, is all that is left
          directory.remove("b");
          return MeshTesting.sequential(mesh, 10);
        })
        .onComplete(test.succeeding(outcomes -> test.verify(() -> {
          MeshTesting.assertAllOk(outcomes);
          assertThat(MeshTesting.count(outcomes, "a")).isEqualTo(10);
          mesh.close().onComplete(test.succeedingThenComplete());
        })));
  }

  @Test
  void theMedianOfThePeersIgnoresTheInstanceItselfAndThoseWithoutCalls() {
    assertThat(LatencyOutliers.medianOfOthers(new double[] {500, 2, 4, -1}, 0)).isEqualTo(3.0);
    assertThat(LatencyOutliers.medianOfOthers(new double[] {500, 2, 4, 6}, 0)).isEqualTo(4.0);
    assertThat(LatencyOutliers.medianOfOthers(new double[] {500, -1}, 0)).isEqualTo(-1.0);
  }
}
