package io.emporium.order.domain;

/**
 * Told of every order that reached a new state and was stored (a new order in PLACED, then each move),
 * once per change, whoever made it (a user, an admin, the service's sweeper). Metrics listen here.
 */
@FunctionalInterface
public interface OrderTransitions {
  OrderTransitions NONE = order -> {};

  /** {@code order} as stored, in its new state. Must not throw or block. */
  void moved(Order order);
}
