package io.emporium.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.platform.config.ConfigKey;
import io.emporium.platform.config.TestConfigs;
import io.emporium.product.domain.NewProduct;
import io.emporium.product.domain.Product;
import io.emporium.product.store.ProductRepository;
import io.emporium.user.store.InMemoryUserRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /api/products/:id} through every layer: HTTP, gateway, discovery, event bus, product
 * verticle, repository. Runs once per store.
 */
@ExtendWith(VertxExtension.class)
abstract class ProductRequestThroughEveryLayerContract {
  private WebClient client;
  private int port;
  private Product stored;

  /** The store under test, ready and empty. */
  abstract Future<ProductRepository> repository(Vertx vertx);

  @BeforeEach
  void start(Vertx vertx, VertxTestContext test) {
    client = WebClient.create(vertx);
    repository(vertx).compose(repository -> repository.create(new NewProduct("SKU-" + UUID.randomUUID(), "Espresso cup",
            "Porcelain, 90 ml", new BigDecimal("12.90"), "EUR", "kitchen", List.of("cup", "coffee"),
            new JsonObject().put("colour", "white"), false, 25))
        .compose(product -> {
          stored = product;
          return InJvmSystem.start(vertx, TestConfigs.with(Map.of(ConfigKey.HTTP_PORT, "0")))
              .compose(system -> system.deployProducts(repository, 1)
                  .compose(id -> system.deployUsers(new InMemoryUserRepository()))
                  .compose(id -> system.deployGateway()));
        }))
        .onComplete(test.succeeding(p -> {
          port = p;
          test.completeNow();
        }));
  }

  private Future<HttpResponse<Buffer>> get(String path) {
    return client.get(port, "127.0.0.1", path).send();
  }

  @Test
  void storedProductIsServedWithExactPrice(VertxTestContext test) {
    get("/api/products/" + stored.id()).onComplete(test.succeeding(response -> test.verify(() -> {
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
      JsonObject body = response.bodyAsJsonObject();
      assertThat(body.getString("id")).isEqualTo(stored.id().toString());
      assertThat(body.getString("name")).isEqualTo("Espresso cup");
      assertThat(body.getJsonObject("price")).isEqualTo(new JsonObject().put("amount", "12.90").put("currency", "EUR"));
      assertThat(body.getInteger("stock")).isEqualTo(25);
      assertThat(response.getHeader("X-Request-Id")).isNotBlank();
      test.completeNow();
    })));
  }

  @Test
  void unknownIdIsNotFoundProblem(VertxTestContext test) {
    get("/api/products/" + UUID.randomUUID()).onComplete(test.succeeding(response -> test.verify(() -> {
      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
      JsonObject problem = response.bodyAsJsonObject();
      assertThat(problem.getString("code")).isEqualTo("NOT_FOUND");
      assertThat(problem.getInteger("status")).isEqualTo(404);
      assertThat(problem.getString("requestId")).isEqualTo(response.getHeader("X-Request-Id"));
      test.completeNow();
    })));
  }

  @Test
  void malformedIdIsValidationProblemNamingTheField(VertxTestContext test) {
    get("/api/products/12345").onComplete(test.succeeding(response -> test.verify(() -> {
      assertThat(response.statusCode()).isEqualTo(400);
      JsonObject problem = response.bodyAsJsonObject();
      assertThat(problem.getString("code")).isEqualTo("VALIDATION");
      assertThat(problem.getString("field")).isEqualTo("id");
      test.completeNow();
    })));
  }

  @Test
  void clientRequestIdIsKeptWhenSafeAndReplacedWhenNot(VertxTestContext test) {
    client.get(port, "127.0.0.1", "/api/products/" + stored.id()).putHeader("X-Request-Id", "trace-42").send()
        .compose(kept -> {
          test.verify(() -> assertThat(kept.getHeader("X-Request-Id")).isEqualTo("trace-42"));
          return client.get(port, "127.0.0.1", "/api/products/" + stored.id())
              .putHeader("X-Request-Id", "evil id with spaces; and a very long tail ".repeat(3)).send();
        })
        .onComplete(test.succeeding(replaced -> test.verify(() -> {
          assertThat(replaced.getHeader("X-Request-Id")).doesNotContain(" ").hasSize(36);
          test.completeNow();
        })));
  }
}
