package io.emporium.order.domain;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.UUID;

/**
 * One line of an order: the product as it was priced when the order was placed (name and unit price
 * from the catalogue at that moment, never from the client), and how many.
 */
public record OrderLine(UUID productId, String name, BigDecimal unitPrice, int quantity) {

  public OrderLine {
    unitPrice = Money.exact(unitPrice);
  }

  /** The unit price times the quantity, exact to the cent (prices have at most two decimals). */
  public BigDecimal lineTotal() {
    return unitPrice.multiply(BigDecimal.valueOf(quantity)).setScale(Money.DECIMALS, RoundingMode.UNNECESSARY);
  }

  public JsonObject toJson(String currency) {
    return new JsonObject()
        .put("productId", productId.toString())
        .put("name", name)
        .put("unitPrice", Money.json(unitPrice, currency))
        .put("quantity", quantity)
        .put("lineTotal", Money.json(lineTotal(), currency));
  }

  /** The stored form: amounts as exact decimal strings. */
  public static OrderLine fromJson(JsonObject json) {
    return new OrderLine(UUID.fromString(json.getString("productId")), json.getString("name"),
        new BigDecimal(json.getJsonObject("unitPrice").getString("amount")), json.getInteger("quantity"));
  }
}
