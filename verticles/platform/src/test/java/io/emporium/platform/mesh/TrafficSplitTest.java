package io.emporium.platform.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.emporium.contract.ErrorCode;
import io.emporium.platform.discovery.ServiceDirectory;
import io.emporium.platform.mesh.MeshTesting.Outcome;
import io.emporium.platform.mesh.balance.StableHash;
import io.emporium.platform.mesh.policy.MeshSettings;
import io.emporium.platform.mesh.policy.Strategy;
import io.emporium.platform.mesh.policy.TrafficSplit;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Traffic split between versions: shares, stickiness per user, forced variants, per-variant stats. */
@ExtendWith(VertxExtension.class)
class TrafficSplitTest {
  private static final int USERS = 10_000;
  private static final List<String> USER_IDS = java.util.stream.IntStream.range(0, USERS)
      .mapToObj(i -> UUID.nameUUIDFromBytes(("user-" + i).getBytes()).toString()).toList();

  private static MeshSettings split(int v1, int v2) {
    return MeshTesting.withProductPolicy(MeshTesting.quiet(Strategy.ROUND_ROBIN),
        p -> p.withSplit(Optional.of(new TrafficSplit(Map.of("1.0.0", v1, "2.0.0", v2)))));
  }

  private static CallContext user(String id) {
    return CallContext.anonymous("test").withCaller(id, Set.of());
  }

  private static Future<?> deployVersions(Vertx vertx, ServiceDirectory directory) {
    return Future.all(FakeInstance.deploy(vertx, directory, "v1-a", "1.0.0", 100),
        FakeInstance.deploy(vertx, directory, "v1-b", "1.0.0", 100),
        FakeInstance.deploy(vertx, directory, "v2-a", "2.0.0", 100));
  }

  @Test
  void ninetyTenSplitOverTenThousandUsersLandsWithinTwoPercentAndEveryUserStaysOnOneVariant(Vertx vertx,
      VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshClient mesh = new MeshClient(vertx, directory, split(90, 10));
    Function<Integer, CallContext> byUser = i -> user(USER_IDS.get(i % USERS));
    deployVersions(vertx, directory)
        .compose(v -> MeshTesting.batched(mesh, USERS * 3, 200, byUser))
        .onComplete(test.succeeding(outcomes -> test.verify(() -> {
          MeshTesting.assertAllOk(outcomes);
          long v2Users = 0;
          for (int u = 0; u < USERS; u++) {
            String first = outcomes.get(u).reply().getString("version");
            assertThat(outcomes.get(u + USERS).reply().getString("version")).as("user " + u).isEqualTo(first);
            assertThat(outcomes.get(u + 2 * USERS).reply().getString("version")).as("user " + u).isEqualTo(first);
            assertThat(outcomes.get(u).reply().getString("callerId")).isEqualTo(USER_IDS.get(u));
            if ("2.0.0".equals(first)) {
              v2Users++;
            }
          }
          double v2Share = v2Users / (double) USERS;
          System.out.printf("split 90/10 over %d users: 1.0.0 %.4f, 2.0.0 %.4f%n", USERS, 1 - v2Share, v2Share);
          assertThat(v2Share).isCloseTo(0.10, within(0.02));
          JsonObject variants = MeshTesting.productStats(mesh).getJsonObject("variants");
          assertThat(variants.getJsonObject("2.0.0").getLong("calls")).isEqualTo(v2Users * 3);
          assertThat(variants.getJsonObject("1.0.0").getLong("calls")).isEqualTo((USERS - v2Users) * 3);
          assertThat(variants.getJsonObject("1.0.0").getJsonObject("latencyMs").getDouble("p99")).isNotNull();
          test.completeNow();
        })));
  }

