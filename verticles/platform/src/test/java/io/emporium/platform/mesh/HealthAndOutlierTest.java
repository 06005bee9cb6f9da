package io.emporium.platform.mesh;

import static io.emporium.platform.mesh.MeshTesting.count;
import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceName;
import io.emporium.platform.discovery.ServiceDirectory;
import io.emporium.platform.discovery.ServiceInstance;
import io.emporium.platform.mesh.FakeInstance.Mode;
import io.emporium.platform.mesh.policy.HealthCheckSettings;
import io.emporium.platform.mesh.policy.MeshSettings;
import io.emporium.platform.mesh.policy.OutlierSettings;
import io.emporium.platform.mesh.policy.RetrySettings;
import io.emporium.platform.mesh.policy.Strategy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Instances leave the rotation when probes fail, when calls fail in a row, or when they leave the directory. */
@ExtendWith(VertxExtension.class)
class HealthAndOutlierTest {

  private static String health(MeshClient mesh, String instance) {
    return MeshTesting.instanceStats(mesh, instance).getJsonObject("health").getString("status");
  }

  @Test
  void failedProbesTakeAnInstanceOutAndSuccessfulOnesBringItBack(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshSettings settings = MeshTesting.quiet(Strategy.ROUND_ROBIN).withHealth(new HealthCheckSettings(30, 200, 2, 3));
    MeshClient mesh = new MeshClient(vertx, directory, settings);
    Future<FakeInstance> sick = FakeInstance.deploy(vertx, directory, "sick", "1.0.0", 100);
    Future.all(sick, FakeInstance.deploy(vertx, directory, "well", "1.0.0", 100))
        .compose(v -> mesh.start())
        .compose(v -> {
          sick.result().healthFails(true);
          return MeshTesting.until(vertx, Duration.ofSeconds(5), "sick to be taken out",
              () -> "DOWN".equals(health(mesh, "sick")));
        })
        .compose(v -> {
          int before = sick.result().received();
          return MeshTesting.sequential(mesh, 50).map(outcomes -> {
            test.verify(() -> {
              MeshTesting.assertAllOk(outcomes);
              assertThat(count(outcomes, "well")).isEqualTo(50);
              assertThat(sick.result().received()).isEqualTo(before);
              assertThat(MeshTesting.instanceStats(mesh, "sick").getString("unavailableBecause")).isEqualTo("unhealthy");
            });
            return outcomes;
          });
        })
        .compose(v -> {
          sick.result().healthFails(false);
          return MeshTesting.until(vertx, Duration.ofSeconds(5), "sick to come back",
              () -> "UP".equals(health(mesh, "sick")));
        })
        .compose(v -> MeshTesting.sequential(mesh, 10))
        .onComplete(test.succeeding(outcomes -> test.verify(() -> {
          assertThat(count(outcomes, "sick")).isEqualTo(5);
          assertThat(MeshTesting.instanceStats(mesh, "sick").getJsonObject("health").getInteger("successesInRow"))
              .isGreaterThanOrEqualTo(3);
          mesh.close();
          test.completeNow();
        })));
  }

  @Test
  void failuresInARowEjectAnInstanceForATimeThatDoubles(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshSettings settings = MeshTesting.quiet(Strategy.ROUND_ROBIN).withOutlier(new OutlierSettings(3, 300, 450));
    MeshClient mesh = new MeshClient(vertx, directory, settings);
    Future<FakeInstance> bad = FakeInstance.deploy(vertx, directory, "bad", "1.0.0", 100);
    Future.all(bad, FakeInstance.deploy(vertx, directory, "good", "1.0.0", 100))
        .compose(v -> {
          bad.result().mode(Mode.FAIL);
          return MeshTesting.sequential(mesh, 10);
        })
        .compose(outcomes -> {
          JsonObject outlier = MeshTesting.instanceStats(mesh, "bad").getJsonObject("outlier");
          test.verify(() -> {
            assertThat(outcomes.stream().filter(o -> !o.ok()).count()).isEqualTo(3);
            assertThat(outlier.getBoolean("ejected")).isTrue();
            assertThat(outlier.getLong("lastEjectionMs")).isEqualTo(300);
            assertThat(MeshTesting.instanceStats(mesh, "bad").getString("unavailableBecause")).isEqualTo("ejected");
          });
          return MeshTesting.until(vertx, Duration.ofSeconds(3), "the first ejection to end",
              () -> !MeshTesting.instanceStats(mesh, "bad").getJsonObject("outlier").getBoolean("ejected"));
        })
        .compose(v -> MeshTesting.sequential(mesh, 10))
        .onComplete(test.succeeding(outcomes -> test.verify(() -> {
          JsonObject outlier = MeshTesting.instanceStats(mesh, "bad").getJsonObject("outlier");
          assertThat(outlier.getLong("ejections")).isEqualTo(2);
          // base 300 ms doubled is 600 ms, capped at 450 ms
          assertThat(outlier.getLong("lastEjectionMs")).isEqualTo(450);
          assertThat(bad.result().received()).isEqualTo(6);
          test.completeNow();
        })));
  }

