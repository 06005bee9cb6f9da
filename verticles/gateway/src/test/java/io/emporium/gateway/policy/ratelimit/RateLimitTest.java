package io.emporium.gateway.policy.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.gateway.testing.GatewayFixture;
import io.emporium.platform.config.ConfigKey;
import io.emporium.platform.testing.PrivateRedis;
import io.emporium.testkit.Http.Reply;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The rate-limit policy over real HTTP: local buckets, buckets shared in Redis, and the fall back when Redis stops. */
class RateLimitTest {

  /** A read bucket of {@code burst} tokens refilled very slowly, under a name no other run uses (Redis keys). */
  private static String readPolicy(String name, int burst) {
    return "{\"policies\": {\"" + name + "\": {\"key\": \"ip\", \"rate\": 0.01, \"burst\": " + burst + "},"
        + " \"auth-" + name + "\": {\"key\": \"ip\", \"rate\": 0.01, \"burst\": 2}},"
        + " \"groups\": {\"read\": [\"" + name + "\"], \"auth\": [\"auth-" + name + "\"]}}";
  }

  private static String unique() {
    return "t" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void aBurstBeyondTheLimitGets429WithRetryAfterAndRateLimitHeaders() throws Exception {
    String policy = unique();
    try (GatewayFixture gateway = GatewayFixture.start(Map.of(ConfigKey.RATELIMIT_POLICIES, readPolicy(policy, 5)))) {
      for (int i = 0; i < 5; i++) {
        Reply ok = gateway.get("/api/categories");
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(ok.header("RateLimit-Limit")).isEqualTo("5");
        assertThat(ok.header("RateLimit-Remaining")).isEqualTo(Integer.toString(4 - i));
        assertThat(Long.parseLong(ok.header("RateLimit-Reset"))).isPositive();
      }
      Reply limited = gateway.get("/api/products/featured");
      assertThat(limited.status()).as(limited.toString()).isEqualTo(429);
      assertThat(limited.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(limited.json().getString("code")).isEqualTo("RATE_LIMITED");
      assertThat(limited.header("RateLimit-Remaining")).isEqualTo("0");
      // 1 token per 100 s: the next one is 100 s away (less the time the test took)
      assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(90L, 100L);
      // writes are not in the read group: not limited, no headers
      Reply write = gateway.send("POST", "/api/admin/categories", new JsonObject(), gateway.admin());
      assertThat(write.status()).isEqualTo(400);
      assertThat(write.header("RateLimit-Limit")).isNull();
    }
  }

  @Test
  void behindATrustedProxyEachForwardedClientHasItsOwnBucket() throws Exception {
    String policy = unique();
    try (GatewayFixture gateway = GatewayFixture.start(Map.of(ConfigKey.RATELIMIT_POLICIES, readPolicy(policy, 2),
        ConfigKey.HTTP_TRUSTED_PROXIES, "127.0.0.1, ::1"))) {
      Map<String, String> first = Map.of("X-Forwarded-For", "203.0.113.9");
      Map<String, String> second = Map.of("X-Forwarded-For", "203.0.113.9, 198.51.100.20");
      assertThat(gateway.send("GET", "/api/categories", null, null, first).status()).isEqualTo(200);
      assertThat(gateway.send("GET", "/api/categories", null, null, first).status()).isEqualTo(200);
      assertThat(gateway.send("GET", "/api/categories", null, null, first).status()).isEqualTo(429);
      // The proxy appended 198.51.100.20: that is the client, whatever it claimed on the left.
      assertThat(gateway.send("GET", "/api/categories", null, null, second).status()).isEqualTo(200);
      assertThat(gateway.send("GET", "/api/categories", null, null, second).status()).isEqualTo(200);
      assertThat(gateway.send("GET", "/api/categories", null, null, second).status()).isEqualTo(429);
    }
  }

  @Test
  void aForwardedForHeaderFromAPeerThatIsNotTrustedChangesNothing() throws Exception {
    String policy = unique();
    try (GatewayFixture gateway = GatewayFixture.start(Map.of(ConfigKey.RATELIMIT_POLICIES, readPolicy(policy, 2)))) {
      for (int i = 0; i < 2; i++) {
        Reply ok = gateway.send("GET", "/api/categories", null, null, Map.of("X-Forwarded-For", "203.0.113." + i));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
      }
      // A client inventing a new address per request still spends the one bucket of its real address.
      Reply limited = gateway.send("GET", "/api/categories", null, null, Map.of("X-Forwarded-For", "203.0.113.77"));
      assertThat(limited.status()).as(limited.toString()).isEqualTo(429);
    }
  }

  @Test
  void authRoutesHaveTheirOwnStricterBucketOnTopOfTheReadOne() throws Exception {
    String policy = unique();
    try (GatewayFixture gateway = GatewayFixture.start(Map.of(ConfigKey.RATELIMIT_POLICIES, readPolicy(policy, 50)))) {
      JsonObject login = new JsonObject().put("email", "nobody@example.org").put("password", "not-the-password-1");
      assertThat(gateway.send("POST", "/api/auth/login", login, null).status()).isEqualTo(401);
      assertThat(gateway.send("POST", "/api/auth/login", login, null).status()).isEqualTo(401);
      Reply third = gateway.send("POST", "/api/auth/login", login, null);
      assertThat(third.status()).as(third.toString()).isEqualTo(429);
      assertThat(third.json().getString("detail")).contains("auth-" + policy);
      assertThat(gateway.get("/api/categories").status()).isEqualTo(200);
    }
  }

  @Test
  void anAdminChangesThePoliciesAtRunTimeAndBadDocumentsNameTheField() throws Exception {
    try (GatewayFixture gateway = GatewayFixture.start(Map.of())) {
      String admin = gateway.admin();
      assertThat(gateway.get("/api/admin/gateway/rate-limits", GatewayFixture.user()).status()).isEqualTo(403);
      assertThat(gateway.get("/api/admin/gateway/rate-limits").status()).isEqualTo(401);
      Reply bad = gateway.send("PUT", "/api/admin/gateway/rate-limits", new JsonObject(
          "{\"policies\": {\"x\": {\"key\": \"ip\", \"rate\": -1, \"burst\": 2}}, \"groups\": {}}"), admin);
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.json().getString("field")).isEqualTo("policies.x.rate");
      Reply unknownGroup = gateway.send("PUT", "/api/admin/gateway/rate-limits", new JsonObject(
          "{\"policies\": {\"x\": {\"key\": \"ip\", \"rate\": 1, \"burst\": 2}}, \"groups\": {\"reads\": [\"x\"]}}"), admin);
      assertThat(unknownGroup.json().getString("field")).isEqualTo("groups.reads");

      assertThat(gateway.get("/api/categories").header("RateLimit-Limit")).isEqualTo("1000");
      String policy = unique();
      Reply changed = gateway.send("PUT", "/api/admin/gateway/rate-limits", new JsonObject(readPolicy(policy, 2)), admin);
      assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
      assertThat(changed.json().getLong("revision")).isEqualTo(1L);
      assertThat(gateway.get("/api/categories").status()).isEqualTo(200);
      assertThat(gateway.get("/api/categories").status()).isEqualTo(200);
      assertThat(gateway.get("/api/categories").status()).isEqualTo(429);
      JsonObject current = gateway.get("/api/admin/gateway/rate-limits", admin).json();
      assertThat(current.getLong("revision")).isEqualTo(1L);
      assertThat(current.getJsonObject("document").getJsonObject("policies").containsKey(policy)).isTrue();
      assertThat(current.getJsonObject("stats").getLong("limited")).isEqualTo(1L);
    }
  }

  @Test
  void twoGatewaysSharingRedisAllowTheLimitNotTwiceIt() throws Exception {
    String policy = unique();
    Map<ConfigKey, String> shared = Map.of(ConfigKey.REDIS_URL, GatewayFixture.redisUrl(),
        ConfigKey.RATELIMIT_STORE, "redis", ConfigKey.RATELIMIT_POLICIES, readPolicy(policy, 6));
    try (GatewayFixture a = GatewayFixture.start(shared); GatewayFixture b = GatewayFixture.start(shared)) {
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        statuses.add((i % 2 == 0 ? a : b).get("/api/categories").status());
      }
      assertThat(statuses.stream().filter(s -> s == 200).count()).as(statuses.toString()).isEqualTo(6);
      assertThat(statuses.stream().filter(s -> s == 429).count()).isEqualTo(6);
      assertThat(a.get("/api/health").json().getJsonObject("gateway").getJsonObject("rateLimit").getString("mode"))
          .isEqualTo("redis");
    }
  }

