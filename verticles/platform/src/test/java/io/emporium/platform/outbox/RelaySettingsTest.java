package io.emporium.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emporium.platform.config.EmporiumConfig.OutboxSettings;
import org.junit.jupiter.api.Test;

class RelaySettingsTest {
  private final RelaySettings settings = new RelaySettings(100, 8, 10, 30_000, 5_000, 1_000, 60_000);

  @Test
  void backoffDoublesFromTheBaseWithEqualJitter() {
    assertThat(settings.backoffMs(1, 0.0)).isEqualTo(500);
    assertThat(settings.backoffMs(1, 1.0)).isEqualTo(1_000);
    assertThat(settings.backoffMs(2, 1.0)).isEqualTo(2_000);
    assertThat(settings.backoffMs(4, 0.5)).isBetween(4_000L, 8_000L);
  }

  @Test
  void backoffNeverExceedsTheMaximumEvenAfterManyAttempts() {
    assertThat(settings.backoffMs(60, 1.0)).isEqualTo(60_000);
    assertThat(settings.backoffMs(Integer.MAX_VALUE, 1.0)).isEqualTo(60_000);
  }

  @Test
  void leaseMustOutlastADelivery() {
    assertThatThrownBy(() -> new RelaySettings(100, 8, 10, 5_000, 5_000, 1_000, 60_000))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fromConfigurationTakesPollAndAttemptsAndALeaseOfThreeDeliveries() {
    assertThat(RelaySettings.from(new OutboxSettings(250, 6), 100).leaseMs()).as("one second at least").isEqualTo(1_000);
    RelaySettings fromConfig = RelaySettings.from(new OutboxSettings(250, 6), 20_000);
    assertThat(fromConfig.pollMs()).isEqualTo(250);
    assertThat(fromConfig.maxAttempts()).isEqualTo(6);
    assertThat(fromConfig.deliveryTimeoutMs()).isEqualTo(20_000);
    assertThat(fromConfig.leaseMs()).isEqualTo(60_000);
  }
}