  @Test
  void anInstanceWhoseNodeLeftStopsReceivingCallsAtOnce(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshClient mesh = new MeshClient(vertx, directory, MeshTesting.quiet(Strategy.LEAST_CONNECTIONS));
    Future<FakeInstance> leaving = FakeInstance.deploy(vertx, directory,
        ServiceInstance.create(ServiceName.PRODUCT, "leaving", "1.0.0", 100, "node-2"));
    Future.all(leaving, FakeInstance.deploy(vertx, directory, "staying", "1.0.0", 100))
        .compose(v -> mesh.start())
        .compose(v -> MeshTesting.sequential(mesh, 10))
        .compose(warm -> {
          test.verify(() -> assertThat(count(warm, "leaving")).isPositive());
          directory.removeNode("node-2");
          return MeshTesting.sequential(mesh, 100);
        })
        .onComplete(test.succeeding(outcomes -> test.verify(() -> {
          assertThat(count(outcomes, "staying")).isEqualTo(100);
          assertThat(MeshTesting.productStats(mesh).getJsonArray("instances")).hasSize(1);
          mesh.close();
          test.completeNow();
        })));
  }

  @Test
  void callsInFlightToAnInstanceThatLeavesStopWaitingAndIdempotentOnesGoElsewhere(Vertx vertx,
      VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshSettings settings = MeshTesting.withProductPolicy(MeshTesting.quiet(Strategy.ROUND_ROBIN),
        p -> p.withTimeouts(5_000, Map.of()).withRetry(new RetrySettings(
            3, 0, 0, 100)));
    MeshClient idempotent = new MeshClient(vertx, directory, settings);
    MeshClient notIdempotent = new MeshClient(vertx, directory, settings, action -> false);
    Future<FakeInstance> dying = FakeInstance.deploy(vertx, directory,
        ServiceInstance.create(ServiceName.PRODUCT, "dying", "1.0.0", 100, "node-dying"));
    dying.compose(d -> {
      d.mode(Mode.STALL);
      return Future.all(idempotent.start(), notIdempotent.start());
    }).compose(v -> {
      // Both calls wait in the only instance, which then dies (its node leaves) while another appears.
      Future<MeshTesting.Outcome> retried = MeshTesting.get(idempotent, MeshTesting.ANONYMOUS);
      Future<MeshTesting.Outcome> failed = MeshTesting.get(notIdempotent, MeshTesting.ANONYMOUS);
      return MeshTesting.until(vertx, Duration.ofSeconds(3), "both calls in the dying instance",
              () -> dying.result().received() == 2)
          .compose(x -> FakeInstance.deploy(vertx, directory, "fresh", "1.0.0", 100))
          .compose(fresh -> {
            directory.removeNode("node-dying");
            return Future.all(retried, failed);
          });
    }).onComplete(test.succeeding(both -> test.verify(() -> {
      MeshTesting.Outcome retried = both.resultAt(0);
      MeshTesting.Outcome failed = both.resultAt(1);
      assertThat(retried.ok()).as(String.valueOf(retried.error())).isTrue();
      assertThat(retried.instance()).isEqualTo("fresh");
      assertThat(retried.millis()).isLessThan(2_000);
      assertThat(failed.error().code()).isEqualTo(ErrorCode.UNAVAILABLE);
      assertThat(failed.error().error().message()).contains("left while the call was in flight");
      assertThat(failed.millis()).isLessThan(2_000);
      dying.result().release();
      Future.all(idempotent.close(), notIdempotent.close()).onComplete(test.succeedingThenComplete());
    })));
  }

