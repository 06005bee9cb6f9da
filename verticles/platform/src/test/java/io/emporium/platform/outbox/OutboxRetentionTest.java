package io.emporium.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emporium.platform.config.EmporiumConfig.RetentionSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OutboxRetentionTest {

  @Test
  void fromConfigurationKeepsTheConfiguredHoursAndSweepsFirstWithinFiveSeconds() {
    OutboxRetention retention = OutboxRetention.from("product", new RetentionSettings(60_000, 168, 24), 5_000);
    assertThat(retention.keep()).isEqualTo(Duration.ofDays(7));
    assertThat(retention.sweepIntervalMs()).isEqualTo(60_000);
    assertThat(retention.firstSweepMs()).isEqualTo(5_000);
    assertThat(retention.timeoutMs()).isEqualTo(5_000);
    assertThat(OutboxRetention.from("user", new RetentionSettings(1_000, 1, 1), 5_000).firstSweepMs())
        .as("never later than the interval").isEqualTo(1_000);
  }

  @Test
  void negativeRetentionOrNonPositiveTimesAreRefused() {
    assertThatThrownBy(() -> new OutboxRetention("x", Duration.ofSeconds(-1), 1_000, 1_000))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new OutboxRetention("x", Duration.ZERO, 0, 1_000))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new OutboxRetention("x", Duration.ZERO, 1_000, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
