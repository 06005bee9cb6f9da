package io.emporium.order.payment;

import io.emporium.order.domain.Order;
import io.vertx.core.Future;

/**
 * Takes an order's payment. The built-in provider ({@link AdminConfirmedPayments}) is an admin saying the
 * order is paid; a real provider plugs in behind this port. A refusal is a contract error (CONFLICT).
 */
public interface PaymentProvider {

  /** Succeeds with the provider's reference of the payment. */
  Future<String> charge(Order order, String actor);
}
