package io.emporium.gateway.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.gateway.GatewayVerticle;
import io.emporium.platform.config.ConfigKey;
import io.emporium.platform.config.TestConfigs;
import io.emporium.platform.discovery.ServiceDirectory;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The OpenAPI document and the router agree route for route (both ways), every route but the probes is
 * checked against its operation, and the document and /docs are served offline.
 */
@ExtendWith(VertxExtension.class)
class ApiDocsTest {

  @Test
  void everyRouteOfTheRouterIsInTheDocumentAndEveryOperationOfTheDocumentIsARoute(Vertx vertx, VertxTestContext test) {
    GatewayVerticle gateway = new GatewayVerticle(TestConfigs.with(Map.of(ConfigKey.HTTP_PORT, "0")), new ServiceDirectory());
    vertx.deployVerticle(gateway).onComplete(test.succeeding(id -> test.verify(() -> {
      assertThat(gateway.routeSignatures()).isNotEmpty();
      assertThat(ApiDocs.load().operations()).containsExactlyInAnyOrderElementsOf(gateway.routeSignatures());
      test.completeNow();
    })));
  }

  /** Probes and monitoring stay outside the contract check: orchestrators and Prometheus poll them bare. */
  private static final List<String> NOT_VALIDATED = List.of("GET /api/health", "GET /api/health/live",
      "GET /api/health/ready", "GET /metrics", "GET /api/metrics/summary");

  @Test
  void everyOtherRouteIsValidatedAgainstItsOperation(Vertx vertx, VertxTestContext test) {
    GatewayVerticle gateway = new GatewayVerticle(TestConfigs.with(Map.of(ConfigKey.HTTP_PORT, "0")), new ServiceDirectory());
    vertx.deployVerticle(gateway).onComplete(test.succeeding(id -> test.verify(() -> {
      assertThat(gateway.routeSignatures()).containsAll(NOT_VALIDATED);
      assertThat(gateway.validatedRouteSignatures()).containsExactlyInAnyOrderElementsOf(
          gateway.routeSignatures().stream().filter(route -> !NOT_VALIDATED.contains(route)).toList());
      test.completeNow();
    })));
  }

  @Test
  void theDocumentAndTheInteractiveDocsAreServedByTheGatewayItself(Vertx vertx, VertxTestContext test) {
    GatewayVerticle gateway = new GatewayVerticle(TestConfigs.with(Map.of(ConfigKey.HTTP_PORT, "0")), new ServiceDirectory());
    WebClient client = WebClient.create(vertx);
    vertx.deployVerticle(gateway)
        .compose(id -> client.get(gateway.actualPort(), "127.0.0.1", "/openapi.json").send())
        .compose(document -> {
          test.verify(() -> {
            assertThat(document.statusCode()).isEqualTo(200);
            JsonObject json = document.bodyAsJsonObject();
            assertThat(json.getString("openapi")).startsWith("3.");
            assertThat(json.getJsonObject("paths").containsKey("/api/products/{id}")).isTrue();
          });
          return client.get(gateway.actualPort(), "127.0.0.1", "/docs/").send();
        })
        .compose(page -> {
          test.verify(() -> {
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.bodyAsString()).contains("swagger-ui-bundle.js");
            assertThat(page.getHeader("Content-Security-Policy")).contains("script-src 'self'")
                .doesNotContain("unsafe-eval");
          });
          return client.get(gateway.actualPort(), "127.0.0.1", "/docs/swagger-ui-bundle.js").send();
        })
        .onComplete(test.succeeding(script -> test.verify(() -> {
          assertThat(script.statusCode()).isEqualTo(200);
          assertThat(script.bodyAsBuffer().length()).isGreaterThan(100_000);
          assertThat(script.getHeader("Content-Security-Policy")).contains("default-src 'none'");
          test.completeNow();
        })));
  }
}
