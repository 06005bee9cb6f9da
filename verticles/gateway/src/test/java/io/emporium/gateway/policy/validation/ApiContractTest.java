package io.emporium.gateway.policy.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emporium.gateway.docs.ApiDocs;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Loading the contract: the bundled document loads; a broken one, or a route it lacks, stops the start. */
@ExtendWith(VertxExtension.class)
class ApiContractTest {

  @Test
  void theBundledDocumentLoadsAndEveryRouteFindsItsOperation(Vertx vertx, VertxTestContext test) {
    ApiContract.load(vertx, ApiDocs.load().document()).onComplete(test.succeeding(contract -> test.verify(() -> {
      assertThat(contract.validation(HttpMethod.GET, "/api/products/:id")).isInstanceOf(ContractValidation.class);
      assertThat(contract.validation(HttpMethod.PUT, "/api/admin/mesh/services/:name/policy")).isNotNull();
      assertThat(contract.validatedRoutes()).containsExactly("GET /api/products/{id}",
          "PUT /api/admin/mesh/services/{name}/policy");
      test.completeNow();
    })));
  }

  @Test
  void aDocumentThatDoesNotLoadFailsNamingTheDocument(Vertx vertx, VertxTestContext test) {
    JsonObject broken = ApiDocs.load().document();
    broken.getJsonObject("paths").getJsonObject("/api/products/{id}").getJsonObject("get")
        .put("parameters", "not a list");
    ApiContract.load(vertx, broken).onComplete(test.failing(e -> test.verify(() -> {
      assertThat(e).isInstanceOf(IllegalStateException.class);
      assertThat(e.getMessage()).startsWith("the OpenAPI document openapi/emporium.json does not load");
      test.completeNow();
    })));
  }

  @Test
  void aRouteWithoutAnOperationFailsTheStart(Vertx vertx, VertxTestContext test) {
    ApiContract.load(vertx, ApiDocs.load().document()).onComplete(test.succeeding(contract -> test.verify(() -> {
      assertThatThrownBy(() -> contract.validation(HttpMethod.GET, "/api/wishlists/:id"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("the route GET /api/wishlists/{id} has no operation in openapi/emporium.json");
      assertThatThrownBy(() -> contract.validation(HttpMethod.PATCH, "/api/products/:id"))
          .isInstanceOf(IllegalStateException.class);
      test.completeNow();
    })));
  }

  @Test
  void vertxOpenApiGetsTheDocumentWithoutTheResponseMediaTypesItCannotLoad() {
    JsonObject document = ApiDocs.load().document();
    JsonObject copy = ApiContract.forValidation(document);
    JsonObject notFound = copy.getJsonObject("components").getJsonObject("responses").getJsonObject("NotFound");
    assertThat(notFound.getJsonObject("content").fieldNames()).isEmpty();
    JsonObject ok = copy.getJsonObject("paths").getJsonObject("/api/products/{id}").getJsonObject("get")
        .getJsonObject("responses").getJsonObject("200");
    assertThat(ok.getJsonObject("content").fieldNames()).containsExactly("application/json");
    assertThat(document.getJsonObject("components").getJsonObject("responses").getJsonObject("NotFound")
        .getJsonObject("content").fieldNames()).as("the served document is unchanged")
        .containsExactly("application/problem+json");
  }

  /** vertx-openapi 5.0.x refuses a relative server URL; the served document keeps its own ("/"). */
  @Test
  void vertxOpenApiGetsTheDocumentWithoutItsRelativeServer() {
    JsonObject document = ApiDocs.load().document();
    assertThat(document.getJsonArray("servers").getJsonObject(0).getString("url")).isEqualTo("/");
    assertThat(ApiContract.forValidation(document).containsKey("servers")).isFalse();
    assertThat(document.containsKey("servers")).as("the served document is unchanged").isTrue();
  }
}