  /**
   * A graceful stop withdraws the record first and answers what it has taken: a call in flight there,
   * even one that must not be retried, gets that answer, while new calls go to the others at once.
   */
  @Test
  void callsInFlightToAnInstanceThatWithdrawsItsRecordGetItsAnswer(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshSettings settings = MeshTesting.withProductPolicy(MeshTesting.quiet(Strategy.ROUND_ROBIN),
        p -> p.withTimeouts(5_000, Map.of()));
    MeshClient notIdempotent = new MeshClient(vertx, directory, settings, action -> false);
    Future<FakeInstance> draining = FakeInstance.deploy(vertx, directory, "draining", "1.0.0", 100);
    draining.compose(d -> {
      d.mode(Mode.STALL);
      return notIdempotent.start();
    }).compose(v -> {
      Future<MeshTesting.Outcome> inFlight = MeshTesting.get(notIdempotent, MeshTesting.ANONYMOUS);
      return MeshTesting.until(vertx, Duration.ofSeconds(3), "the call in the draining instance",
              () -> draining.result().received() == 1)
          .compose(x -> FakeInstance.deploy(vertx, directory, "fresh", "1.0.0", 100))
          .compose(fresh -> {
            directory.remove("draining");
            // New calls first (the draining one still holds its call), then it answers.
            Future<List<MeshTesting.Outcome>> later = MeshTesting.sequential(notIdempotent, 5)
                .andThen(done -> draining.result().release());
            return Future.all(inFlight, later);
          });
    }).onComplete(test.succeeding(both -> test.verify(() -> {
      MeshTesting.Outcome answered = both.resultAt(0);
      assertThat(answered.ok()).as(String.valueOf(answered.error())).isTrue();
      assertThat(answered.instance()).isEqualTo("draining");
      List<MeshTesting.Outcome> later = both.resultAt(1);
      MeshTesting.assertAllOk(later);
      assertThat(later).allSatisfy(o -> assertThat(o.instance()).isEqualTo("fresh"));
      notIdempotent.close().onComplete(test.succeedingThenComplete());
    })));
  }

  /** A call waiting in a stalling instance that is alone on its own node ({@code node-<id>}). */
  private record Waiting(FakeInstance instance, Future<MeshTesting.Outcome> call) { }

  /** A mesh that retries elsewhere, with a 5 s timeout: a call that ends well before has not waited it out. */
  private static MeshClient retryingMesh(Vertx vertx, ServiceDirectory directory) {
    return new MeshClient(vertx, directory, MeshTesting.withProductPolicy(MeshTesting.quiet(Strategy.ROUND_ROBIN),
        p -> p.withTimeouts(5_000, Map.of()).withRetry(new RetrySettings(3, 0, 0, 100))));
  }

  private static Future<Waiting> aCallWaitingInAStallingInstance(Vertx vertx, ServiceDirectory directory,
      MeshClient mesh, String id) {
    return FakeInstance.deploy(vertx, directory, ServiceInstance.create(ServiceName.PRODUCT, id, "1.0.0", 100,
            "node-" + id))
        .compose(instance -> {
          instance.mode(Mode.STALL);
          return mesh.start().map(instance);
        })
        .compose(instance -> {
          Future<MeshTesting.Outcome> call = MeshTesting.get(mesh, MeshTesting.ANONYMOUS);
          return MeshTesting.until(vertx, Duration.ofSeconds(3), "the call in " + id, () -> instance.received() == 1)
              .map(arrived -> new Waiting(instance, call));
        });
  }

  /**
   * Another JVM may withdraw the records of a node it saw die before this JVM hears of the death: the
   * call waiting there must still fail over once the node is known gone, not wait for its timeout.
   */
  @Test
  void aCallWaitingInAWithdrawnInstanceFailsOverWhenItsNodeLeaves(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshClient mesh = retryingMesh(vertx, directory);
    Future<Waiting> dead = aCallWaitingInAStallingInstance(vertx, directory, mesh, "dead");
    dead.compose(waiting -> FakeInstance.deploy(vertx, directory, "fresh", "1.0.0", 100))
        .compose(fresh -> {
          directory.remove("dead");
          directory.removeNode("node-dead");
          return dead.result().call();
        })
        .onComplete(test.succeeding(outcome -> test.verify(() -> {
          assertThat(outcome.ok()).as(String.valueOf(outcome.error())).isTrue();
          assertThat(outcome.instance()).isEqualTo("fresh");
          assertThat(outcome.millis()).isLessThan(2_000);
          dead.result().instance().release();
          mesh.close().onComplete(test.succeedingThenComplete());
        })));
  }

