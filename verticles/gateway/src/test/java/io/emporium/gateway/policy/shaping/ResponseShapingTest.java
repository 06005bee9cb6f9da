package io.emporium.gateway.policy.shaping;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.gateway.testing.GatewayFixture;
import io.emporium.platform.config.ConfigKey;
import io.emporium.testkit.Http.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Response shaping over real HTTP: list envelope, field selection, compression, CORS, security headers, 503. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResponseShapingTest {
  private GatewayFixture gateway;
  private String admin;
  private String category;

  @BeforeAll
  void start() {
    gateway = GatewayFixture.start(Map.of(ConfigKey.CORS_ORIGINS, "https://shop.example.org"));
    admin = gateway.admin();
    category = "shape-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(gateway.send("POST", "/api/admin/categories", new JsonObject().put("slug", category)
        .put("name", "Shaping"), admin).status()).isEqualTo(201);
    for (int i = 0; i < 3; i++) {
      JsonObject product = new JsonObject().put("sku", category + "-" + i).put("name", "Cup " + i)
          .put("price", "1.0" + i).put("currency", "EUR").put("category", category).put("stock", 5);
      assertThat(gateway.send("POST", "/api/admin/products", product, admin).status()).isEqualTo(201);
    }
  }

  @AfterAll
  void stop() throws Exception {
    gateway.close();
  }

  private static JsonObject ok(Reply reply) {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.json();
  }

  @Test
  void everyCollectionHasTheSameEnvelope() {
    Reply first = gateway.get("/api/products?category=" + category + "&size=2");
    assertThat(first.status()).as(first.toString()).isEqualTo(200);
    JsonObject page = first.json();
    assertThat(page.fieldNames()).contains("items", "page", "size", "total", "nextCursor");
    assertThat(page.getInteger("total")).isEqualTo(3);
    JsonObject afterCursor = ok(gateway.get("/api/products?category=" + category + "&size=2&cursor="
        + java.net.URLEncoder.encode(page.getString("nextCursor"), java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(afterCursor.fieldNames()).contains("items", "page", "size", "total", "nextCursor");
    assertThat(afterCursor.getValue("total")).isNull();
    JsonObject categories = ok(gateway.get("/api/categories"));
    assertThat(categories.fieldNames()).contains("items", "page", "size", "total", "nextCursor");
    assertThat(categories.getInteger("total")).isEqualTo(categories.getJsonArray("items").size());
    JsonObject users = ok(gateway.get("/api/admin/audit?entity=product", admin));
    assertThat(users.fieldNames()).contains("items", "page", "size", "total", "nextCursor");
  }

  @Test
  void fieldsSelectsWhatEachItemCarries() {
    JsonObject page = gateway.get("/api/products?category=" + category + "&fields=id,name").json();
    JsonArray items = page.getJsonArray("items");
    assertThat(items).hasSize(3);
    assertThat(items.getJsonObject(0).fieldNames()).containsExactlyInAnyOrder("id", "name");
    String id = items.getJsonObject(0).getString("id");
    JsonObject one = gateway.get("/api/products/" + id + "?fields=price").json();
    assertThat(one.fieldNames()).containsExactly("price");
    // the selection is part of the cache key: the whole product is still whole
    assertThat(gateway.get("/api/products/" + id).json().fieldNames()).contains("sku", "name", "price", "version");
  }

  @Test
  void answersAreCompressedWhenTheClientAcceptsIt() throws Exception {
    HttpResponse<byte[]> response = gateway.getBytes("/api/products?category=" + category,
        Map.of("Accept-Encoding", "gzip"));
    assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(response.body()[0] & 0xff).isEqualTo(0x1f);
  }

  @Test
  void corsAnswersTheConfiguredOriginOnly() {
    Reply preflight = gateway.send("OPTIONS", "/api/products", null, null, Map.of("Origin", "https://shop.example.org",
        "Access-Control-Request-Method", "GET"));
    assertThat(preflight.status()).isBetween(200, 204);
    assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("https://shop.example.org");
    Reply other = gateway.send("GET", "/api/categories", null, null, Map.of("Origin", "https://evil.example.com"));
    assertThat(other.header("Access-Control-Allow-Origin")).isNull();
  }

  /**
   * A cached answer keeps the Origin in Vary: its CORS headers differ by Origin, and a shared cache in front
   * must not hand one origin's answer to another (the cache's own Vary once replaced CorsHandler's). With CORS
   * on, no answer takes the cache lane, whose answers would not say so.
   */
  @Test
  void cachedAnswersVaryByOriginWhenCorsIsOn() throws Exception {
    String path = "/api/categories/" + category;
    Map<String, String> fromShop = Map.of("Origin", "https://shop.example.org");
    long laneBefore = gateway.get("/api/cache/stats", admin).json().getLong("servedBeforeRouting");
    List<String> results = new java.util.ArrayList<>();
    // a gateway serves nothing from level one until 2.5 s after its cache-peer listing (CachePeers), and this
    // class's system may be younger than that on a quick machine: up to 10 s for the first hit
    for (int i = 0; i < 400 && !results.contains("HIT"); i++) {
      Reply read = gateway.send("GET", path, null, null, fromShop);
      assertThat(read.status()).isEqualTo(200);
      assertThat(read.header("Access-Control-Allow-Origin")).isEqualTo("https://shop.example.org");
      assertThat(read.header("Vary")).contains("Origin").contains("Accept-Encoding").contains("Authorization");
      results.add(read.header("X-Cache"));
      Thread.sleep(25);
    }
    assertThat(results).contains("HIT");
    Reply noOrigin = gateway.get(path);
    assertThat(noOrigin.header("X-Cache")).isEqualTo("HIT");
    assertThat(noOrigin.header("Vary")).contains("Origin");
    assertThat(noOrigin.header("Access-Control-Allow-Origin")).isNull();
    assertThat(gateway.get("/api/cache/stats", admin).json().getLong("servedBeforeRouting")).isEqualTo(laneBefore);
  }

  @Test
  void securityHeadersOnEveryAnswerAndNoServerBanner() {
    for (Reply reply : new Reply[] {gateway.get("/api/categories"), gateway.get("/api/nothing-here"),
        gateway.get("/api/products/not-a-uuid")}) {
      assertThat(reply.header("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(reply.header("X-Frame-Options")).isEqualTo("DENY");
      assertThat(reply.header("Content-Security-Policy")).contains("default-src 'none'");
      assertThat(reply.header("Server")).isNull();
      assertThat(reply.header("X-Request-Id")).isNotBlank();
    }
  }

  @Test
  void aServiceWithNoInstanceIs503WithRetryAfter() throws Exception {
    try (GatewayFixture alone = GatewayFixture.start(Map.of(ConfigKey.ROLES, "gateway"))) {
      Reply reply = alone.get("/api/products/" + UUID.randomUUID());
      assertThat(reply.status()).isEqualTo(503);
      assertThat(reply.header("Retry-After")).isNotBlank();
      assertThat(reply.json().getString("code")).isEqualTo("UNAVAILABLE");
      assertThat(reply.json().getString("requestId")).isEqualTo(reply.header("X-Request-Id"));
    }
  }

  @Test
  void statsShowEachRouteTemplateWithStatusClassesLatencyAndCacheCounts() {
    String id = gateway.get("/api/products?category=" + category).json().getJsonArray("items").getJsonObject(0)
        .getString("id");
    gateway.get("/api/products/" + id);
    gateway.get("/api/products/" + id);
    gateway.get("/api/products/" + UUID.randomUUID());
    JsonObject stats = gateway.get("/api/gateway/stats", admin).json();
    JsonObject route = stats.getJsonObject("routes").getJsonObject("GET /api/products/:id");
    assertThat(route.getLong("requests")).isGreaterThanOrEqualTo(3L);
    assertThat(route.getJsonObject("status").getLong("2xx")).isGreaterThanOrEqualTo(2L);
    assertThat(route.getJsonObject("status").getLong("4xx")).isGreaterThanOrEqualTo(1L);
    assertThat(route.getJsonObject("latencyMs").getDouble("p99")).isGreaterThanOrEqualTo(
        route.getJsonObject("latencyMs").getDouble("p50"));
    assertThat(route.getJsonObject("cache").getLong("hits") + route.getJsonObject("cache").getLong("misses"))
        .isGreaterThanOrEqualTo(3L);
    assertThat(stats.getJsonObject("routes").fieldNames()).noneMatch(name -> name.contains(id));
    assertThat(gateway.get("/api/gateway/stats", GatewayFixture.user()).status()).isEqualTo(403);
  }
}
