package io.emporium.launcher.product;

import static io.emporium.launcher.product.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.testkit.Http;
import io.emporium.testkit.Http.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The product routes that write (create, update, delete, featured, stock, bulk, categories) over real HTTP,
 * once per store, with the bad inputs clients send and concurrent writers.
 */
abstract class ProductWriteRoutesContract extends ProductRoutesSystem {
  // ---- admin writes ----------------------------------------------------------------------------

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
