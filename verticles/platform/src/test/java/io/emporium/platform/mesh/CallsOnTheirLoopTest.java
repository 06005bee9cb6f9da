package io.emporium.platform.mesh;

import static io.emporium.platform.mesh.MeshTesting.ANONYMOUS;
import static io.emporium.platform.mesh.MeshTesting.count;
import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.platform.discovery.ServiceDirectory;
import io.emporium.platform.mesh.MeshTesting.Outcome;
import io.emporium.platform.mesh.policy.Strategy;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Under round-robin, a call whose candidates all consume in this JVM goes to the one on the caller's own
 * event loop (no thread hand-off either way); once one candidate is elsewhere, round-robin spreads as before.
 */
@ExtendWith(VertxExtension.class)
class CallsOnTheirLoopTest {

  @Test
  void everyCallFromAnInstancesLoopGoesToThatInstanceWhenAllAreInThisJvm(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshClient mesh = new MeshClient(vertx, directory, MeshTesting.quiet(Strategy.ROUND_ROBIN));
    Future.all(FakeInstance.deployOnItsLoop(vertx, directory, "a"), FakeInstance.deployOnItsLoop(vertx, directory, "b"))
        .compose(both -> {
          FakeInstance a = both.resultAt(0);
          FakeInstance b = both.resultAt(1);
          assertThat(a.context()).isNotSameAs(b.context());
          return onContextOf(a, () -> MeshTesting.batched(mesh, 300, 30, i -> ANONYMOUS))
              .compose(fromA -> onContextOf(b, () -> MeshTesting.batched(mesh, 300, 30, i -> ANONYMOUS))
                  .map(fromB -> List.of(fromA, fromB)));
        })
        .onComplete(test.succeeding(runs -> test.verify(() -> {
          List<Outcome> fromA = runs.get(0);
          List<Outcome> fromB = runs.get(1);
          MeshTesting.assertAllOk(fromA);
          MeshTesting.assertAllOk(fromB);
          assertThat(count(fromA, "a")).isEqualTo(300);
          assertThat(count(fromB, "b")).isEqualTo(300);
          test.completeNow();
        })));
  }

  @Test
  void roundRobinStillSpreadsWhenACandidateIsInAnotherJvm(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshClient mesh = new MeshClient(vertx, directory, MeshTesting.quiet(Strategy.ROUND_ROBIN));
    // "remote" consumes on this bus but is not registered as an instance of this JVM: what the mesh sees of
    // an instance in another JVM.
    Future.all(FakeInstance.deployOnItsLoop(vertx, directory, "a"), FakeInstance.deployOnItsLoop(vertx, directory, "b"),
            FakeInstance.deploy(vertx, directory, "remote", "1.0.0", 100))
        .compose(all -> onContextOf(all.resultAt(0), () -> MeshTesting.batched(mesh, 300, 30, i -> ANONYMOUS)))
        .onComplete(test.succeeding(outcomes -> test.verify(() -> {
          MeshTesting.assertAllOk(outcomes);
          assertThat(count(outcomes, "a")).isEqualTo(100);
          assertThat(count(outcomes, "b")).isEqualTo(100);
          assertThat(count(outcomes, "remote")).isEqualTo(100);
          test.completeNow();
        })));
  }

  @Test
  void otherStrategiesIgnoreTheCallersLoop(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshClient mesh = new MeshClient(vertx, directory, MeshTesting.quiet(Strategy.WEIGHTED));
    Future.all(FakeInstance.deployOnItsLoop(vertx, directory, "a"), FakeInstance.deployOnItsLoop(vertx, directory, "b"))
        .compose(both -> onContextOf(both.resultAt(0), () -> MeshTesting.batched(mesh, 300, 30, i -> ANONYMOUS)))
        .onComplete(test.succeeding(outcomes -> test.verify(() -> {
          MeshTesting.assertAllOk(outcomes);
          // equal weights: smooth weighted alternates, whatever loop the calls start from
          assertThat(count(outcomes, "a")).isEqualTo(150);
          assertThat(count(outcomes, "b")).isEqualTo(150);
          test.completeNow();
        })));
  }

  @Test
  void anInstanceThatStopsConsumingIsNoLongerOnItsLoop(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    FakeInstance.deployOnItsLoop(vertx, directory, "a")
        .onComplete(test.succeeding(a -> test.verify(() -> {
          assertThat(directory.localLoops().loopOf("a")).isNotNull();
          directory.localLoops().gone("a");
          assertThat(directory.localLoops().loopOf("a")).isNull();
          test.completeNow();
        })));
  }

  /** Runs {@code calls} on the instance's own context, so that they start from its event loop. */
  private static <T> Future<T> onContextOf(FakeInstance instance, Supplier<Future<T>> calls) {
    Promise<T> done = Promise.promise();
    instance.context().runOnContext(v -> calls.get().onComplete(done));
    return done.future();
  }
}
