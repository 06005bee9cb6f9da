package io.emporium.gateway.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.gateway.testing.GatewayFixture;
import io.emporium.platform.config.ConfigKey;
import io.emporium.testkit.Http;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /api/queue/stats} shows every service's outbox, the product service's too. */
class QueueStatsTest {
  private static final String EMAIL = "queue-admin@example.com";
  private static final String PASSWORD = "a long and unusual admin passphrase";
  private static GatewayFixture gateway;

  @BeforeAll
  static void start() {
    gateway = GatewayFixture.start(Map.of(ConfigKey.ADMIN_EMAIL, EMAIL, ConfigKey.ADMIN_PASSWORD, PASSWORD,
        ConfigKey.AUTH_ARGON2_MEMORY_KIB, "1024", ConfigKey.AUTH_ARGON2_ITERATIONS, "1"));
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
  }

  @Test
  void theProductOutboxIsShownBesideTheUserOutbox() {
    String admin = gateway.send("POST", "/api/auth/login", new JsonObject().put("email", EMAIL)
        .put("password", PASSWORD), null).json().getString("accessToken");
    String category = "queue-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(gateway.send("POST", "/api/admin/categories", new JsonObject().put("slug", category)
        .put("name", "Queue"), admin).status()).isEqualTo(201);

    Http.Reply reply = gateway.get("/api/queue/stats", admin);

    assertThat(reply.status()).as("%s", reply).isEqualTo(200);
    JsonObject stats = reply.json();
    JsonObject product = stats.getJsonObject("outboxes").getJsonObject("product");
    JsonObject user = stats.getJsonObject("outboxes").getJsonObject("user");
    assertThat(product.getLong("pending") + product.getLong("delivered")).as("category.created in %s", stats)
        .isGreaterThanOrEqualTo(1);
    assertThat(user.fieldNames()).contains("pending", "delivered", "dead", "retried", "oldestPendingAgeSeconds");
    assertThat(stats.getLong("dead")).isEqualTo(product.getLong("dead") + user.getLong("dead"));
    assertThat(stats.getLong("pending") + stats.getLong("delivered")).isEqualTo(product.getLong("pending")
        + product.getLong("delivered") + user.getLong("pending") + user.getLong("delivered"));
    assertThat(stats.getBoolean("complete")).isTrue();
    assertThat(stats.getJsonArray("unreadable")).isEmpty();
  }
}
