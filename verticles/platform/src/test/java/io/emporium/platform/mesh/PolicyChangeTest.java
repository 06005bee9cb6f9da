package io.emporium.platform.mesh;

import static io.emporium.platform.mesh.MeshTesting.count;
import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceException;
import io.emporium.contract.ServiceName;
import io.emporium.platform.cluster.ClusterRejoins;
import io.emporium.platform.discovery.ServiceDirectory;
import io.emporium.platform.mesh.policy.MeshSettings;
import io.emporium.platform.mesh.policy.Strategy;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Policies change at run time, checked, and reach every mesh (here several in one Vert.x, as several gateways). */
@ExtendWith(VertxExtension.class)
class PolicyChangeTest {

  @Test
  void aStrategyChangeTakesEffectWithoutARestart(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshClient mesh = new MeshClient(vertx, directory, MeshTesting.quiet(Strategy.ROUND_ROBIN));
    Future.all(FakeInstance.deploy(vertx, directory, "heavy", "1.0.0", 900),
            FakeInstance.deploy(vertx, directory, "light", "1.0.0", 100))
        .compose(v -> MeshTesting.sequential(mesh, 100))
        .compose(before -> {
          test.verify(() -> assertThat(count(before, "heavy")).isEqualTo(50));
          return mesh.updatePolicy(ServiceName.PRODUCT, new JsonObject().put("strategy", "weighted"));
        })
        .compose(revision -> {
          test.verify(() -> {
            assertThat(revision.revision()).isEqualTo(1);
            assertThat(mesh.policy(ServiceName.PRODUCT).strategy()).isEqualTo(Strategy.WEIGHTED);
            assertThat(mesh.policy(ServiceName.USER).strategy()).isEqualTo(Strategy.ROUND_ROBIN);
          });
          return MeshTesting.sequential(mesh, 100);
        })
        .onComplete(test.succeeding(after -> test.verify(() -> {
          assertThat(count(after, "heavy")).isEqualTo(90);
          assertThat(MeshTesting.productStats(mesh).getString("strategy")).isEqualTo("weighted");
          test.completeNow();
        })));
  }

  @Test
  void anInvalidDocumentChangesNothingAndNamesTheField(Vertx vertx, VertxTestContext test) {
    MeshClient mesh = new MeshClient(vertx, new ServiceDirectory(), MeshTesting.quiet(Strategy.ROUND_ROBIN));
    mesh.updatePolicy(ServiceName.PRODUCT, new JsonObject().put("strategy", "weighted")
            .put("retry", new JsonObject().put("maxAttempts", 0)))
        .onComplete(test.failing(e -> test.verify(() -> {
          ServiceException invalid = (ServiceException) e;
          assertThat(invalid.code()).isEqualTo(ErrorCode.VALIDATION);
          assertThat(invalid.error().field()).isEqualTo("retry.maxAttempts");
          assertThat(mesh.policy(ServiceName.PRODUCT).strategy()).isEqualTo(Strategy.ROUND_ROBIN);
          assertThat(mesh.policyRevision(ServiceName.PRODUCT).revision()).isZero();
          test.completeNow();
        })));
  }

  @Test
  void aChangeReachesEveryRunningMeshAndAMeshStartedLaterLoadsIt(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshClient first = new MeshClient(vertx, directory, MeshTesting.quiet(Strategy.ROUND_ROBIN));
    MeshClient second = new MeshClient(vertx, directory, MeshTesting.quiet(Strategy.ROUND_ROBIN));
    MeshClient later = new MeshClient(vertx, directory, MeshTesting.quiet(Strategy.ROUND_ROBIN));
    JsonObject change = new JsonObject().put("strategy", "least-connections")
        .put("split", new JsonObject().put("1.0.0", 80).put("2.0.0", 20))
        .put("actionTimeoutsMs", new JsonObject().put("product.get", 700));
    Future.all(first.start(), second.start())
        .compose(v -> first.updatePolicy(ServiceName.PRODUCT, change))
        .compose(revision -> MeshTesting.until(vertx, Duration.ofSeconds(5), "the change to reach the second mesh",
            () -> second.policyRevision(ServiceName.PRODUCT).revision() == revision.revision()))
        .compose(v -> later.start())
        .onComplete(test.succeeding(v -> test.verify(() -> {
          for (MeshClient mesh : new MeshClient[] {second, later}) {
            assertThat(mesh.policy(ServiceName.PRODUCT)).isEqualTo(first.policy(ServiceName.PRODUCT));
            assertThat(mesh.policy(ServiceName.PRODUCT).strategy()).isEqualTo(Strategy.LEAST_CONNECTIONS);
            assertThat(mesh.policy(ServiceName.PRODUCT).split().orElseThrow().weights())
                .containsEntry("2.0.0", 20);
            assertThat(mesh.policy(ServiceName.PRODUCT).timeoutFor(io.emporium.contract.ProductAction.GET))
                .isEqualTo(700);
            assertThat(mesh.policyRevision(ServiceName.PRODUCT).changedBy()).isPresent();
          }
          Future.all(first.close(), second.close(), later.close()).onComplete(test.succeedingThenComplete());
        })));
  }

