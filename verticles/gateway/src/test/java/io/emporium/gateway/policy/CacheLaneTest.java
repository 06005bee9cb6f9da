package io.emporium.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.gateway.testing.GatewayFixture;
import io.emporium.platform.config.ConfigKey;
import io.emporium.testkit.Http.Reply;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The cache lane ({@link CacheLane}) answers exactly what the router answers, runs the same
 * policies (rate limit, statistics, metrics), and leaves every request it must not take to the router.
 * A request for {@code /api/products/<id>?&} (a query of no parameter) has the same cache key as one
 * without it but never takes the lane: the router's answer to compare with.
 */
class CacheLaneTest {
  /** Headers that differ between two answers by design: the request's own id, and the bucket's count. */
  private static final Set<String> PER_REQUEST = Set.of("x-request-id", "ratelimit-remaining", "ratelimit-reset",
      "content-length");

  @Test
  void aHitOnTheLaneIsTheRoutersAnswerHeaderForHeader() throws Exception {
    try (GatewayFixture gateway = GatewayFixture.start(Map.of())) {
      String id = gateway.createProduct(gateway.admin(), "Lane cup");
      String path = "/api/products/" + id;
      settle(gateway, path);
      long laneBefore = servedBeforeRouting(gateway);

      for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of("Accept-Encoding", "gzip"))) {
        HttpResponse<byte[]> lane = gateway.getBytes(path, headers);
        HttpResponse<byte[]> router = gateway.getBytes(path + "?&", headers);
        assertThat(lane.statusCode()).isEqualTo(200);
        assertThat(router.statusCode()).isEqualTo(200);
        assertThat(lane.body()).isEqualTo(router.body());
        assertThat(comparable(lane.headers())).as("lane %s, router %s", lane.headers(), router.headers())
            .isEqualTo(comparable(router.headers()));
        assertThat(lane.headers().firstValue("X-Cache")).hasValue("HIT");
        assertThat(lane.headers().firstValue("X-Request-Id")).isPresent();
      }
      String etag = gateway.getBytes(path, Map.of()).headers().firstValue("ETag").orElseThrow();
      HttpResponse<byte[]> notModified = gateway.getBytes(path, Map.of("If-None-Match", etag));
      HttpResponse<byte[]> routerNotModified = gateway.getBytes(path + "?&", Map.of("If-None-Match", etag));
      assertThat(notModified.statusCode()).isEqualTo(304);
      assertThat(comparable(notModified.headers())).isEqualTo(comparable(routerNotModified.headers()));

