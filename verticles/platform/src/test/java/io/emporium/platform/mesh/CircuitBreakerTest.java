package io.emporium.platform.mesh;

import static io.emporium.platform.mesh.MeshTesting.count;
import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.ErrorCode;
import io.emporium.platform.discovery.ServiceDirectory;
import io.emporium.platform.mesh.FakeInstance.Mode;
import io.emporium.platform.mesh.MeshTesting.Outcome;
import io.emporium.platform.mesh.policy.BreakerSettings;
import io.emporium.platform.mesh.policy.MeshSettings;
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

/** Per-instance circuit breakers, fast failure when nothing is available, and time bounds. */
@ExtendWith(VertxExtension.class)
class CircuitBreakerTest {

  private static MeshSettings breaker(int threshold, int resetMs, int timeoutMs) {
    return MeshTesting.withProductPolicy(MeshTesting.quiet(Strategy.ROUND_ROBIN),
        p -> p.withBreaker(new BreakerSettings(threshold, resetMs)).withTimeouts(timeoutMs, Map.of()));
  }

  private static List<JsonObject> transitions(MeshClient mesh, String instance) {
    return MeshTesting.instanceStats(mesh, instance).getJsonObject("circuit").getJsonArray("transitions").stream()
        .map(JsonObject.class::cast).toList();
  }

  @Test
  void failingInstanceOpensAfterTheThresholdAndItsTrafficMovesToTheOthers(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshClient mesh = new MeshClient(vertx, directory, breaker(5, 60_000, 2_000));
    Future<FakeInstance> bad = FakeInstance.deploy(vertx, directory, "bad", "1.0.0", 100);
    Future.all(bad, FakeInstance.deploy(vertx, directory, "good-1", "1.0.0", 100),
            FakeInstance.deploy(vertx, directory, "good-2", "1.0.0", 100))
        .compose(v -> {
          bad.result().mode(Mode.FAIL);
          return MeshTesting.sequential(mesh, 90);
        })
        .onComplete(test.succeeding(outcomes -> test.verify(() -> {
          List<Outcome> failures = outcomes.stream().filter(o -> !o.ok()).toList();
          // Exactly the threshold reaches clients (no retries in this policy), then nothing more.
          assertThat(failures).hasSize(5).allSatisfy(o -> assertThat(o.error().code()).isEqualTo(ErrorCode.INTERNAL));
          int lastFailure = outcomes.indexOf(failures.get(4));
          assertThat(outcomes.subList(lastFailure + 1, outcomes.size())).allSatisfy(o -> assertThat(o.ok()).isTrue());
          assertThat(bad.result().received()).isEqualTo(5);
          assertThat(count(outcomes, "good-1") + count(outcomes, "good-2")).isEqualTo(85);
          JsonObject circuit = MeshTesting.instanceStats(mesh, "bad").getJsonObject("circuit");
          assertThat(circuit.getString("state")).isEqualTo("OPEN");
          assertThat(transitions(mesh, "bad")).singleElement().satisfies(t -> {
            assertThat(t.getString("from")).isEqualTo("CLOSED");
            assertThat(t.getString("to")).isEqualTo("OPEN");
            assertThat(t.getString("at")).isNotBlank();
          });
          assertThat(MeshTesting.instanceStats(mesh, "good-1").getJsonObject("circuit").getString("state"))
              .isEqualTo("CLOSED");
          test.completeNow();
        })));
  }

  @Test
  void halfOpenProbeClosesTheCircuitOnceTheInstanceHeals(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshClient mesh = new MeshClient(vertx, directory, breaker(3, 150, 2_000));
    Future<FakeInstance> bad = FakeInstance.deploy(vertx, directory, "bad", "1.0.0", 100);
    Future.all(bad, FakeInstance.deploy(vertx, directory, "good", "1.0.0", 100))
        .compose(v -> {
          bad.result().mode(Mode.FAIL);
          return MeshTesting.sequential(mesh, 6);
        })
        .compose(outcomes -> {
          test.verify(() -> assertThat(MeshTesting.instanceStats(mesh, "bad").getJsonObject("circuit")
              .getString("state")).isEqualTo("OPEN"));
          bad.result().mode(Mode.ANSWER);
          // Keep calling until a call reaches the healed instance: that is the half-open probe.
          return MeshTesting.until(vertx, Duration.ofSeconds(5), "the circuit to close again", () -> {
            MeshTesting.get(mesh, MeshTesting.ANONYMOUS);
            return "CLOSED".equals(MeshTesting.instanceStats(mesh, "bad").getJsonObject("circuit").getString("state"));
          });
        })
        .onComplete(test.succeeding(v -> test.verify(() -> {
          assertThat(transitions(mesh, "bad")).extracting(t -> t.getString("from") + "->" + t.getString("to"))
              .containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED");
          assertThat(bad.result().received()).isGreaterThan(3);
          test.completeNow();
        })));
  }

