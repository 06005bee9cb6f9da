package io.emporium.order.config;

import io.emporium.platform.config.EmporiumConfig;

/**
 * The order service's settings as configured.
 *
 * @param paymentWindowSeconds how long a placed order waits for its payment (and its reservation holds)
 * @param sweepSeconds how often unpaid orders past their window are looked for
 */
public record OrderSettings(int paymentWindowSeconds, int sweepSeconds) {

  /** The order service's settings of this configuration, as {@link OrderConfigSection} read them. */
  public static OrderSettings of(EmporiumConfig config) {
    return config.section(OrderSettings.class);
  }
}