      // three lane answers (identity, gzip, then the ETag read) and the 304; the router's four took the other way
      assertThat(servedBeforeRouting(gateway) - laneBefore).isEqualTo(4);
    }
  }

  @Test
  void theLaneCountsItsAnswersWhereTheRouterDoes() throws Exception {
    try (GatewayFixture gateway = GatewayFixture.start(Map.of())) {
      String id = gateway.createProduct(gateway.admin(), "Counted cup");
      String path = "/api/products/" + id;
      settle(gateway, path);
      String admin = gateway.admin();
      long requests = metric(gateway.get("/metrics", admin).body(),
          "vertx_http_server_requests_total", "code=\"200\"", "route=\"/api/products/:id\"");
      long gatewayRequests = metric(gateway.get("/metrics", admin).body(),
          "emporium_http_requests_total", "route=\"/api/products/:id\"", "status_class=\"2xx\"");
      long statsBefore = routeCount(gateway, admin);
      long hitsBefore = gateway.get("/api/cache/stats", admin).json().getJsonObject("levelOne").getLong("hits");
      long laneBefore = servedBeforeRouting(gateway);

      for (int i = 0; i < 5; i++) {
        assertThat(gateway.get(path).header("X-Cache")).isEqualTo("HIT");
      }

      assertThat(servedBeforeRouting(gateway) - laneBefore).isEqualTo(5);
      String after = gateway.get("/metrics", admin).body();
      assertThat(metric(after, "vertx_http_server_requests_total", "code=\"200\"", "route=\"/api/products/:id\""))
          .isEqualTo(requests + 5);
      assertThat(metric(after, "emporium_http_requests_total", "route=\"/api/products/:id\"", "status_class=\"2xx\""))
          .isEqualTo(gatewayRequests + 5);
      assertThat(routeCount(gateway, admin) - statsBefore).isEqualTo(5);
      assertThat(gateway.get("/api/cache/stats", admin).json().getJsonObject("levelOne").getLong("hits") - hitsBefore)
          .isEqualTo(5);
    }
  }

  @Test
  void theRateLimitHoldsOnTheLaneWithTheRoutersRefusal() throws Exception {
    String policy = "lane" + UUID.randomUUID().toString().substring(0, 8);
    String policies = "{\"policies\": {\"" + policy + "\": {\"key\": \"ip\", \"rate\": 0.01, \"burst\": 200}},"
        + " \"groups\": {\"read\": [\"" + policy + "\"]}}";
    try (GatewayFixture gateway = GatewayFixture.start(Map.of(ConfigKey.RATELIMIT_POLICIES, policies))) {
      String id = gateway.createProduct(gateway.admin(), "Limited cup");
      String path = "/api/products/" + id;
      settle(gateway, path);
      long laneBefore = servedBeforeRouting(gateway);
      Reply hit = gateway.get(path);
      assertThat(hit.header("X-Cache")).isEqualTo("HIT");
      assertThat(hit.header("RateLimit-Limit")).isEqualTo("200");
      int remaining = Integer.parseInt(hit.header("RateLimit-Remaining"));
      assertThat(remaining).isLessThan(199);
      for (int i = remaining; i > 0; i--) {
        Reply next = gateway.get(path);
        assertThat(next.status()).isEqualTo(200);
        assertThat(next.header("RateLimit-Remaining")).isEqualTo(Integer.toString(i - 1));
      }
      Reply lane = gateway.get(path);
      Reply router = gateway.get(path + "?&");
      assertThat(lane.status()).as(lane.toString()).isEqualTo(429);
      assertThat(router.status()).isEqualTo(429);
      assertThat(lane.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(lane.json().getString("code")).isEqualTo("RATE_LIMITED");
      assertThat(lane.json().getString("requestId")).isEqualTo(lane.header("X-Request-Id"));
      assertThat(lane.json().copy().put("requestId", "")).isEqualTo(router.json().copy().put("requestId", ""));
      assertThat(comparable(lane.headers())).isEqualTo(comparable(router.headers()));
      assertThat(Long.parseLong(lane.header("Retry-After"))).isBetween(90L, 200L);
      // every answer after the settling read took the lane but the router's refusal
      assertThat(servedBeforeRouting(gateway) - laneBefore).isEqualTo(remaining + 1);
      JsonObject route = gateway.get("/api/gateway/stats", gateway.admin()).json().getJsonObject("routes")
          .getJsonObject("GET /api/products/:id");
      assertThat(route.getLong("rateLimited")).isEqualTo(2);
    }
  }

  @Test
  void whatTheLaneMustNotTakeGoesThroughTheRouter() throws Exception {
    try (GatewayFixture gateway = GatewayFixture.start(Map.of(ConfigKey.HTTP_MAX_HEADER_BYTES, "4096"))) {
      String id = gateway.createProduct(gateway.admin(), "Routed cup");
      String path = "/api/products/" + id;
      settle(gateway, path);
      long laneBefore = servedBeforeRouting(gateway);

      // another key (the caller's roles), a directive, a version choice: the router's cache policy decides
      assertThat(gateway.get(path, gateway.admin()).header("X-Cache")).isEqualTo("MISS");
      assertThat(gateway.send("GET", path, null, null, Map.of("X-Emporium-Variant", "v2")).header("X-Cache"))
          .isEqualTo("BYPASS");
      assertThat(gateway.send("GET", path, null, null, Map.of("X-Emporium-Canary", "2.0.0", "Cache-Control", "no-cache"))
          .header("X-Cache")).isEqualTo("BYPASS");
      // a parameter the contract refuses: the router's 400, and one of another route, the router's answer
      assertThat(gateway.get("/api/products/not-a-uuid").status()).isEqualTo(400);
      assertThat(gateway.get("/api/products/" + id.toUpperCase(java.util.Locale.ROOT) + "x").status()).isEqualTo(400);
      // a bad token is refused, not served from the anonymous entry
      assertThat(gateway.get(path, "not-a-token").status()).isEqualTo(401);
      // paths vertx-web normalises before it matches them: its answer, whatever it is
      assertThat(gateway.get(path + "/").header("X-Cache")).isNotNull();
      assertThat(gateway.get("/api/./products/" + id).status()).isIn(200, 404);
      assertThat(gateway.get("/api/products/%65" + id.substring(1)).status()).isIn(200, 404);
      // HEAD: the router's GET without the body
      Reply head = gateway.send("HEAD", path, null, null);
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.body()).isEmpty();
      // a query: the router (fields= is another key)
      assertThat(gateway.get(path + "?fields=name").json().fieldNames()).containsExactly("name");
      // too many header bytes: 431 from the input limits, not a cached answer
      Reply tooLarge = gateway.send("GET", path, null, null, Map.of("X-Padding", "x".repeat(6_000)));
      assertThat(tooLarge.status()).isEqualTo(431);

      assertThat(servedBeforeRouting(gateway) - laneBefore).isZero();
    }
  }

  @Test
  void aMissOrABypassOnTheLaneIsTheRoutersAnswerHeaderForHeader() throws Exception {
    try (GatewayFixture gateway = GatewayFixture.start(Map.of())) {
      String admin = gateway.admin();
      String first = "/api/products/" + gateway.createProduct(admin, "Lane miss cup");
      String second = "/api/products/" + gateway.createProduct(admin, "Router miss cup");
      // level one opens once the gateway's invalidation feed is in place: until then no answer is kept
      settle(gateway, "/api/products/" + gateway.createProduct(admin, "Settling cup"));
      long laneBefore = servedBeforeRouting(gateway);
      long backendBefore = cacheStats(gateway).getLong("backendCalls");
      long bypassedBefore = cacheStats(gateway).getLong("bypassed");
      long routeBefore = routeCount(gateway, admin);

      // two products never read: a miss each, one on the lane, one through the router
      HttpResponse<byte[]> laneMiss = gateway.getBytes(first, Map.of());
      HttpResponse<byte[]> routerMiss = gateway.getBytes(second + "?&", Map.of());
      assertThat(laneMiss.statusCode()).isEqualTo(200);
      assertThat(laneMiss.headers().firstValue("X-Cache")).hasValue("MISS");
      assertThat(comparable(laneMiss.headers())).as("lane %s, router %s", laneMiss.headers(), routerMiss.headers())
          .isEqualTo(comparable(routerMiss.headers()));
      assertThat(new JsonObject(new String(laneMiss.body(), java.nio.charset.StandardCharsets.UTF_8))
          .getString("name")).isEqualTo("Lane miss cup");
      // the lane's miss was stored: the next read is a hit
      assertThat(gateway.get(first).header("X-Cache")).isEqualTo("HIT");

      // a bypass, identity and gzip: the same bytes and headers either way
      for (Map<String, String> headers : List.of(Map.of("Cache-Control", "no-cache"),
          Map.of("Cache-Control", "no-cache", "Accept-Encoding", "gzip"))) {
        HttpResponse<byte[]> lane = gateway.getBytes(first, headers);
        HttpResponse<byte[]> router = gateway.getBytes(first + "?&", headers);
        assertThat(lane.statusCode()).isEqualTo(200);
        assertThat(lane.headers().firstValue("X-Cache")).hasValue("BYPASS");
        assertThat(lane.body()).isEqualTo(router.body());
        assertThat(comparable(lane.headers())).isEqualTo(comparable(router.headers()));
      }

      // the lane's miss, its hit and its two bypasses; each policy counted where the router's counts
      assertThat(servedBeforeRouting(gateway) - laneBefore).isEqualTo(4);
      assertThat(cacheStats(gateway).getLong("backendCalls") - backendBefore).as("the two misses").isEqualTo(2);
      assertThat(cacheStats(gateway).getLong("bypassed") - bypassedBefore).as("the four bypasses").isEqualTo(4);
      assertThat(routeCount(gateway, admin) - routeBefore).isEqualTo(7);
    }
  }

  @Test
  void aCategoryReadOnTheLaneIsTheRoutersAnswer() throws Exception {
    try (GatewayFixture gateway = GatewayFixture.start(Map.of())) {
      String admin = gateway.admin();
      String suffix = UUID.randomUUID().toString().substring(0, 8);
      for (String slug : List.of("lane-" + suffix, "router-" + suffix)) {
        Reply created = gateway.send("POST", "/api/admin/categories",
            new JsonObject().put("slug", slug).put("name", "Cups " + slug), admin);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
      }
      settle(gateway, "/api/products/" + gateway.createProduct(admin, "Settling cup"));
      long laneBefore = servedBeforeRouting(gateway);

      HttpResponse<byte[]> laneMiss = gateway.getBytes("/api/categories/lane-" + suffix, Map.of());
      HttpResponse<byte[]> routerMiss = gateway.getBytes("/api/categories/router-" + suffix + "?&", Map.of());
      assertThat(laneMiss.statusCode()).isEqualTo(200);
      assertThat(laneMiss.headers().firstValue("X-Cache")).hasValue("MISS");
      // two categories: their tags (a hash of the body) differ, every other header is the same
      Map<String, List<String>> laneHeaders = comparable(laneMiss.headers());
      Map<String, List<String>> routerHeaders = comparable(routerMiss.headers());
      assertThat(laneHeaders.remove("etag")).isNotNull();
      assertThat(routerHeaders.remove("etag")).isNotNull();
      assertThat(laneHeaders).isEqualTo(routerHeaders);
      assertThat(gateway.get("/api/categories/lane-" + suffix).header("X-Cache")).isEqualTo("HIT");
      HttpResponse<byte[]> lane = gateway.getBytes("/api/categories/lane-" + suffix, Map.of("Cache-Control",
          "no-cache"));
      HttpResponse<byte[]> router = gateway.getBytes("/api/categories/lane-" + suffix + "?&",
          Map.of("Cache-Control", "no-cache"));
      assertThat(lane.headers().firstValue("X-Cache")).hasValue("BYPASS");
      assertThat(lane.body()).isEqualTo(router.body());
      assertThat(comparable(lane.headers())).isEqualTo(comparable(router.headers()));
      // a slug the contract refuses: the router's 400
      assertThat(gateway.get("/api/categories/Not_A_Slug").status()).isEqualTo(400);

      assertThat(servedBeforeRouting(gateway) - laneBefore).as("miss, hit and bypass on the lane").isEqualTo(3);
    }
  }

  @Test
  void theServicesErrorOnTheLaneIsTheRoutersProblem() throws Exception {
    try (GatewayFixture gateway = GatewayFixture.start(Map.of())) {
      String missing = "/api/products/" + UUID.randomUUID();
      long laneBefore = servedBeforeRouting(gateway);
      Reply lane = gateway.get(missing);
      Reply router = gateway.get(missing + "?&");
      assertThat(lane.status()).isEqualTo(404);
      assertThat(lane.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(lane.json().getString("code")).isEqualTo("NOT_FOUND");
      assertThat(lane.json().getString("requestId")).isEqualTo(lane.header("X-Request-Id"));
      assertThat(lane.json().copy().put("requestId", "")).isEqualTo(router.json().copy().put("requestId", ""));
      assertThat(comparable(lane.headers())).isEqualTo(comparable(router.headers()));
      assertThat(servedBeforeRouting(gateway) - laneBefore).isEqualTo(1);
    }
  }

  @Test
  void theLaneServesNothingStaleAfterAWrite() throws Exception {
    try (GatewayFixture gateway = GatewayFixture.start(Map.of())) {
      String admin = gateway.admin();
      String id = gateway.createProduct(admin, "Before");
      String path = "/api/products/" + id;
      settle(gateway, path);
      rename(gateway, admin, id, "After");
      long laneBefore = servedBeforeRouting(gateway);
      // the write's acknowledgement comes after level one dropped the entry: the next read is not the old one
      Reply after = gateway.get(path);
      assertThat(after.json().getString("name")).isEqualTo("After");
      assertThat(after.header("X-Cache")).isEqualTo("MISS");
      assertThat(gateway.get(path).json().getString("name")).isEqualTo("After");
      // the miss and the hit after it both took the lane
      assertThat(servedBeforeRouting(gateway) - laneBefore).isEqualTo(2);
    }
  }

  @Test
  void aWriteDropsTheAnswerStoredUnderAnUpperCaseId() throws Exception {
    try (GatewayFixture gateway = GatewayFixture.start(Map.of())) {
      String admin = gateway.admin();
      String id = gateway.createProduct(admin, "Before");
      settle(gateway, "/api/products/" + gateway.createProduct(admin, "Settling cup"));
      // the service reads a UUID in either case: the answer is stored under the upper-case path
      String upper = "/api/products/" + id.toUpperCase(java.util.Locale.ROOT);
      assertThat(gateway.get(upper).json().getString("name")).isEqualTo("Before");
      assertThat(gateway.get(upper).header("X-Cache")).isEqualTo("HIT");
      rename(gateway, admin, id, "After");

      // the write names the id in lower case; the answer under the other spelling is dropped as well
      Reply after = gateway.get(upper);
      assertThat(after.json().getString("name")).isEqualTo("After");
      assertThat(after.header("X-Cache")).isEqualTo("MISS");
    }
  }

  /**
   * The lane does not run the contract check: it serves only a key the router stored, after the check
   * passed for the same path and query. That holds while a cached route declares no header it constrains.
   */
  @Test
  void noCachedRouteDeclaresAHeaderTheContractConstrains() throws Exception {
    JsonObject document;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("openapi/emporium.json")) {
      document = new JsonObject(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    }
    JsonObject components = document.getJsonObject("components").getJsonObject("parameters", new JsonObject());
    int checked = 0;
    for (String route : List.of("/api/products", "/api/products/featured", "/api/products/search/{query}",
        "/api/products/{id}", "/api/categories", "/api/categories/{slug}")) {
      JsonObject get = document.getJsonObject("paths").getJsonObject(route).getJsonObject("get");
      for (Object item : get.getJsonArray("parameters", new io.vertx.core.json.JsonArray())) {
        JsonObject parameter = (JsonObject) item;
        if (parameter.containsKey("$ref")) {
          String ref = parameter.getString("$ref");
          parameter = components.getJsonObject(ref.substring(ref.lastIndexOf('/') + 1));
        }
        if ("header".equals(parameter.getString("in"))) {
          checked++;
          assertThat(parameter.getBoolean("required", false)).as(route).isFalse();
          assertThat(parameter.getJsonObject("schema").fieldNames()).as(route + " " + parameter)
              .containsExactly("type");
        }
      }
    }
    assertThat(checked).isPositive();
  }

  private static void settle(GatewayFixture gateway, String path) throws InterruptedException {
    Reply reply = gateway.get(path);
    for (int i = 0; i < 100 && !"HIT".equals(reply.header("X-Cache")); i++) {
      Thread.sleep(50);
      reply = gateway.get(path);
    }
    assertThat(reply.header("X-Cache")).as(reply.toString()).isEqualTo("HIT");
  }

  /** An acknowledged write: the product gets {@code name} (its current version read through the router). */
  private static void rename(GatewayFixture gateway, String admin, String id, String name) {
    long version = gateway.get("/api/products/" + id, admin).json().getLong("version");
    Reply renamed = gateway.send("PUT", "/api/admin/products/" + id,
        new JsonObject().put("name", name).put("version", version), admin);
    assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
  }

  private static long servedBeforeRouting(GatewayFixture gateway) {
    return cacheStats(gateway).getLong("servedBeforeRouting");
  }

  private static JsonObject cacheStats(GatewayFixture gateway) {
    return gateway.get("/api/cache/stats", gateway.admin()).json();
  }

  private static long routeCount(GatewayFixture gateway, String admin) {
    JsonObject route = gateway.get("/api/gateway/stats", admin).json().getJsonObject("routes")
        .getJsonObject("GET /api/products/:id");
    return route == null ? 0 : route.getLong("requests");
  }

  /** The value of the series of {@code family} whose labels include every one of {@code labels}; 0 when absent. */
  private static long metric(String scrape, String family, String... labels) {
    Pattern line = Pattern.compile("^" + family + "\\{([^}]*)\\} ([0-9.eE+]+)$", Pattern.MULTILINE);
    Matcher m = line.matcher(scrape);
    while (m.find()) {
      String found = m.group(1);
      if (Arrays.stream(labels).allMatch(found::contains)) {
        return (long) Double.parseDouble(m.group(2));
      }
    }
    return 0;
  }

  private static Map<String, List<String>> comparable(java.net.http.HttpHeaders response) {
    Map<String, List<String>> headers = new TreeMap<>();
    response.map().forEach((name, values) -> {
      if (!PER_REQUEST.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        headers.put(name.toLowerCase(java.util.Locale.ROOT), values);
      }
    });
    return headers;
  }
}