  @Test
  void whenRedisStopsTheGatewayLimitsLocallyWithoutWaitingAndSaysSo() throws Exception {
    String policy = unique();
    try (PrivateRedis redis = PrivateRedis.start();
        GatewayFixture gateway = GatewayFixture.start(Map.of(ConfigKey.REDIS_URL, redis.url(),
            ConfigKey.RATELIMIT_STORE, "redis", ConfigKey.RATELIMIT_POLICIES, readPolicy(policy, 4)))) {
      assertThat(gateway.get("/api/categories").status()).isEqualTo(200);
      assertThat(gateway.get("/api/categories").status()).isEqualTo(200);
      JsonObject before = gateway.get("/api/admin/gateway/rate-limits", gateway.admin()).json();
      assertThat(before.getJsonObject("stats").getString("mode")).isEqualTo("redis");

      redis.stop();
      // Local buckets start full: the burst again, then 429 - limited, not open, and never waiting long.
      List<Integer> statuses = new ArrayList<>();
      long started = System.nanoTime();
      for (int i = 0; i < 6; i++) {
        statuses.add(gateway.get("/api/categories").status());
      }
      long tookMs = (System.nanoTime() - started) / 1_000_000;
      assertThat(statuses).as(statuses.toString()).containsExactly(200, 200, 200, 200, 429, 429);
      assertThat(tookMs).isLessThan(3_000);
      JsonObject health = gateway.get("/api/health").json();
      assertThat(health.getJsonObject("gateway").getJsonObject("rateLimit").getString("status")).isEqualTo("DEGRADED");
      assertThat(health.getJsonObject("gateway").getJsonObject("rateLimit").getString("mode"))
          .isEqualTo("local-fallback");
      JsonObject stats = gateway.get("/api/admin/gateway/rate-limits", gateway.admin()).json()
          .getJsonObject("stats");
      assertThat(stats.getLong("localFallbacks")).isGreaterThanOrEqualTo(6L);
    }
  }
}
