package io.emporium.platform.mesh;

import static io.emporium.platform.mesh.MeshTesting.ANONYMOUS;
import static io.emporium.platform.mesh.MeshTesting.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.emporium.platform.discovery.ServiceDirectory;
import io.emporium.platform.mesh.FakeInstance.Mode;
import io.emporium.platform.mesh.policy.Strategy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each strategy spreads calls over real instances on the bus as it promises. */
@ExtendWith(VertxExtension.class)
class BalancingTest {

  @Test
  void weightedThreeToOneOverTenThousandCallsLandsWithinTwoPercentOf75To25(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshClient mesh = new MeshClient(vertx, directory, MeshTesting.quiet(Strategy.WEIGHTED));
    Future.all(FakeInstance.deploy(vertx, directory, "heavy", "1.0.0", 300),
            FakeInstance.deploy(vertx, directory, "light", "1.0.0", 100))
        .compose(v -> MeshTesting.batched(mesh, 10_000, 100, i -> ANONYMOUS))
        .onComplete(test.succeeding(outcomes -> test.verify(() -> {
          MeshTesting.assertAllOk(outcomes);
          double heavyShare = count(outcomes, "heavy") / 10_000.0;
          System.out.printf("weighted 3:1 over 10000 calls: heavy %.4f, light %.4f%n", heavyShare, 1 - heavyShare);
          assertThat(heavyShare).isCloseTo(0.75, within(0.02));
          assertThat(count(outcomes, "light") / 10_000.0).isCloseTo(0.25, within(0.02));
          test.completeNow();
        })));
  }

  @Test
  void smoothWeightedInterleavesInsteadOfBursting(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshClient mesh = new MeshClient(vertx, directory, MeshTesting.quiet(Strategy.WEIGHTED));
    Future.all(FakeInstance.deploy(vertx, directory, "a", "1.0.0", 5),
            FakeInstance.deploy(vertx, directory, "b", "1.0.0", 1),
            FakeInstance.deploy(vertx, directory, "c", "1.0.0", 1))
        .compose(v -> MeshTesting.sequential(mesh, 7))
        .onComplete(test.succeeding(outcomes -> test.verify(() -> {
          // nginx's example: weights 5,1,1 give a a b a c a a (b and c tie: either may come first)
          List<String> order = outcomes.stream().map(MeshTesting.Outcome::instance).toList();
          assertThat(List.of(order.get(0), order.get(1), order.get(3), order.get(5), order.get(6)))
              .containsOnly("a");
          assertThat(List.of(order.get(2), order.get(4))).containsExactlyInAnyOrder("b", "c");
          test.completeNow();
        })));
  }

  @Test
  void roundRobinSpreadsCallsEvenly(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshClient mesh = new MeshClient(vertx, directory, MeshTesting.quiet(Strategy.ROUND_ROBIN));
    Future.all(FakeInstance.deploy(vertx, directory, "a", "1.0.0", 300),
            FakeInstance.deploy(vertx, directory, "b", "1.0.0", 100),
            FakeInstance.deploy(vertx, directory, "c", "1.0.0", 1))
        .compose(v -> MeshTesting.batched(mesh, 3_000, 50, i -> ANONYMOUS))
        .onComplete(test.succeeding(outcomes -> test.verify(() -> {
          MeshTesting.assertAllOk(outcomes);
          // Weights do not matter to round-robin: exactly one call in three each.
          assertThat(count(outcomes, "a")).isEqualTo(1_000);
          assertThat(count(outcomes, "b")).isEqualTo(1_000);
          assertThat(count(outcomes, "c")).isEqualTo(1_000);
          test.completeNow();
        })));
  }

  @Test
  void leastConnectionsSendsNewCallsAwayFromAStalledInstance(Vertx vertx, VertxTestContext test) {
    awayFromStalled(vertx, test, Strategy.LEAST_CONNECTIONS, 2);
  }

  @Test
  void powerOfTwoChoicesSendsNewCallsAwayFromAStalledInstance(Vertx vertx, VertxTestContext test) {
    awayFromStalled(vertx, test, Strategy.POWER_OF_TWO_CHOICES, 3);
  }

  /**
   * One instance stalls with calls in flight; while it holds them, every new call goes to an instance
   * with fewer calls in flight.
   */
  private static void awayFromStalled(Vertx vertx, VertxTestContext test, Strategy strategy, int instances) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshClient mesh = new MeshClient(vertx, directory, MeshTesting.withProductPolicy(MeshTesting.quiet(strategy),
        p -> p.withTimeouts(10_000, p.actionTimeoutsMs())));
    Future<FakeInstance> stalledDeployed = FakeInstance.deploy(vertx, directory, "stalled", "1.0.0", 100);
    Future<List<FakeInstance>> othersDeployed = Future.all(java.util.stream.IntStream.range(0, instances - 1)
            .mapToObj(i -> FakeInstance.deploy(vertx, directory, "fast-" + i, "1.0.0", 100)).toList())
        .map(all -> all.<FakeInstance>list());
    Future.all(stalledDeployed, othersDeployed).compose(v -> {
      FakeInstance stalled = stalledDeployed.result().mode(Mode.STALL);
      // Open calls until the stalled instance holds some (they never return while it stalls) and
      // every other one has been answered, so that only the stalled instance has calls in flight.
      List<Future<MeshTesting.Outcome>> warmUp = new java.util.ArrayList<>();
      for (int i = 0; i < 20; i++) {
        warmUp.add(MeshTesting.get(mesh, ANONYMOUS));
      }
      return MeshTesting.until(vertx, java.time.Duration.ofSeconds(5), "calls stuck in the stalled instance",
              () -> stalled.received() > 0 && stalled.received() + warmUp.stream().filter(Future::isComplete).count() == 20)
          .compose(x -> {
            int stuck = stalled.received();
            return MeshTesting.sequential(mesh, 300).map(outcomes -> {
              test.verify(() -> {
                MeshTesting.assertAllOk(outcomes);
                assertThat(count(outcomes, "stalled")).isZero();
                assertThat(stalled.received()).isEqualTo(stuck);
                assertThat(MeshTesting.instanceStats(mesh, "stalled").getInteger("inFlight")).isEqualTo(stuck);
              });
              stalled.release();
              return outcomes;
            });
          });
    }).onComplete(test.succeedingThenComplete());
  }
}
