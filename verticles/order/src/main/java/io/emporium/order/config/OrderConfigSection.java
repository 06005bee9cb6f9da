package io.emporium.order.config;

import io.emporium.platform.config.ConfigKey;
import io.emporium.platform.config.ConfigReader;
import io.emporium.platform.config.ConfigSection;
import io.emporium.platform.config.EmporiumConfig;

/** The order service's section of the configuration, listed in the order module's META-INF/services. */
public final class OrderConfigSection implements ConfigSection<OrderSettings> {

  @Override
  public Class<OrderSettings> type() {
    return OrderSettings.class;
  }

  @Override
  public OrderSettings read(ConfigReader reader, EmporiumConfig config) {
    return new OrderSettings(
        reader.intIn(ConfigKey.ORDER_PAYMENT_WINDOW_SECONDS, 1, 86_400),
        reader.intIn(ConfigKey.ORDER_SWEEP_SECONDS, 1, 3_600));
  }
}
