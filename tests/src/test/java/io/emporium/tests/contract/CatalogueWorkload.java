package io.emporium.tests.contract;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The catalogue routes: categories and products, lists, search, conditional requests (304, 412, 428),
 * bulk and stock, idempotency keys; with their 400, 401, 403, 404, 409, 415 and 422, and the limits every route shares (413,
 * 414, 431; this run's gateway has small ones) and a rate limit (429).
 */
final class CatalogueWorkload {
  /** What this run's gateway is started with (see ContractCheckTest). */
  static final int MAX_BODY_BYTES = 65_536;
  static final int MAX_URL_LENGTH = 2_048;
  static final int MAX_HEADER_BYTES = 4_096;

  private final Api api;
  private final String admin;
  private final String user;
  private final String category = "contract-" + UUID.randomUUID().toString().substring(0, 8);

  CatalogueWorkload(Api api, String adminToken, String userToken) {
    this.api = api;
    this.admin = adminToken;
    this.user = userToken;
  }

  void run() {
    api.must(Call.of("POST /api/admin/categories").token(admin).json(category(category, null)).expect(201));
    api.send(Call.of("POST /api/admin/categories").token(admin).json(category(category, null)).expect(409));
    api.send(Call.of("POST /api/admin/categories").token(admin).json(category("orphan", "no-such-parent"))
        .expect(400));

    JsonObject cup = product("CUP-" + UUID.randomUUID().toString().substring(0, 8)).put("category", category);
    JsonObject created = api.must(Call.of("POST /api/admin/products").token(admin).json(cup).expect(201)).json();
    String id = created.getString("id");
    api.send(Call.of("POST /api/admin/products").token(admin).json(cup).expect(409));
    api.send(Call.of("POST /api/admin/products").token(admin).json(product("BAD-PRICE").put("price", "abc"))
        .expect(400));
    api.send(Call.of("POST /api/admin/products").token(user).json(product("NOT-YOURS")).expect(403));
    api.send(Call.of("POST /api/admin/products").json(product("NO-TOKEN")).expect(401));
    api.send(Call.of("POST /api/admin/products").token(admin).body("text/plain", cup.encode()).expect(415));
    api.send(Call.of("POST /api/admin/products").token(admin).json(product("TOO-LARGE")
        .put("attributes", new JsonObject().put("filler", "x".repeat(MAX_BODY_BYTES)))).expect(413));

    idempotencyKeys();
    reads(id);
    long version = changes(id);
    api.send(Call.of("POST /api/admin/products/bulk").token(admin).json(new JsonObject().put("items", new JsonArray()
        .add(product("BULK-" + UUID.randomUUID().toString().substring(0, 8)).put("op", "create"))
        .add(new JsonObject().put("op", "delete").put("id", UUID.randomUUID().toString())))).expect(200));
    api.send(Call.of("DELETE /api/admin/categories/{slug}").token(admin).at("/api/admin/categories/" + category)
        .expect(409));
    api.send(Call.of("DELETE /api/admin/categories/{slug}").token(admin).at("/api/admin/categories/no-such-category")
        .expect(404));
    String productPath = "/api/admin/products/" + id;
    api.send(Call.of("DELETE /api/admin/products/{id}").token(admin).at(productPath + "?version=1").expect(412));
    api.send(Call.of("DELETE /api/admin/products/{id}").token(admin).at(productPath)
        .header("If-Match", "\"" + version + "\"").expect(204));
    api.send(Call.of("DELETE /api/admin/products/{id}").token(admin).at(productPath).expect(404));
    api.send(Call.of("DELETE /api/admin/categories/{slug}").token(admin).at("/api/admin/categories/" + category)
        .expect(204));
    limits();
  }

  private void reads(String id) {
    String path = "/api/products/" + id;
    Answer first = api.send(Call.of("GET /api/products/{id}").at(path).expect(200));
    String etag = first.header("ETag").orElse("\"none\"");
    api.send(Call.of("GET /api/products/{id}").at(path).header("If-None-Match", etag).expect(304));
    api.send(Call.of("GET /api/products/{id}").at(path).header("Accept-Encoding", "gzip").expect(200));
    api.send(Call.of("GET /api/products/{id}").at(path + "?fields=id,name,price").expect(200));
    api.send(Call.of("GET /api/products/{id}").at("/api/products/" + UUID.randomUUID()).expect(404));
    api.send(Call.of("GET /api/products/{id}").at("/api/products/not-a-uuid").expect(400));

    JsonObject page = api.must(Call.of("GET /api/products").at("/api/products?size=1&sort=name").expect(200)).json();
    String cursor = page.getString("nextCursor");
    if (cursor == null) {
      throw new AssertionError("a page of one product has no nextCursor: the demo catalogue is missing? " + page);
    }
    api.send(Call.of("GET /api/products").at("/api/products?size=1&sort=name&cursor="
        + URLEncoder.encode(cursor, StandardCharsets.UTF_8)).expect(200));
    api.send(Call.of("GET /api/products").at("/api/products?category=" + category + "&fields=id,name").expect(200));
    api.send(Call.of("GET /api/products").at("/api/products?sort=bogus&size=1000").expect(400));
    api.send(Call.of("GET /api/products").at("/api/products?fields=nme").expect(400));
    api.send(Call.of("GET /api/products").header("Authorization", "Bearer not-a-token").expect(401));
    api.send(Call.of("GET /api/products/featured").at("/api/products/featured?size=5").expect(200));
    api.send(Call.of("GET /api/products/search/{query}").at("/api/products/search/cup").expect(200));
    api.send(Call.of("GET /api/products/search/{query}").at("/api/products/search/cup?query=mug").expect(400));
    api.send(Call.of("GET /api/categories").expect(200));
    // prices of different currencies are never compared: a price order names its currency
    api.send(Call.of("GET /api/products").at("/api/products?sort=price").expect(400));
    api.send(Call.of("GET /api/products").at("/api/products?sort=price&currency=EUR&minPrice=1").expect(200));
    api.send(Call.of("GET /api/categories/{slug}").at("/api/categories/" + category).expect(200));
    api.send(Call.of("GET /api/categories/{slug}").at("/api/categories/no-such-category").expect(404));
  }

  /** Changes with every kind of version (body, If-Match with a version, with a GET's ETag, none); the version it ends at. */
  private long changes(String id) {
    String path = "/api/admin/products/" + id;
    api.send(Call.of("PUT /api/admin/products/{id}").token(admin).at(path)
        .json(new JsonObject().put("name", "Contract cup, renamed").put("version", 1)).expect(200));
    api.send(Call.of("PUT /api/admin/products/{id}").token(admin).at(path).header("If-Match", "\"1\"")
        .json(new JsonObject().put("name", "Lost update")).expect(412));
    api.send(Call.of("PUT /api/admin/products/{id}").token(admin).at(path)
        .json(new JsonObject().put("name", "No version")).expect(428));
    String etag = api.send(Call.of("GET /api/products/{id}").at("/api/products/" + id).expect(200))
        .header("ETag").orElse("\"none\"");
    api.send(Call.of("PUT /api/admin/products/{id}").token(admin).at(path).header("If-Match", etag)
        .json(new JsonObject().put("description", "Changed with the ETag a GET gave")).expect(200));
    api.send(Call.of("PUT /api/admin/products/{id}/featured").token(admin).at(path + "/featured")
        .json(new JsonObject().put("featured", true)).expect(200));
    api.send(Call.of("PUT /api/admin/products/{id}/featured").token(admin)
        .at("/api/admin/products/" + UUID.randomUUID() + "/featured").json(new JsonObject().put("featured", true))
        .expect(404));
    api.send(Call.of("POST /api/admin/products/{id}/stock").token(admin).at(path + "/stock")
        .json(new JsonObject().put("delta", -1_000)).expect(409));
    return api.must(Call.of("POST /api/admin/products/{id}/stock").token(admin).at(path + "/stock")
        .json(new JsonObject().put("delta", 2)).expect(200)).json().getLong("version");
  }

  /** A create sent twice with one Idempotency-Key is answered the first 201 again; the key with another body is 422. */
  private void idempotencyKeys() {
    String slug = "contract-keyed-" + UUID.randomUUID().toString().substring(0, 8);
    String key = UUID.randomUUID().toString();
    api.must(Call.of("POST /api/admin/categories").token(admin).header("Idempotency-Key", key)
        .json(category(slug, null)).expect(201));
    api.send(Call.of("POST /api/admin/categories").token(admin).header("Idempotency-Key", key)
        .json(category(slug, null)).expect(201));
    api.send(Call.of("POST /api/admin/categories").token(admin).header("Idempotency-Key", key)
        .json(category(slug + "-other", null)).expect(422));
    api.send(Call.of("DELETE /api/admin/categories/{slug}").token(admin).at("/api/admin/categories/" + slug)
        .expect(204));
  }

  /** The limits every route shares, and a rate-limit policy of one request, put in force for a moment. */
  private void limits() {
    api.send(Call.of("GET /api/products/search/{query}")
        .at("/api/products/search/" + "long".repeat(MAX_URL_LENGTH / 4)).expect(414));
    api.send(Call.of("GET /api/categories").header("X-Filler", "x".repeat(MAX_HEADER_BYTES)).expect(431));

    String limits = "/api/admin/gateway/rate-limits";
    JsonObject inForce = api.must(Call.of("GET /api/admin/gateway/rate-limits").token(admin).expect(200)).json()
        .getJsonObject("document");
    JsonObject oneRequest = inForce.copy();
    oneRequest.getJsonObject("policies").put("contract-one", new JsonObject().put("key", "route").put("rate", 0.001)
        .put("burst", 1));
    oneRequest.getJsonObject("groups").put("read", new JsonArray().add("contract-one"));
    api.must(Call.of("PUT /api/admin/gateway/rate-limits").token(admin).at(limits).json(oneRequest).expect(200));
    api.send(Call.of("GET /api/categories").expect(200));
    api.send(Call.of("GET /api/categories").expect(429));
    api.must(Call.of("PUT /api/admin/gateway/rate-limits").token(admin).at(limits).json(inForce).expect(200));
  }

  private static JsonObject category(String slug, String parent) {
    return new JsonObject().put("slug", slug).put("name", "Contract " + slug).put("parent", parent);
  }

  private static JsonObject product(String sku) {
    return new JsonObject().put("sku", sku).put("name", "Contract cup").put("description", "Porcelain, 90 ml")
        .put("price", new JsonObject().put("amount", "12.90").put("currency", "EUR")).put("tags", new JsonArray()
            .add("cup")).put("stock", 3);
  }
}
