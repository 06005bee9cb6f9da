package io.emporium.launcher.product;

import static io.emporium.launcher.product.ProblemAssertions.assertProblem;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every product route over real HTTP against the whole system as the launcher starts it (two product
 * instances behind the gateway), once per store, with the bad inputs clients send: wrong types,
 * negative numbers, huge pages, unknown categories, SQL and script text. Each test files its
 * products under a category of its own, so tests share one running system.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ProductRoutesContract {
  static final String SECRET = "product-routes-test-secret-0123456789abcdef";
  private RunningSystem system;
  Http http;
  /** The system's bootstrap admin: the product service confirms admin callers with the user service. */
  String admin;
  final String user = Tokens.user(SECRET);

  abstract Map<ConfigKey, String> storeConfig();

  /** Runs before the system starts (a PostgreSQL test empties the product schema). */
  void prepareStore() {}

  @BeforeAll
  void start() throws Exception {
    prepareStore();
    Map<ConfigKey, String> overrides = new HashMap<>(storeConfig());
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

  // ---- public reads ----------------------------------------------------------------------------

  @Test
  void thePublicCatalogueRoutesAnswer() {
    String cat = category();
    JsonObject cup = create(product(cat, "Espresso cup", "12.90", 25));
    JsonObject pot = create(product(cat, "Porcelain teapot", "39.50", 0).put("featured", true));

    Reply byId = http.get("/api/products/" + cup.getString("id"), null);
    assertThat(byId.status()).isEqualTo(200);
    assertThat(byId.json()).isEqualTo(cup);

    Reply list = http.get("/api/products?category=" + cat + "&sort=price&currency=EUR&order=desc&size=1", null);
    assertThat(list.status()).as(list.toString()).isEqualTo(200);
    assertThat(list.json().getInteger("total")).isEqualTo(2);
    assertThat(list.json().getString("currency")).isEqualTo("EUR");
    assertThat(list.json().getJsonArray("items").getJsonObject(0).getString("id")).isEqualTo(pot.getString("id"));
    String cursor = list.json().getString("nextCursor");
    Reply next = http.get("/api/products?category=" + cat + "&sort=price&currency=EUR&order=desc&size=1&cursor="
        + cursor, null);
    assertThat(next.json().getJsonArray("items").getJsonObject(0).getString("id")).isEqualTo(cup.getString("id"));
    assertThat(next.json().getValue("nextCursor")).isNull();

    Reply inStock = http.get("/api/products?category=" + cat + "&inStock=true&minPrice=10&maxPrice=13&currency=EUR",
        null);
    assertThat(inStock.json().getJsonArray("items")).hasSize(1);

    Reply featured = http.get("/api/products/featured?category=" + cat, null);
    assertThat(featured.status()).as(featured.toString()).isEqualTo(200);
    assertThat(featured.json().getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("id")))
        .containsExactly(pot.getString("id"));

    Reply search = http.get("/api/products/search/" + Http.encode("espreso cup") + "?category=" + cat, null);
    assertThat(search.status()).as(search.toString()).isEqualTo(200);
    assertThat(search.json().getJsonArray("items").getJsonObject(0).getString("id")).isEqualTo(cup.getString("id"));

    Reply categories = http.get("/api/categories", null);
    assertThat(categories.status()).isEqualTo(200);
    JsonObject mine = categories.json().getJsonArray("items").stream().map(o -> (JsonObject) o)
        .filter(c -> c.getString("slug").equals(cat)).findFirst().orElseThrow();
    assertThat(mine.getLong("productCount")).isEqualTo(2);
  }

  @Test
  void listingParametersAreCheckedNamingEachOne() {
    assertProblem(http.get("/api/products?size=101", null), 400, "VALIDATION", "size");
    assertProblem(http.get("/api/products?size=1000000000000", null), 400, "VALIDATION", "size");
    assertProblem(http.get("/api/products?size=-5", null), 400, "VALIDATION", "size");
    assertProblem(http.get("/api/products?page=0", null), 400, "VALIDATION", "page");
    assertProblem(http.get("/api/products?page=10001", null), 400, "VALIDATION", "page");
    assertProblem(http.get("/api/products?page=two", null), 400, "VALIDATION", "page");
    assertProblem(http.get("/api/products?sort=popularity", null), 400, "VALIDATION", "sort");
    assertProblem(http.get("/api/products?sort=relevance", null), 400, "VALIDATION", "sort");
    assertProblem(http.get("/api/products?order=sideways", null), 400, "VALIDATION", "order");
    assertProblem(http.get("/api/products?sort=price", null), 400, "VALIDATION", "currency");
    assertProblem(http.get("/api/products?maxPrice=5&currency=euro", null), 400, "VALIDATION", "currency");
    assertProblem(http.get("/api/products?minPrice=-1", null), 400, "VALIDATION", "minPrice");
    assertProblem(http.get("/api/products?maxPrice=1e9", null), 400, "VALIDATION", "maxPrice");
    assertProblem(http.get("/api/products?minPrice=9&maxPrice=1", null), 400, "VALIDATION", "maxPrice");
    assertProblem(http.get("/api/products?featured=yes", null), 400, "VALIDATION", "featured");
    assertProblem(http.get("/api/products?inStock=", null), 400, "VALIDATION", "inStock");
    assertProblem(http.get("/api/products?category=no-such-category", null), 400, "VALIDATION", "category");
    assertProblem(http.get("/api/products?category=" + Http.encode("x' OR 1=1 --"), null), 400, "VALIDATION",
        "category");
    assertProblem(http.get("/api/products?cursor=garbage", null), 400, "VALIDATION", "cursor");
    assertProblem(http.get("/api/products?size=1&size=2", null), 400, "VALIDATION", "size");
    assertProblem(http.get("/api/products?colour=red", null), 400, "VALIDATION", "colour");
    assertProblem(http.get("/api/products/featured?featured=false", null), 400, "VALIDATION", "featured");
    assertProblem(http.get("/api/categories?depth=2", null), 400, "VALIDATION", "depth");
  }

  @Test
  void searchTakesAnyTextAsWordsAndNeverFailsOnIt() {
    String cat = category();
    create(product(cat, "Garden spade", "29.99", 3));
    for (String hostile : List.of("'; DROP TABLE product.products; --", "<script>alert(1)</script>",
        "\" OR \"\"=\"", "spade' UNION SELECT * FROM account.users --", "%00", "☕ ünïcødé", "a:* | b & !c")) {
      Reply reply = http.get("/api/products/search/" + Http.encode(hostile), null);
      assertThat(reply.status()).as(hostile + " -> " + reply).isIn(200, 400);
      assertThat(reply.body()).doesNotContain("<script>");
      if (reply.status() == 400) {
        assertProblem(reply, 400, "VALIDATION", "query");
      }
    }
    Reply stillThere = http.get("/api/products/search/spade?category=" + cat, null);
    assertThat(stillThere.json().getJsonArray("items")).hasSize(1);
    assertThat(http.get("/api/products/search/" + Http.encode("spade UNION SELECT"), null).json().getInteger("total"))
        .isZero();
    assertProblem(http.get("/api/products/search/" + "x".repeat(201), null), 400, "VALIDATION", "query");
    assertProblem(http.get("/api/products/search/" + Http.encode("%%%"), null), 400, "VALIDATION", "query");
    assertProblem(http.get("/api/products/search/spade?query=other", null), 400, "VALIDATION", "query");
    assertProblem(http.get("/api/products/search/spade?sort=rank", null), 400, "VALIDATION", "sort");
    assertProblem(http.get("/api/products/search/spade?size=500", null), 400, "VALIDATION", "size");
  }

  @Test
  void aMalformedIdInThePathIsAValidationProblem() {
    assertProblem(http.get("/api/products/not-a-uuid", null), 400, "VALIDATION", "id");
    assertProblem(http.send("PUT", "/api/admin/products/42", new JsonObject(), admin), 400, "VALIDATION", "id");
    assertProblem(http.send("DELETE", "/api/admin/products/42", null, admin), 400, "VALIDATION", "id");
    assertProblem(http.send("POST", "/api/admin/products/42/stock", new JsonObject().put("delta", 1), admin), 400,
        "VALIDATION", "id");
    assertProblem(http.get("/api/products/" + UUID.randomUUID(), null), 404, "NOT_FOUND", null);
    Reply wrongMethod = http.send("DELETE", "/api/products/" + UUID.randomUUID(), null, admin);
    assertProblem(wrongMethod, 405, "METHOD_NOT_ALLOWED", null);
    assertThat(wrongMethod.header("Allow")).isEqualTo("GET, HEAD");
    assertThat(http.send("PATCH", "/api/admin/products/" + UUID.randomUUID(), new JsonObject(), admin).header("Allow"))
        .isEqualTo("DELETE, PUT");
  }

  // ---- admin writes ----------------------------------------------------------------------------

  @Test
  void adminRoutesNeedAnAdmin() {
    JsonObject body = product("kitchen", "Cup", "1.00", 1);
    assertProblem(http.send("POST", "/api/admin/products", body, null), 401, "UNAUTHORIZED", null);
    assertProblem(http.send("POST", "/api/admin/products", body, user), 403, "FORBIDDEN", null);
    assertProblem(http.send("POST", "/api/admin/products/bulk", new JsonObject(), user), 403, "FORBIDDEN", null);
    assertProblem(http.send("POST", "/api/admin/categories", new JsonObject(), null), 401, "UNAUTHORIZED", null);
    assertProblem(http.send("POST", "/api/admin/products", body, "not.a.token"), 401, "UNAUTHORIZED", null);
  }

  @Test
  void theCatalogueAuditIsReadThroughTheAdminAuditRouteWithEntityProduct() {
    JsonObject p = create(product(category(), "Audited cup", "4.20", 2));
    Reply audit = http.get("/api/admin/audit?entity=product&target=" + p.getString("id"), admin);
    assertThat(audit.status()).as(audit.toString()).isEqualTo(200);
    assertThat(audit.json().getJsonArray("items")).isNotEmpty();
    JsonObject entry = audit.json().getJsonArray("items").getJsonObject(0);
    assertThat(entry.getString("targetId")).isEqualTo(p.getString("id"));
    assertThat(entry.getString("entity")).isEqualTo("product");
    assertProblem(http.get("/api/admin/audit?entity=order", admin), 400, "VALIDATION", "entity");
    assertProblem(http.get("/api/admin/audit?entity=product", user), 403, "FORBIDDEN", null);
  }

  @Test
  void theMeshRoutesAreForAdminsOnly() {
    assertProblem(http.get("/api/mesh/stats", null), 401, "UNAUTHORIZED", null);
    assertProblem(http.get("/api/mesh/stats", user), 403, "FORBIDDEN", null);
    assertProblem(http.send("PUT", "/api/admin/mesh/services/product/policy", new JsonObject(), user), 403,
        "FORBIDDEN", null);
    Reply stats = http.get("/api/mesh/stats", admin);
    assertThat(stats.status()).as(stats.toString()).isEqualTo(200);
  }

  @Test
  void createValidatesEveryFieldAndSkusAreUniqueWithoutRegardToCase() {
    String cat = category();
    JsonObject created = create(product(cat, "Cup", "12.90", 1).put("sku", unique("Cup")));
    assertThat(created.getJsonObject("price").getString("amount")).isEqualTo("12.90");
    assertProblem(http.send("POST", "/api/admin/products", product(cat, "Again", "1.00", 1)
        .put("sku", created.getString("sku").toLowerCase()), admin), 409, "CONFLICT", "sku");
    assertProblem(http.send("POST", "/api/admin/products", product(cat, "", "1.00", 1), admin), 400, "VALIDATION",
        "name");
    assertProblem(http.send("POST", "/api/admin/products", product(cat, "n".repeat(201), "1.00", 1), admin), 400,
        "VALIDATION", "name");
    assertProblem(http.send("POST", "/api/admin/products", product(cat, "Cup", "-0.01", 1), admin), 400,
        "VALIDATION", "price");
    assertProblem(http.send("POST", "/api/admin/products", product(cat, "Cup", "1.005", 1), admin), 400,
        "VALIDATION", "price");
    assertProblem(http.send("POST", "/api/admin/products", "{\"sku\":\"FLOAT-1\",\"name\":\"Cup\",\"price\":"
        + "{\"amount\":0.125,\"currency\":\"EUR\"}}", admin), 400, "VALIDATION", "price");
    assertProblem(http.send("POST", "/api/admin/products", product(cat, "Cup", "1.00", -1), admin), 400,
        "VALIDATION", "stock");
    assertProblem(http.send("POST", "/api/admin/products", product(cat, "Cup", "1.00", 1).put("stock", "7"), admin),
        400, "VALIDATION", "stock");
    assertProblem(http.send("POST", "/api/admin/products", product(cat, "Cup", "1.00", 1).put("stock", 1.5), admin),
        400, "VALIDATION", "stock");
    assertProblem(http.send("POST", "/api/admin/products", product(cat, "Cup", "1.00", 1).put("name", 123), admin),
        400, "VALIDATION", "name");
    assertProblem(http.send("POST", "/api/admin/products", product("no-such-category", "Cup", "1.00", 1), admin), 400,
        "VALIDATION", "category");
    assertProblem(http.send("POST", "/api/admin/products", product(cat, "Cup", "1.00", 1).put("tags", "a,b"), admin),
        400, "VALIDATION", "tags");
    assertProblem(http.send("POST", "/api/admin/products", "{\"sku\": ", admin), 400, "VALIDATION", "body");
    assertProblem(http.send("POST", "/api/admin/products", "[1,2]", admin), 400, "VALIDATION", "body");
    assertProblem(http.send("POST", "/api/admin/products", "sku=1", admin, Map.of("Content-Type", "text/plain")), 415,
        "UNSUPPORTED_MEDIA_TYPE", null);
    assertProblem(http.send("POST", "/api/admin/products", product(cat, "Cup", "1.00", 1)
        .put("id", UUID.randomUUID().toString()), admin), 400, "VALIDATION", "id");
  }

  @Test
  void updatesUseTheVersionFromTheBodyOrIfMatch() {
    String cat = category();
    JsonObject p = create(product(cat, "Cup", "1.00", 1));
    String path = "/api/admin/products/" + p.getString("id");
    Reply renamed = http.send("PUT", path, new JsonObject().put("name", "Renamed"), admin, Map.of("If-Match", "\"1\""));
    assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
    assertThat(renamed.json().getLong("version")).isEqualTo(2);
    assertProblem(http.send("PUT", path, new JsonObject().put("name", "Lost"), admin, Map.of("If-Match", "\"1\"")),
        412, "PRECONDITION_FAILED", "version");
    assertProblem(http.send("PUT", path, new JsonObject().put("name", "Lost").put("version", 1), admin), 412,
        "PRECONDITION_FAILED", "version");
    Reply weak = http.send("PUT", path, new JsonObject().put("name", "Weak"), admin, Map.of("If-Match", "W/\"2\""));
    assertThat(weak.json().getLong("version")).isEqualTo(3);
    assertThat(http.send("PUT", path, new JsonObject().put("price", "2.50").put("currency", "EUR").put("version", 3),
        admin).json().getJsonObject("price").getString("amount")).isEqualTo("2.50");
    // RFC 6585: a missing precondition is 428, naming what to send
    assertProblem(http.send("PUT", path, new JsonObject().put("name", "No version"), admin), 428,
        "PRECONDITION_REQUIRED", "If-Match");
    assertProblem(http.send("PUT", path, new JsonObject().put("name", "x"), admin, Map.of("If-Match", "*")), 400,
        "VALIDATION", "If-Match");
    assertProblem(http.send("PUT", path, new JsonObject().put("version", 4), admin, Map.of("If-Match", "\"3\"")), 400,
        "VALIDATION", "version");
    assertProblem(http.send("PUT", path, new JsonObject().put("version", 4).put("id", UUID.randomUUID().toString()),
        admin), 400, "VALIDATION", "id");
    assertProblem(http.send("PUT", path, new JsonObject().put("version", 4).put("stock", -3), admin), 400,
        "VALIDATION", "stock");
    assertProblem(http.send("PUT", "/api/admin/products/" + UUID.randomUUID(), new JsonObject().put("version", 1),
        admin), 404, "NOT_FOUND", "id");
  }

  @Test
  void aReadAfterAnAcknowledgedWriteNeverReturnsTheOldProduct() {
    String cat = category();
    JsonObject p = create(product(cat, "Cup", "1.00", 1));
    String id = p.getString("id");
    for (int version = 1; version <= 20; version++) {
      Reply written = http.send("PUT", "/api/admin/products/" + id, new JsonObject().put("version", version)
          .put("name", "Cup v" + (version + 1)), admin);
      assertThat(written.status()).as(written.toString()).isEqualTo(200);
      Reply read = http.get("/api/products/" + id, null);
      assertThat(read.json().getLong("version")).isEqualTo(version + 1);
      assertThat(read.json().getString("name")).isEqualTo("Cup v" + (version + 1));
    }
  }

  @Test
  void deleteChecksAnOptionalVersionAndThenTheProductIsGone() {
    String cat = category();
    JsonObject p = create(product(cat, "Cup", "1.00", 1));
    String path = "/api/admin/products/" + p.getString("id");
    assertProblem(http.send("DELETE", path + "?version=9", null, admin), 412, "PRECONDITION_FAILED", "version");
    assertProblem(http.send("DELETE", path, null, admin, Map.of("If-Match", "\"9\"")), 412, "PRECONDITION_FAILED",
        "version");
    assertProblem(http.send("DELETE", path + "?version=x", null, admin), 400, "VALIDATION", "version");
    assertProblem(http.send("DELETE", path + "?force=true", null, admin), 400, "VALIDATION", "force");
    Reply deleted = http.send("DELETE", path, null, admin, Map.of("If-Match", "\"1\""));
    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
    assertThat(deleted.body()).isEmpty();
    assertProblem(http.get("/api/products/" + p.getString("id"), null), 404, "NOT_FOUND", null);
    assertProblem(http.send("DELETE", path, null, admin), 404, "NOT_FOUND", "id");
  }

  @Test
  void featuredIsSetAndClearedByAdmins() {
    String cat = category();
    JsonObject p = create(product(cat, "Cup", "1.00", 1));
    String path = "/api/admin/products/" + p.getString("id") + "/featured";
    assertThat(http.send("PUT", path, new JsonObject().put("featured", true), admin).json().getBoolean("featured"))
        .isTrue();
    assertThat(http.get("/api/products/featured?category=" + cat, null).json().getJsonArray("items")).hasSize(1);
    assertThat(http.send("PUT", path, new JsonObject().put("featured", false), admin).status()).isEqualTo(200);
    assertThat(http.get("/api/products/featured?category=" + cat, null).json().getJsonArray("items")).isEmpty();
    assertProblem(http.send("PUT", path, new JsonObject().put("featured", "true"), admin), 400, "VALIDATION",
        "featured");
    assertProblem(http.send("PUT", path, new JsonObject(), admin), 400, "VALIDATION", "featured");
    assertProblem(http.send("PUT", path, new JsonObject().put("featured", true), user), 403, "FORBIDDEN", null);
  }

  @Test
  void stockNeverGoesBelowZeroAndARefusedChangeChangesNothing() {
    String cat = category();
    JsonObject p = create(product(cat, "Cup", "1.00", 3));
    String path = "/api/admin/products/" + p.getString("id") + "/stock";
    assertProblem(http.send("POST", path, new JsonObject().put("delta", -4), admin), 409, "CONFLICT", "delta");
    JsonObject unchanged = http.get("/api/products/" + p.getString("id"), null).json();
    assertThat(unchanged.getInteger("stock")).isEqualTo(3);
    assertThat(unchanged.getLong("version")).isEqualTo(1);
    assertThat(http.send("POST", path, new JsonObject().put("delta", -3), admin).json().getInteger("stock")).isZero();
    assertThat(http.send("POST", path, new JsonObject().put("delta", 10), admin).json().getInteger("stock"))
        .isEqualTo(10);
    assertProblem(http.send("POST", path, new JsonObject().put("delta", "5"), admin), 400, "VALIDATION", "delta");
    assertProblem(http.send("POST", path, new JsonObject().put("delta", 0), admin), 400, "VALIDATION", "delta");
    assertProblem(http.send("POST", path, new JsonObject().put("delta", 2.5), admin), 400, "VALIDATION", "delta");
    assertProblem(http.send("POST", path, new JsonObject().put("delta", 99999999999L), admin), 400, "VALIDATION",
        "delta");
    assertProblem(http.send("POST", path, new JsonObject(), admin), 400, "VALIDATION", "delta");
    assertProblem(http.send("POST", "/api/admin/products/" + UUID.randomUUID() + "/stock",
        new JsonObject().put("delta", 1), admin), 404, "NOT_FOUND", null);
  }

  @Test
  void bulkAnswersEachItemAndAtomicAppliesAllOrNone() {
    String cat = category();
    JsonObject existing = create(product(cat, "Old", "1.00", 1));
    JsonArray items = new JsonArray()
        .add(product(cat, "New", "2.00", 2).put("op", "create"))
        .add(product(cat, "Dup", "2.00", 2).put("sku", existing.getString("sku")).put("op", "create"))
        .add(new JsonObject().put("op", "update").put("id", existing.getString("id")).put("version", 1)
            .put("stock", 5))
        .add(new JsonObject().put("op", "delete").put("id", UUID.randomUUID().toString()));
    Reply partial = http.send("POST", "/api/admin/products/bulk", new JsonObject().put("items", items), admin);
    assertThat(partial.status()).as(partial.toString()).isEqualTo(200);
    assertThat(partial.json().getJsonArray("results").stream().map(r -> ((JsonObject) r).getInteger("status")))
        .containsExactly(201, 409, 200, 404);
    assertThat(http.get("/api/products?category=" + cat, null).json().getInteger("total")).isEqualTo(2);

    JsonArray atomicItems = new JsonArray()
        .add(product(cat, "Newer", "2.00", 2).put("op", "create"))
        .add(new JsonObject().put("op", "update").put("id", existing.getString("id")).put("version", 1)
            .put("stock", 6));
    Reply atomic = http.send("POST", "/api/admin/products/bulk", new JsonObject().put("atomic", true)
        .put("items", atomicItems), admin);
    assertThat(atomic.json().getBoolean("applied")).isFalse();
    assertThat(atomic.json().getJsonArray("results").stream().map(r -> ((JsonObject) r).getInteger("status")))
        .containsExactly(424, 412);
    assertThat(http.get("/api/products?category=" + cat, null).json().getInteger("total")).isEqualTo(2);
    assertThat(http.get("/api/products/" + existing.getString("id"), null).json().getInteger("stock")).isEqualTo(5);

    JsonArray thousand = new JsonArray();
    for (int i = 0; i < 1_000; i++) {
      thousand.add(product(cat, "Bulk " + i, "3.00", i).put("op", "create"));
    }
    Reply big = http.send("POST", "/api/admin/products/bulk", new JsonObject().put("items", thousand), admin);
    assertThat(big.status()).as(big.toString()).isEqualTo(200);
    assertThat(big.json().getInteger("succeeded")).isEqualTo(1_000);
    thousand.add(product(cat, "One too many", "3.00", 1).put("op", "create"));
    assertProblem(http.send("POST", "/api/admin/products/bulk", new JsonObject().put("items", thousand), admin), 400,
        "VALIDATION", "items");
    assertProblem(http.send("POST", "/api/admin/products/bulk", new JsonObject().put("items", "all"), admin), 400,
        "VALIDATION", "items");
  }

  @Test
  void categoriesAreCreatedAndDeletedByAdminsOnly() {
    String parent = category();
    String slug = unique("child");
    Reply child = http.send("POST", "/api/admin/categories", new JsonObject().put("slug", slug).put("name", "Child")
        .put("parent", parent), admin);
    assertThat(child.status()).as(child.toString()).isEqualTo(201);
    assertProblem(http.send("POST", "/api/admin/categories", new JsonObject().put("slug", slug).put("name", "Again"),
        admin), 409, "CONFLICT", "slug");
    assertProblem(http.send("POST", "/api/admin/categories", new JsonObject().put("slug", "Not A Slug")
        .put("name", "x"), admin), 400, "VALIDATION", "slug");
    assertProblem(http.send("POST", "/api/admin/categories", new JsonObject().put("slug", unique("x"))
        .put("name", "x").put("parent", "nowhere"), admin), 400, "VALIDATION", "parent");
    assertProblem(http.send("DELETE", "/api/admin/categories/" + parent, null, admin), 409, "CONFLICT", null);
    assertThat(http.send("DELETE", "/api/admin/categories/" + slug, null, admin).status()).isEqualTo(204);
    assertThat(http.send("DELETE", "/api/admin/categories/" + parent, null, admin).status()).isEqualTo(204);
    assertProblem(http.send("DELETE", "/api/admin/categories/" + parent, null, admin), 404, "NOT_FOUND", null);
    assertProblem(http.send("DELETE", "/api/admin/categories/" + parent, null, user), 403, "FORBIDDEN", null);
  }

  /** 200 decrements of one, all at once, spread by the gateway over the two product instances. */
  @Test
  void twoHundredConcurrentDecrementsOverHttpSellExactlyTheStock() {
    String cat = category();
    JsonObject p = create(product(cat, "Scarce", "1.00", 100));
    List<CompletableFuture<Http.Reply>> calls = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      calls.add(http.sendAsync("POST", "/api/admin/products/" + p.getString("id") + "/stock",
          new JsonObject().put("delta", -1), admin, Map.of()));
    }
    List<Integer> statuses = calls.stream().map(CompletableFuture::join).map(Http.Reply::status).toList();
    assertThat(statuses).filteredOn(s -> s == 200).hasSize(100);
    assertThat(statuses).filteredOn(s -> s == 409).hasSize(100);
    assertThat(http.get("/api/products/" + p.getString("id"), null).json().getInteger("stock")).isZero();
  }
}
