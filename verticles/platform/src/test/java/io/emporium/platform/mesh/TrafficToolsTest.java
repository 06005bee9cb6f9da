package io.emporium.platform.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.ProductAction;
import io.emporium.platform.discovery.ServiceDirectory;
import io.emporium.platform.mesh.FakeInstance.Mode;
import io.emporium.platform.mesh.MeshTesting.Outcome;
import io.emporium.platform.mesh.policy.CanarySettings;
import io.emporium.platform.mesh.policy.HashKey;
import io.emporium.platform.mesh.policy.MeshSettings;
import io.emporium.platform.mesh.policy.MirrorSettings;
import io.emporium.platform.mesh.policy.Strategy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Canary by header or user share, traffic mirroring to a shadow version, consistent hashing by a key. */
@ExtendWith(VertxExtension.class)
class TrafficToolsTest {
  private static final int USERS = 4_000;

  private static CallContext user(int i) {
    return CallContext.anonymous("test").withCaller(UUID.nameUUIDFromBytes(("user-" + i).getBytes()).toString(),
        Set.of());
  }

  private static Future<?> stableAndCanary(Vertx vertx, ServiceDirectory directory) {
    return Future.all(FakeInstance.deploy(vertx, directory, "stable-a", "1.0.0", 100),
        FakeInstance.deploy(vertx, directory, "stable-b", "1.0.0", 100),
        FakeInstance.deploy(vertx, directory, "canary", "2.0.0", 100));
  }

  private static MeshSettings canary(int userPercent, boolean byHeader) {
    return MeshTesting.withProductPolicy(MeshTesting.quiet(Strategy.ROUND_ROBIN),
        p -> p.withCanary(Optional.of(new CanarySettings("2.0.0", userPercent, byHeader))));
  }

  @Test
  void aCanaryGetsItsUserShareStickilyAndNothingElse(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshClient mesh = new MeshClient(vertx, directory, canary(5, true));
    Function<Integer, CallContext> byUser = i -> user(i % USERS);
    stableAndCanary(vertx, directory)
        .compose(v -> MeshTesting.batched(mesh, USERS * 2, 200, byUser))
        .compose(byUsers -> MeshTesting.batched(mesh, 300, 50, i -> MeshTesting.ANONYMOUS)
            .map(anonymous -> List.of(byUsers, anonymous)))
        .onComplete(test.succeeding(both -> test.verify(() -> {
          List<Outcome> byUsers = both.get(0);
          MeshTesting.assertAllOk(byUsers);
          long canaryUsers = 0;
          for (int u = 0; u < USERS; u++) {
            String first = byUsers.get(u).instance();
            assertThat(byUsers.get(u + USERS).instance()).as("user %d stays where they are", u).isEqualTo(first);
            if ("canary".equals(first)) {
              canaryUsers++;
            }
          }
          System.out.printf("canary at 5 %% of users: %d of %d users%n", canaryUsers, USERS);
          assertThat(canaryUsers).isBetween(USERS * 3L / 100, USERS * 7L / 100);
          assertThat(MeshTesting.count(both.get(1), "canary")).as("anonymous calls avoid the canary").isZero();
          JsonObject stats = MeshTesting.productStats(mesh).getJsonObject("canary");
          assertThat(stats.getString("version")).isEqualTo("2.0.0");
          assertThat(stats.getJsonObject("calls").getLong("user")).isEqualTo(canaryUsers * 2);
          test.completeNow();
        })));
  }

  @Test
  void theCanaryHeaderReachesTheCanaryOnlyWhileThePolicyAllowsIt(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshClient mesh = new MeshClient(vertx, directory, canary(0, true));
    CallContext asking = MeshTesting.ANONYMOUS.withCanary("2.0.0");
    CallContext askingOther = MeshTesting.ANONYMOUS.withCanary("3.0.0");
    stableAndCanary(vertx, directory)
        .compose(v -> MeshTesting.sequential(mesh, 10, i -> asking))
        .compose(asked -> MeshTesting.sequential(mesh, 10, i -> askingOther).map(other -> List.of(asked, other)))
        .compose(both -> {
          test.verify(() -> {
            assertThat(both.get(0)).allSatisfy(o -> assertThat(o.instance()).isEqualTo("canary"));
            assertThat(MeshTesting.count(both.get(1), "canary")).isZero();
          });
          return mesh.start().compose(v -> mesh.updatePolicy(io.emporium.contract.ServiceName.PRODUCT,
              new JsonObject("{\"canary\":{\"byHeader\":false}}")));
        })
        .compose(revision -> MeshTesting.sequential(mesh, 10, i -> asking))
        .compose(after -> {
          test.verify(() -> assertThat(MeshTesting.count(after, "canary")).as("header switched off").isZero());
          return mesh.updatePolicy(io.emporium.contract.ServiceName.PRODUCT,
              new JsonObject("{\"canary\":null}"));
        })
        .compose(revision -> MeshTesting.sequential(mesh, 30))
        .onComplete(test.succeeding(noCanary -> test.verify(() -> {
          assertThat(MeshTesting.count(noCanary, "canary")).as("no canary: an instance like the others").isEqualTo(10);
          mesh.close().onComplete(test.succeedingThenComplete());
        })));
  }

