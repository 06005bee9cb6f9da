package io.emporium.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.Addresses;
import io.emporium.contract.ServiceName;
import io.emporium.gateway.GatewayVerticle;
import io.emporium.platform.config.ConfigKey;
import io.emporium.platform.config.TestConfigs;
import io.emporium.platform.discovery.ServiceInstance;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Stopping the gateway lets a request in flight finish, then refuses new connections. */
@ExtendWith(VertxExtension.class)
class GracefulShutdownTest {

  @Test
  void requestInFlightCompletesWhileTheGatewayStops(Vertx vertx, VertxTestContext test) {
    var config = TestConfigs.with(Map.of(ConfigKey.HTTP_PORT, "0", ConfigKey.SHUTDOWN_DRAIN_MS, "5000"));
    String productId = UUID.randomUUID().toString();
    ServiceInstance slow = ServiceInstance.create(ServiceName.PRODUCT, "slow", "1.0.0", 100, InJvmSystem.NODE);
    // A product instance that takes 600 ms to answer.
    vertx.eventBus().<JsonObject>consumer(Addresses.instance(ServiceName.PRODUCT, "slow"),
        message -> vertx.setTimer(600, t -> message.reply(new JsonObject().put("id", productId))));
    WebClient client = WebClient.create(vertx);
    InJvmSystem.start(vertx, config).compose(system -> system.registry.publish(slow).compose(v -> {
      GatewayVerticle gateway = new GatewayVerticle(config, system.registry.directory());
      return vertx.deployVerticle(gateway).map(id -> Map.entry(id, gateway.actualPort()));
    })).onComplete(test.succeeding(deployed -> {
      int port = deployed.getValue();
      var inFlight = client.get(port, "127.0.0.1", "/api/products/" + productId).send();
      vertx.setTimer(150, t -> vertx.undeploy(deployed.getKey())
          .compose(v -> inFlight)
          .onComplete(test.succeeding(response -> test.verify(() -> {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.bodyAsJsonObject().getString("id")).isEqualTo(productId);
          })))
          .compose(v -> WebClient.create(vertx).get(port, "127.0.0.1", "/api/health").send())
          .onComplete(test.failing(refused -> test.completeNow())));
    }));
  }
}
