package io.emporium.launcher.product;

import static io.emporium.launcher.product.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.testkit.Http;
import io.emporium.testkit.Http.Reply;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The product routes that read, and who may call which route, over real HTTP, once per store, with the bad
 * inputs clients send: wrong types, negative numbers, huge pages, unknown categories, SQL and script text.
 */
abstract class ProductReadRoutesContract extends ProductRoutesSystem {
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

  // ---- who may call ---------------------------------------------------------------------------

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
}
