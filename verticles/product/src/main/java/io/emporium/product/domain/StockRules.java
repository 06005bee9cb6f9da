package io.emporium.product.domain;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import java.util.Optional;
import java.util.UUID;

/**
 * The answers to stock that cannot move, the same from both stores: the memory store checks before it
 * changes anything, PostgreSQL asks why its conditional update changed nothing.
 */
public final class StockRules {
  private StockRules() {}

  /**
   * Why adding {@code delta} to a product's stock (empty when there is no such product) is refused:
   * NOT_FOUND, CONFLICT on {@code delta} below zero, VALIDATION on {@code delta} beyond the int range.
   * Empty when it is allowed.
   */
  public static Optional<ServiceError> adjustRefusal(UUID id, Optional<Integer> stock, int delta) {
    if (stock.isEmpty()) {
      return Optional.of(ServiceError.notFound("no product with id " + id));
    }
    if ((long) stock.get() + delta < 0) {
      return Optional.of(notEnough(stock.get(), "delta"));
    }
    if ((long) stock.get() + delta > Integer.MAX_VALUE) {
      return Optional.of(beyondMaximum());
    }
    return Optional.empty();
  }

  /** VALIDATION on {@code delta}: the stock would not fit an int. */
  public static ServiceError beyondMaximum() {
    return ServiceError.invalid("delta", "stock would exceed " + Integer.MAX_VALUE);
  }

  /** CONFLICT on {@code field}: the product has {@code left} units, fewer than wanted. */
  public static ServiceError notEnough(int left, String field) {
    return new ServiceError(ErrorCode.CONFLICT, "not enough stock: " + left + " left", field);
  }

  /** NOT_FOUND on {@code items[index].productId}: a reservation item names no product. */
  public static ServiceError unknownItem(int index, UUID productId) {
    return new ServiceError(ErrorCode.NOT_FOUND, "no product with id " + productId,
        "items[" + index + "].productId");
  }

  /** CONFLICT on {@code items[index].quantity}: the product has {@code left} units, fewer than the item wants. */
  public static ServiceError itemShort(int index, int left) {
    return notEnough(left, "items[" + index + "].quantity");
  }
}
