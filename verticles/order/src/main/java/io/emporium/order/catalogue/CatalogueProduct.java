package io.emporium.order.catalogue;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.UUID;

/** What checkout and the cart read of a product: its name, price and stock now, and whether it is for sale. */
public record CatalogueProduct(UUID id, String name, BigDecimal price, String currency, int stock, boolean active) {

  /** From the product service's product JSON ({@code price} as {"amount","currency"}, exact). */
  public static CatalogueProduct fromJson(JsonObject product) {
    JsonObject price = product.getJsonObject("price");
    return new CatalogueProduct(UUID.fromString(product.getString("id")), product.getString("name"),
        new BigDecimal(price.getString("amount")), price.getString("currency"), product.getInteger("stock", 0),
        "active".equals(product.getString("status", "active")));
  }
}