  /**
   * An instance may be withdrawn (absent from a re-read), come back (an announcement), take another call and be
   * withdrawn again, a call waiting from each time: when its node leaves, both fail over.
   */
  @Test
  void callsWaitingInAnInstanceThatWithdrewTwiceFailOverWhenItsNodeLeaves(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshClient mesh = retryingMesh(vertx, directory);
    Future<Waiting> flapping = aCallWaitingInAStallingInstance(vertx, directory, mesh, "flapping");
    // Withdrawn, back, and a second call waiting there too.
    Future<Future<MeshTesting.Outcome>> secondCall = flapping.compose(waiting -> {
      directory.remove("flapping");
      directory.upsert(waiting.instance().instance());
      Future<MeshTesting.Outcome> second = MeshTesting.get(mesh, MeshTesting.ANONYMOUS);
      return MeshTesting.until(vertx, Duration.ofSeconds(3), "the second call in the returned instance",
          () -> waiting.instance().received() == 2).map(second);
    });
    secondCall.compose(second -> FakeInstance.deploy(vertx, directory, "fresh", "1.0.0", 100)).compose(fresh -> {
      directory.remove("flapping");
      directory.removeNode("node-flapping");
      return Future.all(flapping.result().call(), secondCall.result());
    }).onComplete(test.succeeding(both -> test.verify(() -> {
      for (int i = 0; i < 2; i++) {
        MeshTesting.Outcome outcome = both.resultAt(i);
        assertThat(outcome.ok()).as("call %d: %s", i, outcome.error()).isTrue();
        assertThat(outcome.instance()).isEqualTo("fresh");
        assertThat(outcome.millis()).as("well before the 5 s timeout").isLessThan(4_000);
      }
      flapping.result().instance().release();
      mesh.close().onComplete(test.succeedingThenComplete());
    })));
  }

  /**
   * A call may choose an instance just before it leaves the view, on another thread, and reach it only
   * after its departure was told: that instance's endpoint must refuse the call (nothing is sent and it
   * goes elsewhere), not take it where no departure will ever fail it over.
   */
  @Test
  void anInstanceThatLeftBetweenItsSelectionAndTheCallTakesNoCall(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshClient mesh = new MeshClient(vertx, directory, MeshTesting.quiet(Strategy.ROUND_ROBIN));
    FakeInstance.deploy(vertx, directory, "leaving", "1.0.0", 100).compose(leaving -> {
      // Chosen while in the view; its departure is told while no endpoint exists for it yet.
      ServiceInstance chosen = leaving.instance();
      directory.remove("leaving");
      Endpoint late = mesh.endpoint(chosen);
      return late.send(() -> Future.succeededFuture(new JsonObject()), mesh.settings().outlier(), new VariantStats(),
          () -> { })
          .transform(sent -> Future.succeededFuture(sent));
    }).onComplete(test.succeeding(sent -> test.verify(() -> {
      assertThat(sent.failed()).isTrue();
      assertThat(sent.cause()).isInstanceOfSatisfying(InstanceDeparted.class, d -> assertThat(d.sent()).isFalse());
      test.completeNow();
    })));
  }

  /**
   * A stats read prunes endpoints whose instance left the view; one may run after the view changed and
   * before the departure is told to the mesh. If the instance is gone, its calls in flight must still
   * fail over at once (seen in a kill -9 test: a read waited its whole timeout), not wait for an answer
   * that cannot come.
   */
  @Test
  void aCallInFlightFailsOverWhenAStatsReadPrunedItsInstanceBeforeItsDepartureWasTold(Vertx vertx,
      VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshClient mesh = new MeshClient(vertx, directory, MeshTesting.quiet(Strategy.ROUND_ROBIN));
    // Told before the mesh is: the stats read lands between the view's change and the mesh's notice.
    directory.onRemoved((instance, departure) -> mesh.stats());
    long[] failedAfterMs = {-1};
    mesh.start().compose(v -> FakeInstance.deploy(vertx, directory, "dying", "1.0.0", 100)).compose(dying -> {
      Endpoint endpoint = mesh.endpoint(dying.instance());
      // A request the dead JVM will never answer.
      Future<JsonObject> inFlight = endpoint.send(() -> io.vertx.core.Promise.<JsonObject>promise().future(),
          mesh.settings().outlier(), new VariantStats(), () -> { });
      long start = System.nanoTime();
      directory.remove("dying", ServiceDirectory.Departure.GONE);
      return inFlight.transform(outcome -> {
        failedAfterMs[0] = (System.nanoTime() - start) / 1_000_000;
        return Future.succeededFuture(outcome);
      });
    }).onComplete(test.succeeding(outcome -> test.verify(() -> {
      assertThat(outcome.failed()).isTrue();
      assertThat(outcome.cause()).isInstanceOfSatisfying(InstanceDeparted.class, d -> assertThat(d.sent()).isTrue());
      assertThat(failedAfterMs[0]).isLessThan(1_000);
      test.completeNow();
    })));
  }
}
