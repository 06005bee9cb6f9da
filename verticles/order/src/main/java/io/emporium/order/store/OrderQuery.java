package io.emporium.order.store;

import io.emporium.order.domain.OrderState;
import java.time.Instant;
import java.util.Optional;

/**
 * Which orders to list, newest first.
 *
 * @param from orders created at or after this
 * @param to orders created before this
 */
public record OrderQuery(Optional<String> userId, Optional<OrderState> state, Optional<Instant> from,
    Optional<Instant> to, int page, int size) {

  public static OrderQuery ofUser(String userId, int page, int size) {
    return new OrderQuery(Optional.of(userId), Optional.empty(), Optional.empty(), Optional.empty(), page, size);
  }

  public int offset() {
    return (page - 1) * size;
  }
}
