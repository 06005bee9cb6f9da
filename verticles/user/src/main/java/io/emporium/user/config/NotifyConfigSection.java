package io.emporium.user.config;

import io.emporium.platform.config.ConfigKey;
import io.emporium.platform.config.ConfigReader;
import io.emporium.platform.config.ConfigSection;
import io.emporium.platform.config.EmporiumConfig;
import io.emporium.user.config.NotifySettings.NotifySender;
import java.util.Optional;

/** The notifications' section of the configuration, listed in the user module's META-INF/services. */
public final class NotifyConfigSection implements ConfigSection<NotifySettings> {

  @Override
  public Class<NotifySettings> type() {
    return NotifySettings.class;
  }

  @Override
  public NotifySettings read(ConfigReader reader, EmporiumConfig config) {
    NotifySender sender = reader.parseEnum(ConfigKey.NOTIFY_SENDER, NotifySender.class);
    Optional<String> smtpHost = reader.optional(ConfigKey.SMTP_HOST);
    Optional<String> smtpFrom = reader.optional(ConfigKey.SMTP_FROM);
    if (sender == NotifySender.SMTP && (smtpHost.isEmpty() || smtpFrom.isEmpty())) {
      reader.problem(ConfigKey.SMTP_HOST, "and " + ConfigKey.SMTP_FROM.key() + " (" + ConfigKey.SMTP_FROM.envName()
          + ") are required when notify.sender is 'smtp'");
    }
    return new NotifySettings(sender, smtpHost, reader.intIn(ConfigKey.SMTP_PORT, 1, 65_535), smtpFrom);
  }
}