  @Test
  void halfOpenProbeThatFailsOpensTheCircuitAgain(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshClient mesh = new MeshClient(vertx, directory, breaker(2, 100, 2_000));
    Future<FakeInstance> bad = FakeInstance.deploy(vertx, directory, "bad", "1.0.0", 100);
    Future.all(bad, FakeInstance.deploy(vertx, directory, "good", "1.0.0", 100))
        .compose(v -> {
          bad.result().mode(Mode.FAIL);
          return MeshTesting.sequential(mesh, 4);
        })
        .compose(outcomes -> MeshTesting.until(vertx, Duration.ofSeconds(5), "a failed half-open probe", () -> {
          MeshTesting.get(mesh, MeshTesting.ANONYMOUS);
          return transitions(mesh, "bad").size() >= 3;
        }))
        .onComplete(test.succeeding(v -> test.verify(() -> {
          assertThat(transitions(mesh, "bad")).extracting(t -> t.getString("from") + "->" + t.getString("to"))
              .startsWith("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->OPEN");
          // Threshold (2) plus one probe per half-open period: never a burst into a failing instance.
          long opened = MeshTesting.instanceStats(mesh, "bad").getJsonObject("circuit").getLong("timesOpened");
          assertThat(bad.result().received()).isLessThanOrEqualTo(2 + (int) opened);
          test.completeNow();
        })));
  }

  @Test
  void answersSuchAsNotFoundNeverTripTheBreakerNorGetRetried(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshSettings settings = MeshTesting.withProductPolicy(breaker(3, 60_000, 2_000),
        p -> p.withRetry(new RetrySettings(3, 0, 0, 100)));
    MeshClient mesh = new MeshClient(vertx, directory, settings);
    Future<FakeInstance> answering = FakeInstance.deploy(vertx, directory, "a", "1.0.0", 100);
    answering.compose(a -> {
      a.mode(Mode.NOT_FOUND);
      return MeshTesting.sequential(mesh, 50);
    }).onComplete(test.succeeding(outcomes -> test.verify(() -> {
      assertThat(outcomes).allSatisfy(o -> assertThat(o.error().code()).isEqualTo(ErrorCode.NOT_FOUND));
      assertThat(answering.result().received()).isEqualTo(50);
      JsonObject stats = MeshTesting.instanceStats(mesh, "a");
      assertThat(stats.getJsonObject("circuit").getString("state")).isEqualTo("CLOSED");
      assertThat(stats.getLong("failures")).isZero();
      assertThat(stats.getLong("retries")).isZero();
      test.completeNow();
    })));
  }

