package io.emporium.product.domain;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A catalogue entry. The price is an exact decimal; it is never held in a binary floating point. */
public record Product(
    UUID id, String sku, String name, String description, BigDecimal price, String currency, String category,
    List<String> tags, JsonObject attributes, boolean featured, int stock, Status status, long version,
    Instant createdAt, Instant updatedAt) {

  public enum Status { ACTIVE, ARCHIVED }

  /** The public JSON shape: the reply of {@code product.get} and the body of the HTTP API. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("sku", sku)
        .put("name", name)
        .put("description", description)
        .put("price", new JsonObject().put("amount", price.toPlainString()).put("currency", currency))
        .put("category", category)
        .put("tags", new JsonArray(tags))
        .put("attributes", attributes.copy())
        .put("featured", featured)
        .put("stock", stock)
        .put("status", status.name().toLowerCase(java.util.Locale.ROOT))
        .put("version", version)
        .put("createdAt", createdAt.toString())
        .put("updatedAt", updatedAt.toString());
  }
}