  @Test
  void aCanaryThatIsDownCostsItsCallersNothing(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshClient mesh = new MeshClient(vertx, directory, canary(100, true));
    FakeInstance.deploy(vertx, directory, "stable-a", "1.0.0", 100)
        .compose(v -> MeshTesting.sequential(mesh, 10, i -> user(i)))
        .onComplete(test.succeeding(outcomes -> test.verify(() -> {
          MeshTesting.assertAllOk(outcomes);
          assertThat(outcomes).allSatisfy(o -> assertThat(o.instance()).isEqualTo("stable-a"));
          test.completeNow();
        })));
  }

  private static MeshSettings mirroring(int percent, int maxInFlight) {
    return MeshTesting.withProductPolicy(MeshTesting.quiet(Strategy.ROUND_ROBIN),
        p -> p.withMirror(Optional.of(new MirrorSettings("9.9.9-shadow", percent, maxInFlight))));
  }

  private static JsonObject mirror(MeshClient mesh) {
    return MeshTesting.productStats(mesh).getJsonObject("mirror");
  }

  @Test
  void mirroredReadsAreComparedAndNeverReturnedNorWaitedFor(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshClient mesh = new MeshClient(vertx, directory, mirroring(100, 64));
    Future<FakeInstance> shadow = FakeInstance.deploy(vertx, directory, "shadow", "9.9.9-shadow", 100);
    Future.all(shadow, FakeInstance.deploy(vertx, directory, "live", "1.0.0", 100))
        .compose(v -> MeshTesting.sequential(mesh, 20))
        .compose(answered -> {
          test.verify(() -> {
            MeshTesting.assertAllOk(answered);
            assertThat(answered).allSatisfy(o -> assertThat(o.instance()).as("never the shadow").isEqualTo("live"));
          });
          return MeshTesting.until(vertx, Duration.ofSeconds(3), "the 20 mirrored calls compared",
              () -> mirror(mesh).getLong("mismatch") + mirror(mesh).getLong("match") == 20);
        })
        .compose(compared -> {
          // A shadow that hangs delays nobody.
          shadow.result().mode(Mode.STALL);
          return MeshTesting.sequential(mesh, 10);
        })
        .onComplete(test.succeeding(whileHung -> test.verify(() -> {
          MeshTesting.assertAllOk(whileHung);
          assertThat(whileHung).allSatisfy(o -> assertThat(o.millis()).isLessThan(200));
          JsonObject stats = mirror(mesh);
          // The fakes answer with their own instance id and version: every comparison differs.
          assertThat(stats.getLong("sent")).isEqualTo(30);
          assertThat(stats.getLong("mismatch")).isEqualTo(20);
          assertThat(stats.getLong("inFlight")).isEqualTo(10);
          shadow.result().release();
          test.completeNow();
        })));
  }

  @Test
  void mirroringStaysWithinItsShareAndItsCallsInFlight(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshClient mesh = new MeshClient(vertx, directory, mirroring(20, 5));
    Future<FakeInstance> shadow = FakeInstance.deploy(vertx, directory, "shadow", "9.9.9-shadow", 100);
    Future.all(shadow, FakeInstance.deploy(vertx, directory, "live", "1.0.0", 100))
        .compose(v -> {
          shadow.result().mode(Mode.STALL);
          return MeshTesting.sequential(mesh, 500);
        })
        .onComplete(test.succeeding(outcomes -> test.verify(() -> {
          MeshTesting.assertAllOk(outcomes);
          JsonObject stats = mirror(mesh);
          assertThat(stats.getLong("sent")).isEqualTo(5);
          assertThat(stats.getLong("skipped")).as("sampled at 20 %%, of 500").isBetween(50L, 150L);
          assertThat(shadow.result().received()).isEqualTo(5);
          shadow.result().release();
          test.completeNow();
        })));
  }

  @Test
  void consistentHashingSendsEachProductToOneInstance(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshClient mesh = new MeshClient(vertx, directory, MeshTesting.withProductPolicy(
        MeshTesting.quiet(Strategy.CONSISTENT_HASH), p -> p.withHashKey(HashKey.fromWire("payload.id"))));
    Future.all(FakeInstance.deploy(vertx, directory, "a", "1.0.0", 100),
            FakeInstance.deploy(vertx, directory, "b", "1.0.0", 100),
            FakeInstance.deploy(vertx, directory, "c", "1.0.0", 100))
        .compose(v -> {
          List<Future<JsonObject>> calls = new ArrayList<>();
          for (int i = 0; i < 300; i++) {
            calls.add(mesh.call(ProductAction.GET, new JsonObject().put("id", "product-" + (i % 100)),
                MeshTesting.ANONYMOUS));
          }
          return Future.all(calls).map(all -> {
            List<JsonObject> replies = new ArrayList<>();
            calls.forEach(c -> replies.add(c.result()));
            return replies;
          });
        })
        .onComplete(test.succeeding(replies -> test.verify(() -> {
          Map<Integer, String> owner = new HashMap<>();
          for (int i = 0; i < replies.size(); i++) {
            String previous = owner.putIfAbsent(i % 100, replies.get(i).getString("instance"));
            if (previous != null) {
              assertThat(replies.get(i).getString("instance")).as("product %d", i % 100).isEqualTo(previous);
            }
          }
          assertThat(owner.values()).contains("a", "b", "c");
          assertThat(MeshTesting.productStats(mesh).getString("hashKey")).isEqualTo("payload.id");
          test.completeNow();
        })));
  }
}
