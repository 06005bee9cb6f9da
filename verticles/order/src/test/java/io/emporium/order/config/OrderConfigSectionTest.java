package io.emporium.order.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emporium.platform.config.ConfigException;
import io.emporium.platform.config.ConfigKey;
import io.emporium.platform.config.TestConfigs;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The order service's section, read through the order module's ServiceLoader list. */
class OrderConfigSectionTest {

  @Test
  void theShippedDefaultsAreReadAndBadValuesNamed() {
    assertThat(OrderSettings.of(TestConfigs.with(Map.of()))).isEqualTo(new OrderSettings(900, 5));
    assertThat(OrderSettings.of(TestConfigs.with(Map.of(ConfigKey.ORDER_PAYMENT_WINDOW_SECONDS, "60")))
        .paymentWindowSeconds()).isEqualTo(60);
    assertThatThrownBy(() -> TestConfigs.with(Map.of(ConfigKey.ORDER_PAYMENT_WINDOW_SECONDS, "0",
        ConfigKey.ORDER_SWEEP_SECONDS, "often")))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(2))
        .hasMessageContaining("order.payment-window-seconds (EMPORIUM_ORDER_PAYMENT_WINDOW_SECONDS) must be between 1"
            + " and 86400, got 0")
        .hasMessageContaining("order.sweep-seconds (EMPORIUM_ORDER_SWEEP_SECONDS) must be a whole number");
  }
}
