package io.emporium.tests.contract;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * The order routes: the cart, checkout with its Idempotency-Key (201, the same answer again, 400 without
 * the key, 409 short of stock, 422 for a key reused with another body), reading, cancelling and the admins'
 * moves; with their 401, 403 and 404.
 */
final class OrderWorkload {
  private final Api api;
  private final String admin;
  private final String user;
  private final String category = "orders-" + UUID.randomUUID().toString().substring(0, 8);

  OrderWorkload(Api api, String adminToken, String userToken) {
    this.api = api;
    this.admin = adminToken;
    this.user = userToken;
  }

  void run() {
    api.must(Call.of("POST /api/admin/categories").token(admin).json(new JsonObject().put("slug", category)
        .put("name", "Contract orders")).expect(201));
    String cup = api.must(Call.of("POST /api/admin/products").token(admin).json(new JsonObject()
        .put("sku", "ORDER-" + UUID.randomUUID().toString().substring(0, 8)).put("name", "Contract cup")
        .put("price", new JsonObject().put("amount", "4.50").put("currency", "EUR")).put("category", category)
        .put("stock", 5)).expect(201)).json().getString("id");

    cart(cup);
    String placed = checkout(cup);
    reads(placed);
    api.send(Call.of("POST /api/orders/{id}/cancel").token(user).at("/api/orders/" + placed + "/cancel").expect(200));
    api.send(Call.of("POST /api/orders/{id}/cancel").token(user).at("/api/orders/" + placed + "/cancel").expect(409));
    api.send(Call.of("POST /api/orders/{id}/cancel").token(user).at("/api/orders/" + UUID.randomUUID() + "/cancel")
        .expect(404));
    moves(cup);
  }

  private void cart(String cup) {
    api.send(Call.of("GET /api/cart").token(user).expect(200));
    api.send(Call.of("GET /api/cart").expect(401));
    String line = "/api/cart/items/" + cup;
    api.send(Call.of("PUT /api/cart/items/{productId}").token(user).at(line).json(new JsonObject().put("quantity", 2))
        .expect(200));
    api.send(Call.of("PUT /api/cart/items/{productId}").token(user).at(line).json(new JsonObject().put("quantity", -1))
        .expect(400));
    api.send(Call.of("PUT /api/cart/items/{productId}").token(user).at("/api/cart/items/" + UUID.randomUUID())
        .json(new JsonObject().put("quantity", 1)).expect(404));
    api.send(Call.of("PUT /api/cart/items/{productId}").token(user).at(line).body("text/plain", "{}").expect(415));
    api.send(Call.of("DELETE /api/cart").token(user).expect(204));
    api.send(Call.of("PUT /api/cart/items/{productId}").token(user).at(line).json(new JsonObject().put("quantity", 1))
        .expect(200));
  }

  /** Answers the id of an order of the cart. */
  private String checkout(String cup) {
    api.send(Call.of("POST /api/orders").token(user).json(new JsonObject()).expect(400));
    String key = UUID.randomUUID().toString();
    String id = api.must(Call.of("POST /api/orders").token(user).header("Idempotency-Key", key)
        .json(new JsonObject()).expect(201)).json().getString("id");
    api.send(Call.of("POST /api/orders").token(user).header("Idempotency-Key", key).json(new JsonObject())
        .expect(201));
    JsonObject tooMany = items(cup, 100);
    api.send(Call.of("POST /api/orders").token(user).header("Idempotency-Key", key).json(tooMany).expect(422));
    api.send(Call.of("POST /api/orders").token(user).header("Idempotency-Key", "short-" + key).json(tooMany)
        .expect(409));
    api.send(Call.of("POST /api/orders").header("Idempotency-Key", key).json(new JsonObject()).expect(401));
    return id;
  }

  private void reads(String id) {
    api.send(Call.of("GET /api/orders").token(user).at("/api/orders?size=5").expect(200));
    api.send(Call.of("GET /api/orders").token(user).at("/api/orders?size=500").expect(400));
    api.send(Call.of("GET /api/orders/{id}").token(user).at("/api/orders/" + id).expect(200));
    api.send(Call.of("GET /api/orders/{id}").token(user).at("/api/orders/" + UUID.randomUUID()).expect(404));
    api.send(Call.of("GET /api/admin/orders").token(admin).at("/api/admin/orders?state=PLACED&size=5").expect(200));
    api.send(Call.of("GET /api/admin/orders").token(user).expect(403));
  }

  private void moves(String cup) {
    String id = api.must(Call.of("POST /api/orders").token(user).header("Idempotency-Key", UUID.randomUUID().toString())
        .json(items(cup, 1)).expect(201)).json().getString("id");
    String path = "/api/admin/orders/" + id;
    api.send(Call.of("POST /api/admin/orders/{id}/shipped").token(admin).at(path + "/shipped").expect(409));
    api.send(Call.of("POST /api/admin/orders/{id}/paid").token(user).at(path + "/paid").expect(403));
    api.send(Call.of("POST /api/admin/orders/{id}/paid").token(admin).at(path + "/paid").expect(200));
    api.send(Call.of("POST /api/admin/orders/{id}/shipped").token(admin).at(path + "/shipped").expect(200));
    api.send(Call.of("POST /api/admin/orders/{id}/delivered").token(admin).at(path + "/delivered").expect(200));
    api.send(Call.of("POST /api/admin/orders/{id}/delivered").token(admin)
        .at("/api/admin/orders/" + UUID.randomUUID() + "/delivered").expect(404));
  }

  private static JsonObject items(String product, int quantity) {
    return new JsonObject().put("items", new JsonArray().add(new JsonObject().put("productId", product)
        .put("quantity", quantity)));
  }
}
