package io.emporium.product.domain;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** So many units of one product. */
public record ReservationItem(UUID productId, int quantity) {

  public JsonObject toJson() {
    return new JsonObject().put("productId", productId.toString()).put("quantity", quantity);
  }
}