  @Test
  void anonymousCallsFollowTheSplitAtRandom(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshClient mesh = new MeshClient(vertx, directory, split(70, 30));
    deployVersions(vertx, directory)
        .compose(v -> MeshTesting.batched(mesh, 5_000, 200, i -> MeshTesting.ANONYMOUS))
        .onComplete(test.succeeding(outcomes -> test.verify(() -> {
          long v2 = outcomes.stream().filter(o -> "2.0.0".equals(o.reply().getString("version"))).count();
          assertThat(v2 / 5_000.0).isCloseTo(0.30, within(0.03));
          test.completeNow();
        })));
  }

  @Test
  void forcedVariantOverridesTheSplitForEveryUser(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshClient mesh = new MeshClient(vertx, directory, split(100, 0));
    deployVersions(vertx, directory)
        .compose(v -> MeshTesting.sequential(mesh, 200, i -> user(USER_IDS.get(i)).withForcedVariant("2.0.0")))
        .onComplete(test.succeeding(outcomes -> test.verify(() -> {
          assertThat(outcomes).allSatisfy(o -> assertThat(o.reply().getString("version")).isEqualTo("2.0.0"));
          test.completeNow();
        })));
  }

  @Test
  void forcedVariantWithoutInstancesIsUnavailableAndAMalformedOneIsRefused(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshClient mesh = new MeshClient(vertx, directory, split(90, 10));
    deployVersions(vertx, directory)
        .compose(v -> Future.all(MeshTesting.get(mesh, MeshTesting.ANONYMOUS.withForcedVariant("3.0.0")),
            MeshTesting.get(mesh, MeshTesting.ANONYMOUS.withForcedVariant("<script>"))))
        .onComplete(test.succeeding(both -> test.verify(() -> {
          Outcome missing = both.resultAt(0);
          assertThat(missing.error().code()).isEqualTo(ErrorCode.UNAVAILABLE);
          assertThat(missing.error().error().message()).contains("version 3.0.0");
          Outcome malformed = both.resultAt(1);
          assertThat(malformed.error().code()).isEqualTo(ErrorCode.VALIDATION);
          assertThat(malformed.error().error().field()).isEqualTo("variant");
          test.completeNow();
        })));
  }

  @Test
  void usersOfAVariantWithNoInstanceLeftAreServedByAnotherVersion(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshClient mesh = new MeshClient(vertx, directory, split(0, 100));
    Future.all(FakeInstance.deploy(vertx, directory, "v1-a", "1.0.0", 100),
            FakeInstance.deploy(vertx, directory, "v1-b", "1.0.0", 100))
        .compose(v -> MeshTesting.sequential(mesh, 20, i -> user(USER_IDS.get(i))))
        .onComplete(test.succeeding(outcomes -> test.verify(() -> {
          MeshTesting.assertAllOk(outcomes);
          assertThat(MeshTesting.productStats(mesh).getJsonObject("totals").getLong("variantFallbacks")).isEqualTo(20);
          test.completeNow();
        })));
  }

  @Test
  void theUserBucketIsTheSameInEveryJvmAndRelease() {
    // Pinned values: changing the hash would move users between variants in a running A/B test.
    assertThat(StableHash.percentBucket("user-1")).isEqualTo(StableHash.percentBucket("user-1"));
    assertThat(List.of("user-1", "user-2", "6f1c0b2e-0000-4000-8000-000000000001").stream()
        .map(StableHash::percentBucket).toList()).containsExactly(24, 95, 15);
  }

  @Test
  void splitBucketsMapToVersionsInVersionOrder() {
    TrafficSplit split = new TrafficSplit(Map.of("2.0.0", 10, "1.0.0", 90));
    assertThat(split.variantFor(0)).isEqualTo("1.0.0");
    assertThat(split.variantFor(89)).isEqualTo("1.0.0");
    assertThat(split.variantFor(90)).isEqualTo("2.0.0");
    assertThat(split.variantFor(99)).isEqualTo("2.0.0");
    assertThat(new TrafficSplit(Map.of("1.0.0", 100, "2.0.0", 0)).variantFor(99)).isEqualTo("1.0.0");
  }
}
