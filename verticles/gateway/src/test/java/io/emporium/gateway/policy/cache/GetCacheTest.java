package io.emporium.gateway.policy.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.gateway.testing.GatewayFixture;
import io.emporium.platform.config.ConfigKey;
import io.emporium.platform.testing.PrivateRedis;
import io.emporium.testkit.Http.Reply;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The GET cache over real HTTP: hits and misses, ETags, bypass, stampedes, invalidation on writes, Redis
 * outages. Two gateways in one cluster are the launcher module's {@code ClusteredCacheTest}.
 */
class GetCacheTest {

  static Reply rename(GatewayFixture gateway, String admin, String id, String name) {
    long version = gateway.get("/api/products/" + id, admin).json().getLong("version");
    return gateway.send("PUT", "/api/admin/products/" + id,
        new JsonObject().put("name", name).put("version", version), admin);
  }

  /**
   * Reads until the answer comes from the cache: the product service's events for a change arrive a
   * little after it (outbox relay) and drop the entry once more, which is right but makes a hit wait.
   */
  static Reply settledHit(GatewayFixture gateway, String path) throws InterruptedException {
    Reply reply = gateway.get(path);
    for (int i = 0; i < 100 && !"HIT".equals(reply.header("X-Cache")); i++) {
      Thread.sleep(50);
      reply = gateway.get(path);
    }
    assertThat(reply.header("X-Cache")).as(reply.toString()).isEqualTo("HIT");
    return reply;
  }

  @Test
  void aSecondReadIsAHitWithTheSameETagAnd304WhenTheClientHasIt() throws Exception {
    try (GatewayFixture gateway = GatewayFixture.start(Map.of())) {
      String id = gateway.createProduct(gateway.admin(), "Espresso cup");
      settledHit(gateway, "/api/products/" + id);
      Reply first = gateway.get("/api/products/" + id + "?fields=name");
      assertThat(first.status()).isEqualTo(200);
      assertThat(first.header("X-Cache")).isEqualTo("MISS");
      assertThat(first.header("ETag")).startsWith("\"");
      assertThat(first.header("Cache-Control")).isEqualTo("public, no-cache");
      Reply second = gateway.get("/api/products/" + id + "?fields=name");
      assertThat(second.header("X-Cache")).isEqualTo("HIT");
      assertThat(second.body()).isEqualTo(first.body());
      assertThat(second.header("ETag")).isEqualTo(first.header("ETag"));

      Reply notModified = gateway.send("GET", "/api/products/" + id + "?fields=name", null, null,
          Map.of("If-None-Match", first.header("ETag")));
      assertThat(notModified.status()).isEqualTo(304);
      assertThat(notModified.body()).isEmpty();
      Reply bypass = gateway.send("GET", "/api/products/" + id, null, null, Map.of("Cache-Control", "no-cache"));
      assertThat(bypass.status()).isEqualTo(200);
      assertThat(bypass.header("X-Cache")).isEqualTo("BYPASS");

      // another role is another entry: an admin's read is not served from the anonymous one
      assertThat(gateway.get("/api/products/" + id, gateway.admin()).header("X-Cache")).isEqualTo("MISS");
      // private and admin routes are never cached
      assertThat(gateway.get("/api/admin/users", gateway.admin()).header("X-Cache")).isNull();

      JsonObject stats = gateway.get("/api/cache/stats", gateway.admin()).json();
      assertThat(stats.getJsonObject("levelOne").getLong("hits")).isGreaterThanOrEqualTo(1L);
      assertThat(stats.getJsonObject("levelOne").getLong("entries")).isGreaterThanOrEqualTo(1L);
      assertThat(stats.getJsonObject("levelOne").getLong("bytes")).isPositive();
      assertThat(stats.getLong("notModified")).isEqualTo(1L);
      assertThat(gateway.get("/api/cache/stats", GatewayFixture.user()).status()).isEqualTo(403);
    }
  }

  @Test
  void aReadRightAfterAnAcknowledgedWriteNeverSeesTheOldVersion() throws Exception {
    try (GatewayFixture gateway = GatewayFixture.start(Map.of())) {
      String admin = gateway.admin();
      String id = gateway.createProduct(admin, "Old name");
      for (int round = 0; round < 20; round++) {
        assertThat(settledHit(gateway, "/api/products/" + id).json().getString("name")).isNotEqualTo("Name " + round);
        Reply renamed = rename(gateway, admin, id, "Name " + round);
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
        assertThat(gateway.get("/api/products/" + id).json().getString("name")).isEqualTo("Name " + round);
      }
      Reply deleted = gateway.send("DELETE", "/api/admin/products/" + id, null, admin);
      assertThat(deleted.status()).isEqualTo(204);
      assertThat(gateway.get("/api/products/" + id).status()).isEqualTo(404);
    }
  }

  @Test
  void concurrentMissesOfOneKeyMakeOneBackendCall() throws Exception {
    try (GatewayFixture gateway = GatewayFixture.start(Map.of())) {
      String id = gateway.createProduct(gateway.admin(), "Stampede");
      String admin = gateway.admin();
      settledHit(gateway, "/api/products/" + id);
      long before = gateway.get("/api/cache/stats", admin).json().getLong("backendCalls");
      List<CompletableFuture<Reply>> replies = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        replies.add(gateway.sendAsync("GET", "/api/products/" + id + "?fields=id", null, null, Map.of()));
      }
      List<Reply> all = replies.stream().map(CompletableFuture::join).toList();
      assertThat(all).allMatch(r -> r.status() == 200);
      assertThat(all.stream().map(Reply::body).distinct().count()).isEqualTo(1);
      long after = gateway.get("/api/cache/stats", admin).json().getLong("backendCalls");
      assertThat(after - before).isEqualTo(1L);
    }
  }

  @Test
  void whenRedisStopsLevelOneKeepsServing() throws Exception {
    try (PrivateRedis redis = PrivateRedis.start();
        GatewayFixture gateway = GatewayFixture.start(Map.of(ConfigKey.REDIS_URL, redis.url()))) {
      String admin = gateway.admin();
      String id = gateway.createProduct(admin, "Kept");
      // A hit may come from Redis while level one still waits to be known to the other gateways: read
      // until level one holds the answer, since that is the level that must keep serving.
      Reply first = settledHit(gateway, "/api/products/" + id);
      for (int i = 0; i < 100 && gateway.get("/api/cache/stats", admin).json().getJsonObject("levelOne")
          .getLong("entries") == 0; i++) {
        Thread.sleep(50);
        first = gateway.get("/api/products/" + id);
      }
      JsonObject stats = gateway.get("/api/cache/stats", admin).json();
      assertThat(stats.getJsonObject("levelTwo").getString("status")).isEqualTo("UP");

      redis.stop();
      long started = System.nanoTime();
      Reply hit = gateway.get("/api/products/" + id);
      assertThat(hit.header("X-Cache")).isEqualTo("HIT");
      assertThat(hit.body()).isEqualTo(first.body());
      Reply other = gateway.get("/api/categories");
      assertThat(other.status()).isEqualTo(200);
      assertThat(gateway.get("/api/categories").header("X-Cache")).isEqualTo("HIT");
      assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(3_000);
      Reply renamed = rename(gateway, admin, id, "Renamed while Redis is down");
      assertThat(renamed.status()).isEqualTo(200);
      assertThat(gateway.get("/api/products/" + id).json().getString("name")).isEqualTo("Renamed while Redis is down");
      assertThat(gateway.get("/api/cache/stats", admin).json().getJsonObject("levelTwo").getLong("failures"))
          .isPositive();
    }
  }
}
