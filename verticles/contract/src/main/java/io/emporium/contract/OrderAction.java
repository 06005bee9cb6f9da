package io.emporium.contract;

import java.util.Arrays;
import java.util.Optional;

/**
 * Actions of the order service. Request and reply shapes are documented in EVENT-BUS-CONTRACT.md. Every
 * action but health needs a signed caller (the cart and orders are the caller's own); "admin" actions
 * need the admin role. Amounts are exact decimal strings, one currency per order.
 */
public enum OrderAction implements Action {
  /** {} -> {"status":"UP","instanceId":..,"store":..,"database":"UP"|"DOWN"} */
  HEALTH("health", true),
  /** {} -> the caller's cart: {"lines":[{productId,quantity,name,unitPrice,lineTotal,available,problem}],...}. */
  CART_GET("order.cart.get", true),
  /** {"productId","quantity"} -> the cart; quantity 0 removes the line. */
  CART_SET_ITEM("order.cart.set-item", true),
  /** {} -> {} (the cart is empty). */
  CART_CLEAR("order.cart.clear", true),
  /**
   * {"idempotencyKey","items"?:[{"productId","quantity"}]} -> {"created":bool,"order":..}; without items the
   * cart is ordered (and emptied). The same key with the same request answers the first order. Idempotent
   * because the key is required: the mesh may retry a checkout on another instance after a timeout, and
   * both attempts end in the one order of (caller, key). Never hedged or mirrored: it writes.
   */
  PLACE("order.place", true),
  /** {"id"} -> the order: the caller's own, or any for an admin; NOT_FOUND otherwise. */
  GET("order.get", true),
  /** {"page","size"} -> the caller's orders, newest first, in the list envelope. */
  LIST("order.list", true),
  /** {"id"} -> the order, CANCELLED (stock released; when paid, its units returned and refundDue). Owner or admin. */
  CANCEL("order.cancel", false),
  /** admin: {"page","size","state"?,"userId"?,"from"?,"to"?} -> orders, newest first. */
  ADMIN_LIST("order.admin.list", true),
  /** admin: {"id"} -> the order, PAID (the built-in payment provider; its reservation confirmed). */
  ADMIN_PAID("order.admin.paid", false),
  /** admin: {"id"} -> the order, SHIPPED. */
  ADMIN_SHIPPED("order.admin.shipped", false),
  /** admin: {"id"} -> the order, DELIVERED. */
  ADMIN_DELIVERED("order.admin.delivered", false),
  /** admin: {} -> outbox counts: pending, delivered, dead, retried, oldest pending age. */
  ADMIN_QUEUE_STATS("order.admin.queue-stats", true);

  private final String wireName;
  private final boolean idempotent;

  OrderAction(String wireName, boolean idempotent) {
    this.wireName = wireName;
    this.idempotent = idempotent;
  }

  @Override
  public ServiceName service() {
    return ServiceName.ORDER;
  }

  @Override
  public String wireName() {
    return wireName;
  }

  @Override
  public boolean idempotent() {
    return idempotent;
  }

  @Override
  public boolean readOnly() {
    return idempotent && switch (this) {
      case CART_SET_ITEM, CART_CLEAR, PLACE -> false;
      default -> true;
    };
  }

  public static Optional<OrderAction> fromWire(String name) {
    return Arrays.stream(values()).filter(a -> a.wireName.equals(name)).findFirst();
  }
}
