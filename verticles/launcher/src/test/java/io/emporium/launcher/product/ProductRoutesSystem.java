package io.emporium.launcher.product;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.launcher.EmporiumSystem;
import io.emporium.launcher.RunningSystem;
import io.emporium.launcher.TestAdmin;
import io.emporium.platform.config.ConfigKey;
import io.emporium.platform.config.TestConfigs;
import io.emporium.testkit.Http;
import io.emporium.testkit.Http.Reply;
import io.emporium.testkit.Tokens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole system as the launcher starts it (two product instances behind the gateway) on one store, for
 * the product route contracts, with what their tests share: the tokens, an HTTP client and builders. Each
 * test files its products under a category of its own, so the tests of a class share one running system.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ProductRoutesSystem {
  static final String SECRET = "product-routes-test-secret-0123456789abcdef";
  private RunningSystem system;
  Http http;
  /** The system's bootstrap admin: the product service confirms admin callers with the user service. */
  String admin;
  final String user = Tokens.user(SECRET);

  /** The store the system runs on; each contract runs once per store. */
  abstract RoutesStore store();

  @BeforeAll
  void start() throws Exception {
    store().prepare();
    Map<ConfigKey, String> overrides = new HashMap<>(store().config());
    overrides.put(ConfigKey.HTTP_PORT, "0");
    overrides.put(ConfigKey.JWT_SECRET, SECRET);
    overrides.put(ConfigKey.INSTANCES_PRODUCT, "2");
    overrides.put(ConfigKey.OUTBOX_POLL_MS, "100");
    overrides.putAll(TestAdmin.config());
    system = EmporiumSystem.start(TestConfigs.with(overrides)).toCompletionStage().toCompletableFuture()
        .get(60, TimeUnit.SECONDS);
    http = Http.on(system.httpPort().orElseThrow());
    admin = TestAdmin.token(system);
  }

  @AfterAll
  void stop() throws Exception {
    if (system != null) {
      system.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  String category() {
    String slug = unique("cat");
    Reply created = http.send("POST", "/api/admin/categories", new JsonObject().put("slug", slug).put("name", slug),
        admin);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return slug;
  }

  static JsonObject product(String category, String name, String price, int stock) {
    return new JsonObject().put("sku", unique("SKU")).put("name", name).put("description", "Porcelain, 90 ml")
        .put("price", new JsonObject().put("amount", price).put("currency", "EUR")).put("category", category)
        .put("tags", new JsonArray().add("cup")).put("stock", stock);
  }

  JsonObject create(JsonObject product) {
    Reply reply = http.send("POST", "/api/admin/products", product, admin);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    return reply.json();
  }
}
