package io.emporium.launcher.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.launcher.EmporiumSystem;
import io.emporium.launcher.RunningSystem;
import io.emporium.launcher.TestAdmin;
import io.emporium.platform.config.ConfigKey;
import io.emporium.platform.config.TestConfigs;
import io.emporium.testkit.Http;
import io.emporium.testkit.Http.Reply;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GET cache of two gateways in one cluster, started by the launcher: a gateway beside the services,
 * and a gateway alone. The cache's other tests run in the gateway module ({@code GetCacheTest}).
 */
class ClusteredCacheTest {
  private static final String SECRET = "gateway-policies-test-secret-0123456789abcdef";

  /** One clustered JVM-like node: its system and real HTTP to its gateway. */
  private record Node(RunningSystem system, Http http) implements AutoCloseable {
    static Node start(Map<ConfigKey, String> overrides) throws Exception {
      Map<ConfigKey, String> all = new HashMap<>();
      all.put(ConfigKey.HTTP_PORT, "0");
      all.put(ConfigKey.JWT_SECRET, SECRET);
      all.put(ConfigKey.OUTBOX_POLL_MS, "50");
      all.putAll(TestAdmin.config());
      all.putAll(overrides);
      RunningSystem system = EmporiumSystem.start(TestConfigs.with(all)).toCompletionStage().toCompletableFuture()
          .get(60, TimeUnit.SECONDS);
      return new Node(system, Http.on(system.httpPort().orElseThrow()));
    }

    @Override
    public void close() throws Exception {
      system.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static String redisUrl() {
    String url = System.getenv("EMPORIUM_TEST_REDIS_URL");
    return url == null || url.isBlank() ? "redis://127.0.0.1:6379" : url;
  }

  private static Reply rename(Http http, String admin, String id, String name) {
    long version = http.get("/api/products/" + id, admin).json().getLong("version");
    return http.send("PUT", "/api/admin/products/" + id,
        new JsonObject().put("name", name).put("version", version), admin);
  }

  /** Reads until the answer comes from the cache (the product service's events drop the entry once more). */
  private static Reply settledHit(Http http, String path) throws InterruptedException {
    Reply reply = http.get(path, null);
    for (int i = 0; i < 100 && !"HIT".equals(reply.header("X-Cache")); i++) {
      Thread.sleep(50);
      reply = http.get(path, null);
    }
    assertThat(reply.header("X-Cache")).as(reply.toString()).isEqualTo("HIT");
    return reply;
  }

  @Test
  void aWriteOnOneGatewayIsSeenAtOnceByAReadOnAnother(@TempDir Path dir) throws Exception {
    String xml = Files.readString(Path.of("../../cluster-config/loopback.xml"));
    Path config = dir.resolve("cluster.xml");
    Files.writeString(config, xml.replaceFirst("<cluster-name>[^<]*</cluster-name>",
        "<cluster-name>cache-test-" + UUID.randomUUID() + "</cluster-name>"));
    Map<ConfigKey, String> clustered = Map.of(ConfigKey.CLUSTER_ENABLED, "true",
        ConfigKey.CLUSTER_CONFIG, config.toString(), ConfigKey.REDIS_URL, redisUrl(),
        ConfigKey.CLUSTER_SECRET, "cache-test-cluster-secret-0123456789abcdef");
    Map<ConfigKey, String> gatewayOnly = new HashMap<>(clustered);
    gatewayOnly.put(ConfigKey.ROLES, "gateway");
    try (Node a = Node.start(clustered); Node b = Node.start(gatewayOnly)) {
      String admin = TestAdmin.token(a.system());
      JsonObject product = new JsonObject().put("sku", "SKU-" + UUID.randomUUID().toString().substring(0, 8))
          .put("name", "Version 0").put("price", new JsonObject().put("amount", "12.90").put("currency", "EUR"))
          .put("stock", 10);
      Reply created = a.http().send("POST", "/api/admin/products", product, admin);
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      String id = created.json().getString("id");
      for (int round = 1; round <= 10; round++) {
        Http writer = round % 2 == 0 ? a.http() : b.http();
        Http reader = round % 2 == 0 ? b.http() : a.http();
        settledHit(reader, "/api/products/" + id);
        Reply renamed = rename(writer, admin, id, "Version " + round);
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
        assertThat(reader.get("/api/products/" + id, null).json().getString("name")).isEqualTo("Version " + round);
      }
    }
  }
}
