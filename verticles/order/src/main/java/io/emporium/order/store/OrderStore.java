package io.emporium.order.store;

import io.emporium.order.domain.Cart;
import io.emporium.order.domain.Order;
import io.emporium.order.domain.OrderState;
import io.emporium.platform.outbox.OutboxEvent;
import io.emporium.platform.outbox.OutboxStore;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where carts, orders, their audit trail and the outbox are stored. Two implementations (PostgreSQL and
 * in-memory) pass one contract suite.
 *
 * <p>Every change of an order is written with its event and its audit entry in one transaction (one
 * synchronized unit in memory): they exist together or not at all. Failures: a second order under a
 * user's idempotency key is CONFLICT on {@code idempotencyKey}; a change based on a stale version is
 * CONFLICT on {@code version}; a store outage UNAVAILABLE or TIMEOUT.
 */
public interface OrderStore {

  Future<Cart> cart(String userId);

  /** Sets a line's quantity (0 removes it); VALIDATION on {@code productId} when a new line would pass {@link Cart#MAX_LINES}. */
  Future<Cart> setCartItem(String userId, UUID productId, int quantity, Instant now);

  Future<Void> clearCart(String userId);

  /**
   * Stores a new order with its event and audit entry, and empties the user's cart when {@code clearCart}:
   * all in one transaction. CONFLICT on {@code idempotencyKey} when the user has an order under that key.
   */
  Future<Order> place(Order order, boolean clearCart, OutboxEvent event, String actor);

  Future<Optional<Order>> find(UUID id);

  Future<Optional<Order>> findByKey(String userId, String idempotencyKey);

  /**
   * Replaces the order by {@code next} (one version on), with its event and audit entry, only when the
   * stored order is still at {@code next.version() - 1}: CONFLICT on {@code version} otherwise.
   */
  Future<Order> update(Order next, OutboxEvent event, String actor);

  /** Newest first (created, then id), filtered and paged as asked, with the total count. */
  Future<OrderPage> list(OrderQuery query);

  /** Up to {@code limit} orders still PLACED whose payment was due before {@code now}, the longest due first. */
  Future<List<Order>> unpaidDueBefore(Instant now, int limit);

  /** How many orders are in each state now (every state present, 0 when none): the orders-by-state gauge. */
  Future<java.util.Map<OrderState, Long>> countByState();

  /** The audit trail of one order, oldest first. */
  Future<List<OrderAudit>> audit(UUID orderId);

  /** The outbox the store writes events to, for the relay. */
  OutboxStore outbox();

  Future<Void> ping();

  /** {@code memory} or {@code postgres}, for health reports. */
  String kind();
}
