package io.emporium.order;

import io.emporium.order.config.OrderSettings;
import java.time.Duration;

/**
 * The order service's settings.
 *
 * @param paymentWindowSeconds how long a placed order waits for its payment; its reservation holds as long
 * @param sweepMs how often unpaid orders past their window are looked for
 * @param settleGrace how long past its window an unpaid order whose stock was nevertheless sold is left
 *     alone before the sweeper takes it for a payment whose write was lost: a payment still in flight has
 *     finished by then (twice the bus timeout, which bounds each of its steps)
 */
public record OrderServiceSettings(int paymentWindowSeconds, long sweepMs, Duration settleGrace) {

  public static OrderServiceSettings defaults() {
    return new OrderServiceSettings(900, 5_000, Duration.ofSeconds(10));
  }

  public static OrderServiceSettings from(OrderSettings order, long busTimeoutMs) {
    return new OrderServiceSettings(order.paymentWindowSeconds(), order.sweepSeconds() * 1_000L,
        Duration.ofMillis(2 * busTimeoutMs));
  }
}
