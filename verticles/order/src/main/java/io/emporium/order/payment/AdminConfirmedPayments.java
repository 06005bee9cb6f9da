package io.emporium.order.payment;

import io.emporium.order.domain.Order;
import io.vertx.core.Future;

/** The built-in provider: the payment arrived by other means and an admin says so; it never refuses. */
public final class AdminConfirmedPayments implements PaymentProvider {
  @Override
  public Future<String> charge(Order order, String actor) {
    return Future.succeededFuture("admin:" + actor + ":" + order.id());
  }
}
