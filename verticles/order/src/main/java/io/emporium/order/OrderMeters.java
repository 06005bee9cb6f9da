package io.emporium.order;

import io.emporium.platform.contract.ServiceError;
import io.emporium.platform.metrics.EmporiumMetrics;
import io.emporium.platform.service.ActionHandler;
import io.micrometer.core.instrument.Timer;
import java.math.BigDecimal;

/**
 * The order service's own metrics: checkouts by outcome ({@code placed}, {@code refused} for an answer
 * such as too little stock, {@code failed} for a failure of the service or a dependency) with their
 * latency, and revenue by currency as a counter of cents (exact: amounts have two decimals).
 */
final class OrderMeters {
  static final String CHECKOUTS = "emporium.order.checkouts";
  static final String CHECKOUT_DURATION = "emporium.order.checkout.duration";
  static final String REVENUE = "emporium.order.revenue.cents";

  private final EmporiumMetrics metrics;

  OrderMeters(EmporiumMetrics metrics) {
    this.metrics = metrics;
    for (String outcome : new String[] {"placed", "refused", "failed"}) {
      checkouts(outcome);
    }
  }

  ActionHandler checkout(ActionHandler place) {
    return request -> {
      Timer.Sample sample = Timer.start();
      return place.handle(request).andThen(done -> {
        String outcome = done.succeeded() ? "placed"
            : ServiceError.from(done.cause()).code().isFailureOfService() ? "failed" : "refused";
        checkouts(outcome).increment();
        sample.stop(metrics.histogram(CHECKOUT_DURATION, "Checkout (order.place) latency in the order service"));
      });
    };
  }

  /** Counts the revenue of each order that becomes paid. */
  ActionHandler paid(ActionHandler pay) {
    return request -> pay.handle(request).onSuccess(order -> {
      var total = order.getJsonObject("total");
      long cents = new BigDecimal(total.getString("amount")).movePointRight(2).longValueExact();
      metrics.counter(REVENUE, "Revenue of paid orders, in cents of the currency", "currency",
          total.getString("currency")).increment(cents);
    });
  }

  private io.micrometer.core.instrument.Counter checkouts(String outcome) {
    return metrics.counter(CHECKOUTS, "Checkouts by outcome", "outcome", outcome);
  }
}
