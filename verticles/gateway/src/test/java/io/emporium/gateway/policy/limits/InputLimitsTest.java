package io.emporium.gateway.policy.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.gateway.testing.GatewayFixture;
import io.emporium.platform.config.ConfigKey;
import io.emporium.testkit.Http.Reply;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Input limits over real HTTP: each bad request gets its 4xx problem naming the field, and no service sees it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InputLimitsTest {
  private GatewayFixture gateway;
  private String admin;

  @BeforeAll
  void start() {
    gateway = GatewayFixture.start(Map.of(ConfigKey.HTTP_MAX_URL_LENGTH, "1024", ConfigKey.HTTP_MAX_HEADER_BYTES, "4096",
        ConfigKey.HTTP_MAX_JSON_DEPTH, "8", ConfigKey.HTTP_MAX_STRING_LENGTH, "300"));
    admin = gateway.admin();
  }

  @AfterAll
  void stop() throws Exception {
    gateway.close();
  }

  private void assertRefusedBeforeAnyService(Supplier<Reply> request, int status, String code, String field) {
    long before = gateway.serviceCalls();
    Reply reply = request.get();
    assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
    assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(reply.json().getString("code")).as(reply.toString()).isEqualTo(code);
    assertThat(reply.json().getString("field")).as(reply.toString()).isEqualTo(field);
    assertThat(gateway.serviceCalls()).as("calls that reached a service").isEqualTo(before);
  }

  private static String nested(int depth) {
    return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
  }

  @Test
  void aTooLongUrlIs414() {
    assertRefusedBeforeAnyService(() -> gateway.get("/api/products?tag=" + "x".repeat(1100)), 414, "URI_TOO_LONG", "url");
  }

  @Test
  void tooLargeHeadersAre431() {
    assertRefusedBeforeAnyService(() -> gateway.send("GET", "/api/categories", null, null,
        Map.of("X-Padding", "p".repeat(5000))), 431, "HEADERS_TOO_LARGE", "headers");
  }

  @Test
  void jsonNestedDeeperThanTheLimitIs400NamingTheBody() {
    JsonObject product = new JsonObject().put("sku", "DEEP-1").put("name", "Deep").put("price", "1.00")
        .put("currency", "EUR");
    String body = product.encode().replaceFirst("\\}$", ",\"attributes\":" + nested(10) + "}");
    assertRefusedBeforeAnyService(() -> gateway.send("POST", "/api/admin/products", body, admin), 400, "VALIDATION",
        "body");
    // a hostile body of a hundred thousand brackets is a linear scan, not a stack overflow
    assertRefusedBeforeAnyService(() -> gateway.send("POST", "/api/auth/login", "[".repeat(100_000), null), 400,
        "VALIDATION", "body");
  }

  @Test
  void aTooLongStringIs400NamingTheField() {
    JsonObject body = new JsonObject().put("items", new io.vertx.core.json.JsonArray()
        .add(new JsonObject().put("op", "create").put("name", "n".repeat(301))));
    assertRefusedBeforeAnyService(() -> gateway.send("POST", "/api/admin/products/bulk", body, admin), 400,
        "VALIDATION", "items[0].name");
    assertRefusedBeforeAnyService(() -> gateway.get("/api/products?tag=" + "t".repeat(301)), 400, "VALIDATION",
        "tag");
  }

  @Test
  void controlCharactersAreRefusedNamingTheField() {
    JsonObject body = new JsonObject().put("email", "a@example.org").put("password", "correct horse battery")
        .put("name", "Ada\u0007");
    assertRefusedBeforeAnyService(() -> gateway.send("POST", "/api/auth/register", body, null), 400, "VALIDATION",
        "name");
    assertRefusedBeforeAnyService(() -> gateway.get("/api/products?tag=a%00b"), 400, "VALIDATION", "tag");
  }

  @Test
  void textIsTrimmedAndNfcNormalisedOnItsWay() {
    String category = "nfc-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    Reply created = gateway.send("POST", "/api/admin/categories",
        new JsonObject().put("slug", category).put("name", "  Cafe\u0301 "), admin);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.json().getString("name")).isEqualTo("Caf\u00e9");
  }

  @Test
  void invalidBodiesAndBadQueryParametersStillGetTheirOwn4xx() {
    assertRefusedBeforeAnyService(() -> gateway.send("POST", "/api/admin/products", "{not json", admin), 400,
        "VALIDATION", "body");
    assertRefusedBeforeAnyService(() -> gateway.send("POST", "/api/admin/products", "x".repeat(2 * 1024 * 1024), admin),
        413, "PAYLOAD_TOO_LARGE", null);
    assertRefusedBeforeAnyService(() -> gateway.get("/api/products/not-a-uuid"), 400, "VALIDATION", "id");
    assertRefusedBeforeAnyService(() -> gateway.get("/api/products?fields=na-me"), 400, "VALIDATION", "fields");
  }
}
