package io.emporium.order;

import io.emporium.contract.ServiceError;
import io.emporium.order.domain.Order;
import io.emporium.order.domain.OrderState;
import io.emporium.order.domain.OrderTransitions;
import io.emporium.order.store.OrderStore;
import io.emporium.platform.metrics.EmporiumMetrics;
import io.emporium.platform.metrics.SampledGauges;
import io.emporium.platform.service.ActionHandler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Map;

/**
 * The order service's own metrics: checkouts by outcome ({@code placed}, {@code refused} for an answer
 * such as too little stock, {@code failed} for a failure of the service or a dependency) with their
 * latency; orders reaching each state ({@code emporium_order_transitions_total{state}}, a new order counting
 * as {@code placed}); revenue by currency as a counter of cents of the orders that became paid, and refunds
 * by currency as a counter of cents of the paid orders that were cancelled. Counters only grow, so a refund
 * never lowers the revenue counter: net revenue is revenue minus refunds.
 */
final class OrderMeters implements OrderTransitions {
  static final String CHECKOUTS = "emporium.order.checkouts";
  static final String CHECKOUT_DURATION = "emporium.order.checkout.duration";
  static final String TRANSITIONS = "emporium.order.transitions";
  static final String REVENUE = "emporium.order.revenue.cents";
  static final String REFUNDS = "emporium.order.refunds.cents";

  static final String BY_STATE = "emporium.orders";
  /** A count over every order: sampled now and then, not per scrape (a scrape must not query the store). */
  static final long BY_STATE_SAMPLE_MS = 10_000;

  private final EmporiumMetrics metrics;

  /** The gauge of orders by their current state, sampled from the store (the orders of every order JVM). */
  static SampledGauges<Map<OrderState, Long>> byState(OrderStore store) {
    SampledGauges<Map<OrderState, Long>> gauges = new SampledGauges<>(BY_STATE_SAMPLE_MS, store::countByState);
    for (OrderState state : OrderState.values()) {
      gauges.gauge(BY_STATE, "Orders by their current state", counts -> counts.getOrDefault(state, 0L),
          "state", state.name().toLowerCase(Locale.ROOT));
    }
    return gauges;
  }

  OrderMeters(EmporiumMetrics metrics) {
    this.metrics = metrics;
    for (String outcome : new String[] {"placed", "refused", "failed"}) {
      checkouts(outcome);
    }
    for (OrderState state : OrderState.values()) {
      transitions(state);
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

  /** Counts the state reached; a paid order adds to revenue, a cancelled one owing a refund to refunds. */
  @Override
  public void moved(Order order) {
    transitions(order.state()).increment();
    if (order.state() == OrderState.PAID) {
      amount(REVENUE, "Revenue of paid orders, in cents of the currency", order).increment(cents(order));
    } else if (order.state() == OrderState.CANCELLED && order.refundDue()) {
      amount(REFUNDS, "Refunds due for paid orders that were cancelled, in cents of the currency", order)
          .increment(cents(order));
    }
  }

  private static long cents(Order order) {
    return order.total().movePointRight(2).longValueExact();
  }

  private Counter amount(String name, String help, Order order) {
    return metrics.counter(name, help, "currency", order.currency());
  }

  private Counter transitions(OrderState state) {
    return metrics.counter(TRANSITIONS, "Orders that reached each state (a new order counts as placed)", "state",
        state.name().toLowerCase(Locale.ROOT));
  }

  private Counter checkouts(String outcome) {
    return metrics.counter(CHECKOUTS, "Checkouts by outcome", "outcome", outcome);
  }
}
