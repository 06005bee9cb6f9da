package io.emporium.order.domain;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import java.util.Arrays;
import java.util.Optional;

/**
 * Where an order stands: {@code PLACED -> PAID -> SHIPPED -> DELIVERED}, or {@code CANCELLED} from
 * PLACED or PAID. Every change of state goes through {@link #check}: the one place that says which moves
 * are legal.
 */
public enum OrderState {
  PLACED,
  PAID,
  SHIPPED,
  DELIVERED,
  CANCELLED;

  public boolean canMoveTo(OrderState next) {
    return switch (this) {
      case PLACED -> next == PAID || next == CANCELLED;
      case PAID -> next == SHIPPED || next == CANCELLED;
      case SHIPPED -> next == DELIVERED;
      case DELIVERED, CANCELLED -> false;
    };
  }

  /** Fails with CONFLICT (field {@code state}) when this state cannot move to {@code next}. */
  public void check(OrderState next) {
    if (!canMoveTo(next)) {
      throw new ServiceError(ErrorCode.CONFLICT, "an order that is " + this + " cannot become " + next, "state")
          .toException();
    }
  }

  public static Optional<OrderState> fromWire(String name) {
    return Arrays.stream(values()).filter(s -> s.name().equals(name)).findFirst();
  }
}