  @Test
  void concurrentPartialChangesFromTwoMeshesAreBothKept(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshClient first = new MeshClient(vertx, directory, MeshTesting.quiet(Strategy.ROUND_ROBIN));
    MeshClient second = new MeshClient(vertx, directory, MeshTesting.quiet(Strategy.ROUND_ROBIN));
    Future.all(first.start(), second.start())
        .compose(v -> Future.all(
            first.updatePolicy(ServiceName.PRODUCT, new JsonObject().put("strategy", "power-of-two-choices")),
            second.updatePolicy(ServiceName.PRODUCT, new JsonObject().put("retry",
                new JsonObject().put("maxAttempts", 4)))))
        .compose(both -> MeshTesting.until(vertx, Duration.ofSeconds(5), "both meshes to reach revision 2",
            () -> first.policyRevision(ServiceName.PRODUCT).revision() == 2
                && second.policyRevision(ServiceName.PRODUCT).revision() == 2))
        .onComplete(test.succeeding(v -> test.verify(() -> {
          for (MeshClient mesh : new MeshClient[] {first, second}) {
            assertThat(mesh.policy(ServiceName.PRODUCT).strategy()).isEqualTo(Strategy.POWER_OF_TWO_CHOICES);
            assertThat(mesh.policy(ServiceName.PRODUCT).retry().maxAttempts()).isEqualTo(4);
          }
          Future.all(first.close(), second.close()).onComplete(test.succeedingThenComplete());
        })));
  }

  @Test
  void aLateOrRepeatedRevisionIsIgnored(Vertx vertx, VertxTestContext test) {
    MeshClient mesh = new MeshClient(vertx, new ServiceDirectory(), MeshTesting.quiet(Strategy.ROUND_ROBIN));
    mesh.start()
        .compose(v -> mesh.updatePolicy(ServiceName.PRODUCT, new JsonObject().put("strategy", "weighted")))
        .compose(v -> mesh.updatePolicy(ServiceName.PRODUCT, new JsonObject().put("strategy", "least-connections")))
        .onComplete(test.succeeding(latest -> {
          // An old message arriving late, as the bus may deliver it.
          JsonObject stale = new JsonObject().put("service", "product").put("revision", 1)
              .put("policy", new JsonObject().put("strategy", "round-robin"));
          vertx.eventBus().publish(PolicyBoard.ADDRESS, stale);
          vertx.eventBus().publish(PolicyBoard.ADDRESS, new JsonObject().put("garbage", true));
          vertx.setTimer(100, id -> test.verify(() -> {
            assertThat(mesh.policyRevision(ServiceName.PRODUCT).revision()).isEqualTo(2);
            assertThat(mesh.policy(ServiceName.PRODUCT).strategy()).isEqualTo(Strategy.LEAST_CONNECTIONS);
            mesh.close().onComplete(test.succeedingThenComplete());
          }));
        }));
  }

  @Test
  void aMeshReadsThePoliciesAgainAtOnceWhenItsJvmIsBackInTheCluster(Vertx vertx, VertxTestContext test) {
    MeshSettings settings = MeshTesting.quiet(Strategy.ROUND_ROBIN);
    MeshClient mesh = new MeshClient(vertx, new ServiceDirectory(), settings);
    // What the others stored while this JVM was cut off: its announcement never reached this JVM.
    PolicyRevision missed = new PolicyRevision(ServiceName.PRODUCT,
        settings.policyFor(ServiceName.PRODUCT).withStrategy(Strategy.LEAST_CONNECTIONS), 7, Optional.empty(),
        Optional.of("another-gateway"));
    mesh.start()
        .compose(v -> vertx.sharedData().<String, JsonObject>getAsyncMap(PolicyBoard.MAP))
        .compose(map -> map.put(ServiceName.PRODUCT.wireName(), missed.toJson()))
        .compose(v -> {
          Promise<Void> quiet = Promise.promise();
          vertx.setTimer(300, id -> quiet.complete());
          return quiet.future();
        })
        .compose(v -> {
          // not read yet: the periodic read is 15 s away
          test.verify(() -> assertThat(mesh.policyRevision(ServiceName.PRODUCT).revision()).isZero());
          ClusterRejoins.announce(vertx);
          return MeshTesting.until(vertx, Duration.ofSeconds(1), "the stored revision read after the rejoin",
              () -> mesh.policyRevision(ServiceName.PRODUCT).revision() == 7);
        })
        .onComplete(test.succeeding(v -> test.verify(() -> {
          assertThat(mesh.policy(ServiceName.PRODUCT).strategy()).isEqualTo(Strategy.LEAST_CONNECTIONS);
          mesh.close().onComplete(test.succeedingThenComplete());
        })));
  }
}
