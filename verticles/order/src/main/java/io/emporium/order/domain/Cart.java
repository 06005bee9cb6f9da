package io.emporium.order.domain;

import java.util.List;
import java.util.UUID;

/** A signed-in user's cart: products and quantities, in the order they were first added. */
public record Cart(String userId, List<Item> items) {
  /** Most lines a cart holds (as many as one reservation may have). */
  public static final int MAX_LINES = 100;
  public static final int MAX_QUANTITY = 1_000;

  public Cart {
    items = List.copyOf(items);
  }

  public record Item(UUID productId, int quantity) {}

  public boolean isEmpty() {
    return items.isEmpty();
  }
}
