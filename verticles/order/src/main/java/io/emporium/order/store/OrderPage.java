package io.emporium.order.store;

import io.emporium.order.domain.Order;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** One page of orders and how many match in all. */
public record OrderPage(List<Order> items, int page, int size, long total) {

  public OrderPage {
    items = List.copyOf(items);
  }

  /** The list envelope of the contract. */
  public JsonObject toJson() {
    return new JsonObject().put("items", new JsonArray(items.stream().map(Order::toJson).toList()))
        .put("page", page).put("size", size).put("total", total).putNull("nextCursor");
  }
}
