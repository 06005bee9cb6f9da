package io.emporium.user.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emporium.platform.config.ConfigException;
import io.emporium.platform.config.ConfigKey;
import io.emporium.platform.config.EmporiumConfig;
import io.emporium.platform.config.TestConfigs;
import io.emporium.user.config.NotifySettings.NotifySender;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The user service's sections (authentication, notifications), read through the user module's ServiceLoader list. */
class UserConfigSectionsTest {

  @Test
  void smtpSenderNeedsHostAndFrom() {
    assertThatThrownBy(() -> TestConfigs.with(Map.of(ConfigKey.NOTIFY_SENDER, "smtp")))
        .hasMessageContaining("smtp.host (EMPORIUM_SMTP_HOST) and smtp.from (EMPORIUM_SMTP_FROM) are required");
    NotifySettings smtp = NotifySettings.of(TestConfigs.with(Map.of(ConfigKey.NOTIFY_SENDER, "smtp",
        ConfigKey.SMTP_HOST, "mail.internal", ConfigKey.SMTP_FROM, "shop@example.org")));
    assertThat(smtp.sender()).isEqualTo(NotifySender.SMTP);
    assertThat(smtp.smtpHost()).contains("mail.internal");
    assertThat(smtp.smtpPort()).isEqualTo(25);
    assertThat(NotifySettings.of(TestConfigs.with(Map.of())).sender()).isEqualTo(NotifySender.LOG);
  }

  @Test
  void authenticationTakesTheShippedDefaultsAndNamesBadValues() {
    EmporiumConfig config = TestConfigs.with(Map.of());
    assertThat(AuthSettings.of(config)).isEqualTo(new AuthSettings(2_592_000, 19_456, 2, 1, 2, 64, 5, 2, 900));
    assertThatThrownBy(() -> TestConfigs.with(Map.of(ConfigKey.AUTH_HASH_WORKERS, "0",
        ConfigKey.AUTH_LOCKOUT_THRESHOLD, "many", ConfigKey.NOTIFY_SENDER, "pigeon")))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(3))
        .hasMessageContaining("auth.hash-workers (EMPORIUM_AUTH_HASH_WORKERS) must be between 1 and 64, got 0")
        .hasMessageContaining("auth.lockout.threshold (EMPORIUM_AUTH_LOCKOUT_THRESHOLD) must be a whole number")
        .hasMessageContaining("notify.sender (EMPORIUM_NOTIFY_SENDER) must be one of [log, smtp], got 'pigeon'");
  }
}