  @Test
  void everyInstanceDownFailsFastWithUnavailable(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshClient mesh = new MeshClient(vertx, directory, breaker(2, 60_000, 2_000));
    Future<FakeInstance> a = FakeInstance.deploy(vertx, directory, "a", "1.0.0", 100);
    Future<FakeInstance> b = FakeInstance.deploy(vertx, directory, "b", "1.0.0", 100);
    Future.all(a, b)
        .compose(v -> {
          a.result().mode(Mode.FAIL);
          b.result().mode(Mode.FAIL);
          return MeshTesting.sequential(mesh, 4);
        })
        .compose(opening -> MeshTesting.sequential(mesh, 20))
        .onComplete(test.succeeding(outcomes -> test.verify(() -> {
          assertThat(outcomes).allSatisfy(o -> {
            assertThat(o.error().code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(o.millis()).isLessThan(50);
          });
          assertThat(outcomes.get(0).error().error().message()).contains("circuit open");
          assertThat(a.result().received() + b.result().received()).isEqualTo(4);
          assertThat(MeshTesting.productStats(mesh).getJsonObject("totals").getLong("noInstanceAvailable"))
              .isEqualTo(20);
          test.completeNow();
        })));
  }

  @Test
  void stalledInstancesNeverMakeACallWaitPastItsTimeout(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshSettings settings = MeshTesting.withProductPolicy(breaker(2, 60_000, 200),
        p -> p.withRetry(new RetrySettings(3, 10, 50, 100)));
    MeshClient mesh = new MeshClient(vertx, directory, settings);
    Future<FakeInstance> a = FakeInstance.deploy(vertx, directory, "a", "1.0.0", 100);
    Future<FakeInstance> b = FakeInstance.deploy(vertx, directory, "b", "1.0.0", 100);
    Future.all(a, b)
        .compose(v -> {
          a.result().mode(Mode.STALL);
          b.result().mode(Mode.STALL);
          return MeshTesting.batched(mesh, 12, 3, i -> MeshTesting.ANONYMOUS);
        })
        .onComplete(test.succeeding(outcomes -> test.verify(() -> {
          // A call that waited past its timeout for a retry would take at least two timeouts (400 ms); the
          // rest of the bound is room for a loaded machine's scheduling.
          assertThat(outcomes).allSatisfy(o -> {
            assertThat(o.error().code()).isIn(ErrorCode.TIMEOUT, ErrorCode.UNAVAILABLE);
            assertThat(o.millis()).as("elapsed ms").isLessThan(200 + 180);
          });
          // Once both circuits opened, calls fail at once (not after the 200 ms timeout).
          Outcome last = outcomes.get(outcomes.size() - 1);
          assertThat(last.error().code()).isEqualTo(ErrorCode.UNAVAILABLE);
          assertThat(last.millis()).isLessThan(100);
          a.result().release();
          b.result().release();
          test.completeNow();
        })));
  }

  @Test
  void perActionTimeoutOverridesTheServiceTimeout(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshSettings settings = MeshTesting.withProductPolicy(MeshTesting.quiet(Strategy.ROUND_ROBIN),
        p -> p.withTimeouts(10_000, Map.of("product.get", 150)));
    MeshClient mesh = new MeshClient(vertx, directory, settings);
    FakeInstance.deploy(vertx, directory, "slow", "1.0.0", 100)
        .compose(slow -> {
          slow.slow(2_000);
          return MeshTesting.get(mesh, MeshTesting.ANONYMOUS);
        })
        .onComplete(test.succeeding(outcome -> test.verify(() -> {
          assertThat(outcome.error().code()).isEqualTo(ErrorCode.TIMEOUT);
          assertThat(outcome.millis()).isBetween(140L, 400L);
          test.completeNow();
        })));
  }

  @Test
  void breakerSettingsChangedAtRunTimeKeepAnOpenCircuitOpen(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    MeshClient mesh = new MeshClient(vertx, directory, breaker(2, 60_000, 2_000));
    Future<FakeInstance> bad = FakeInstance.deploy(vertx, directory, "bad", "1.0.0", 100);
    Future.all(bad, FakeInstance.deploy(vertx, directory, "good", "1.0.0", 100))
        .compose(v -> {
          bad.result().mode(Mode.FAIL);
          return MeshTesting.sequential(mesh, 4);
        })
        .compose(v -> mesh.updatePolicy(io.emporium.contract.ServiceName.PRODUCT,
            new JsonObject().put("breaker", new JsonObject().put("failureThreshold", 7).put("resetTimeoutMs", 100))))
        .compose(revision -> {
          test.verify(() -> assertThat(MeshTesting.instanceStats(mesh, "bad").getJsonObject("circuit")
              .getString("state")).isEqualTo("OPEN"));
          return MeshTesting.until(vertx, Duration.ofSeconds(3), "half-open after the new, shorter reset timeout",
              () -> "HALF_OPEN".equals(MeshTesting.instanceStats(mesh, "bad").getJsonObject("circuit")
                  .getString("state")));
        })
        .onComplete(test.succeedingThenComplete());
  }
}
