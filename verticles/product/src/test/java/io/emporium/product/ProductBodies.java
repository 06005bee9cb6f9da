package io.emporium.product;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Product bodies as admin callers send them, for the tests of the product service. */
final class ProductBodies {
  private ProductBodies() {}

  /** An espresso cup in the category {@code kitchen}, stock 25, with tags to normalise. */
  static JsonObject cup(String sku) {
    return new JsonObject().put("sku", sku).put("name", "Espresso cup").put("description", "Porcelain, 90 ml")
        .put("price", new JsonObject().put("amount", "12.90").put("currency", "EUR")).put("category", "kitchen")
        .put("tags", new JsonArray().add("Cup").add("cup ").add("Porcelain")).put("stock", 25);
  }
}
