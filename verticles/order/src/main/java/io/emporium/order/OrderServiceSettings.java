package io.emporium.order;

import io.emporium.platform.config.EmporiumConfig.OrderSettings;

/**
 * The order service's settings.
 *
 * @param paymentWindowSeconds how long a placed order waits for its payment; its reservation holds as long
 * @param sweepMs how often unpaid orders past their window are looked for
 */
public record OrderServiceSettings(int paymentWindowSeconds, long sweepMs) {

  public static OrderServiceSettings defaults() {
    return new OrderServiceSettings(900, 5_000);
  }

  public static OrderServiceSettings from(OrderSettings order) {
    return new OrderServiceSettings(order.paymentWindowSeconds(), order.sweepSeconds() * 1_000L);
  }
}
