package io.emporium.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.gateway.HealthProbes;
import io.emporium.platform.config.ConfigKey;
import io.emporium.platform.config.EmporiumConfig;
import io.emporium.platform.config.TestConfigs;
import io.emporium.product.store.InMemoryProductRepository;
import io.emporium.user.store.InMemoryUserRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /api/health/live} and {@code /api/health/ready}: unauthenticated, no detail in the body,
 * ready only when the JVM's checks hold, and not ready from the moment graceful shutdown starts.
 */
@ExtendWith(VertxExtension.class)
class HealthProbesTest {
  private static final JsonObject UP = new JsonObject().put("status", "UP");
  private static final JsonObject READY = new JsonObject().put("status", "READY");
  private static final JsonObject NOT_READY = new JsonObject().put("status", "NOT_READY");

  private static EmporiumConfig config() {
    return TestConfigs.with(Map.of(ConfigKey.HTTP_PORT, "0", ConfigKey.HEALTH_TIMEOUT_MS, "500",
        ConfigKey.HTTP_HOST, "127.0.0.1"));
  }

  private static Future<HttpResponse<Buffer>> get(Vertx vertx, int port, String path) {
    // A bogus token must not matter: the probes sit before authentication.
    return WebClient.create(vertx).get(port, "127.0.0.1", path).putHeader("Authorization", "Bearer nonsense").send();
  }

  @Test
  void liveAndReadyAnswerWithoutATokenWhenEveryServiceIsDiscovered(Vertx vertx, VertxTestContext test) {
    InJvmSystem.start(vertx, config())
        .compose(system -> system.deployProducts(new InMemoryProductRepository(), 1)
            .compose(id -> system.deployUsers(new InMemoryUserRepository()))
            .compose(id -> system.deployGateway()))
        .compose(port -> Future.all(get(vertx, port, HealthProbes.LIVE_PATH), get(vertx, port, HealthProbes.READY_PATH)))
        .onComplete(test.succeeding(both -> test.verify(() -> {
          HttpResponse<Buffer> live = both.resultAt(0);
          HttpResponse<Buffer> ready = both.resultAt(1);
          assertThat(live.statusCode()).isEqualTo(200);
          assertThat(live.bodyAsJsonObject()).isEqualTo(UP);
          assertThat(live.getHeader("Cache-Control")).isEqualTo("no-store");
          assertThat(ready.statusCode()).isEqualTo(200);
          assertThat(ready.bodyAsJsonObject()).isEqualTo(READY);
          test.completeNow();
        })));
  }

  @Test
  void aGatewayWithoutTheProductServiceIsLiveButNotReadyAndSaysNothingMore(Vertx vertx, VertxTestContext test) {
    InJvmSystem.start(vertx, config())
        .compose(system -> system.deployUsers(new InMemoryUserRepository()).compose(id -> system.deployGateway()))
        .compose(port -> Future.all(get(vertx, port, HealthProbes.LIVE_PATH), get(vertx, port, HealthProbes.READY_PATH)))
        .onComplete(test.succeeding(both -> test.verify(() -> {
          HttpResponse<Buffer> live = both.resultAt(0);
          HttpResponse<Buffer> ready = both.resultAt(1);
          assertThat(live.statusCode()).isEqualTo(200);
          assertThat(ready.statusCode()).isEqualTo(503);
          assertThat(ready.bodyAsJsonObject()).isEqualTo(NOT_READY);
          test.completeNow();
        })));
  }

  @Test
  void theWholeJvmTurnsNotReadyWhenShutdownStartsAndIsReadyBefore(Vertx vertx, VertxTestContext test) {
    EmporiumSystem.start(config()).onComplete(test.succeeding(system -> {
      int port = system.httpPort().orElseThrow();
      get(system.vertx(), port, HealthProbes.READY_PATH)
          .compose(before -> {
            test.verify(() -> assertThat(before.statusCode()).as(before.bodyAsString()).isEqualTo(200));
            system.readiness().startDraining();
            return get(system.vertx(), port, HealthProbes.READY_PATH);
          })
          .compose(during -> {
            test.verify(() -> {
              assertThat(during.statusCode()).isEqualTo(503);
              assertThat(during.bodyAsJsonObject()).isEqualTo(NOT_READY);
            });
            return get(system.vertx(), port, HealthProbes.LIVE_PATH);
          })
          .onComplete(test.succeeding(live -> {
            test.verify(() -> assertThat(live.statusCode()).isEqualTo(200));
            system.stop().onComplete(test.succeedingThenComplete());
          }));
    }));
  }

  @Test
  void aServiceOnlyJvmAnswersTheProbesOnItsManagementPort(Vertx vertx, VertxTestContext test) throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    EmporiumConfig config = TestConfigs.with(Map.of(ConfigKey.ROLES, "product", ConfigKey.MANAGEMENT_PORT,
        Integer.toString(port), ConfigKey.HTTP_HOST, "127.0.0.1", ConfigKey.HEALTH_TIMEOUT_MS, "500"));
    EmporiumSystem.start(config).onComplete(test.succeeding(system -> {
      test.verify(() -> assertThat(system.httpPort()).isEmpty());
      Future.all(get(vertx, port, HealthProbes.LIVE_PATH), get(vertx, port, HealthProbes.READY_PATH))
          .onComplete(test.succeeding(both -> {
            test.verify(() -> {
              HttpResponse<Buffer> live = both.resultAt(0);
              HttpResponse<Buffer> ready = both.resultAt(1);
              assertThat(live.statusCode()).isEqualTo(200);
              assertThat(ready.statusCode()).as(ready.bodyAsString()).isEqualTo(200);
              assertThat(ready.bodyAsJsonObject()).isEqualTo(READY);
            });
            system.stop().onComplete(test.succeedingThenComplete());
          }));
    }));
  }

  @Test
  void stoppingTheSystemFlipsReadinessBeforeAnythingCloses(Vertx vertx, VertxTestContext test) {
    EmporiumSystem.start(config()).onComplete(test.succeeding(system -> {
      Future<Void> stopped = system.stop();
      test.verify(() -> assertThat(system.readiness().draining()).isTrue());
      stopped.onComplete(test.succeedingThenComplete());
    }));
  }
}
