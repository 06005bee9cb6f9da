package io.emporium.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.platform.config.ConfigKey;
import io.emporium.platform.config.EmporiumConfig;
import io.emporium.platform.config.TestConfigs;
import io.emporium.platform.persistence.PgPools;
import io.emporium.platform.testing.TestDatabase;
import io.emporium.product.store.InMemoryProductRepository;
import io.emporium.product.store.PgProductRepository;
import io.emporium.user.store.InMemoryUserRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code GET /api/health}: 200 only when the bus, every service (with its database) and Redis answer. */
@ExtendWith(VertxExtension.class)
class HealthEndpointTest {
  static final String REDIS_URL = Optional.ofNullable(System.getenv("EMPORIUM_TEST_REDIS_URL"))
      .orElse("redis://127.0.0.1:6379");

  private static EmporiumConfig config(Map<ConfigKey, String> extra) {
    Map<ConfigKey, String> overrides = new HashMap<>(extra);
    overrides.put(ConfigKey.HTTP_PORT, "0");
    overrides.put(ConfigKey.HEALTH_TIMEOUT_MS, "500");
    return TestConfigs.with(overrides);
  }

  private Future<JsonObject> health(Vertx vertx, int port, int expectedStatus, VertxTestContext test) {
    return WebClient.create(vertx).get(port, "127.0.0.1", "/api/health").send().map(response -> {
      test.verify(() -> assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(expectedStatus));
      return response.bodyAsJsonObject();
    });
  }

  @Test
  void everythingUpIs200WithEachSubsystem(Vertx vertx, VertxTestContext test) {
    InJvmSystem.start(vertx, config(Map.of()))
        .compose(system -> system.deployProducts(new InMemoryProductRepository(), 2)
            .compose(id -> system.deployUsers(new InMemoryUserRepository()))
            .compose(id -> system.deployOrders())
            .compose(id -> system.deployGateway()))
        .compose(port -> health(vertx, port, 200, test))
        .onComplete(test.succeeding(report -> test.verify(() -> {
          assertThat(report.getString("status")).isEqualTo("UP");
          JsonObject checks = report.getJsonObject("checks");
          assertThat(checks.getJsonObject("eventBus").getString("status")).isEqualTo("UP");
          assertThat(checks.getJsonObject("product").getInteger("instances")).isEqualTo(2);
          assertThat(checks.getJsonObject("product").getInteger("healthy")).isEqualTo(2);
          assertThat(checks.getJsonObject("user").getString("store")).isEqualTo("memory");
          assertThat(checks.getJsonObject("order").getString("status")).isEqualTo("UP");
          assertThat(checks.containsKey("redis")).isFalse();
          test.completeNow();
        })));
  }

  @Test
  void missingServiceIs503(Vertx vertx, VertxTestContext test) {
    InJvmSystem.start(vertx, config(Map.of()))
        .compose(system -> system.deployUsers(new InMemoryUserRepository()).compose(id -> system.deployGateway()))
        .compose(port -> health(vertx, port, 503, test))
        .onComplete(test.succeeding(report -> test.verify(() -> {
          assertThat(report.getString("status")).isEqualTo("DOWN");
          JsonObject product = report.getJsonObject("checks").getJsonObject("product");
          assertThat(product.getString("status")).isEqualTo("DOWN");
          assertThat(product.getInteger("instances")).isZero();
          assertThat(report.getJsonObject("checks").getJsonObject("user").getString("status")).isEqualTo("UP");
          test.completeNow();
        })));
  }

  @Test
  void unreachableDatabaseIs503(Vertx vertx, VertxTestContext test) {
    EmporiumConfig.PgSettings real = TestDatabase.settings();
    EmporiumConfig.PgSettings nowhere = new EmporiumConfig.PgSettings("127.0.0.1", 1, real.database(), real.user(),
        real.password(), 1, 300);
    PgProductRepository broken = new PgProductRepository(vertx, PgPools.create(vertx, nowhere, "broken"), 300);
    InJvmSystem.start(vertx, config(Map.of()))
        .compose(system -> system.deployProducts(broken, 1)
            .compose(id -> system.deployUsers(new InMemoryUserRepository()))
            .compose(id -> system.deployGateway()))
        .compose(port -> health(vertx, port, 503, test))
        .onComplete(test.succeeding(report -> test.verify(() -> {
          JsonObject product = report.getJsonObject("checks").getJsonObject("product");
          assertThat(product.getString("database")).isEqualTo("DOWN");
          assertThat(product.getString("store")).isEqualTo("postgres");
          assertThat(product.getString("status")).isEqualTo("DOWN");
          test.completeNow();
        })));
  }

  @Test
  void configuredRedisIsReportedUp(Vertx vertx, VertxTestContext test) {
    InJvmSystem.start(vertx, config(Map.of(ConfigKey.REDIS_URL, REDIS_URL)))
        .compose(system -> system.deployProducts(new InMemoryProductRepository(), 1)
            .compose(id -> system.deployUsers(new InMemoryUserRepository()))
            .compose(id -> system.deployOrders())
            .compose(id -> system.deployGateway()))
        .compose(port -> health(vertx, port, 200, test))
        .onComplete(test.succeeding(report -> test.verify(() -> {
          assertThat(report.getJsonObject("checks").getJsonObject("redis").getString("status")).isEqualTo("UP");
          test.completeNow();
        })));
  }

  @Test
  void unreachableRedisIs503AndTheReportDoesNotHang(Vertx vertx, VertxTestContext test) {
    long started = System.nanoTime();
    InJvmSystem.start(vertx, config(Map.of(ConfigKey.REDIS_URL, "redis://127.0.0.1:1")))
        .compose(system -> system.deployProducts(new InMemoryProductRepository(), 1)
            .compose(id -> system.deployUsers(new InMemoryUserRepository()))
            .compose(id -> system.deployGateway()))
        .compose(port -> health(vertx, port, 503, test))
        .onComplete(test.succeeding(report -> test.verify(() -> {
          assertThat(report.getJsonObject("checks").getJsonObject("redis").getString("status")).isEqualTo("DOWN");
          assertThat(report.getJsonObject("checks").getJsonObject("product").getString("status")).isEqualTo("UP");
          // Bounded by the 500 ms probe deadline, not by Redis' own connect timeout.
          assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
          test.completeNow();
        })));
  }
}
