package io.emporium.user.config;

import io.emporium.platform.config.EmporiumConfig;
import java.util.Optional;

/** How notifications are sent: logged, or mailed through an SMTP relay. */
public record NotifySettings(NotifySender sender, Optional<String> smtpHost, int smtpPort, Optional<String> smtpFrom) {

  public enum NotifySender { LOG, SMTP }

  /** The notification settings of this configuration, as {@link NotifyConfigSection} read them. */
  public static NotifySettings of(EmporiumConfig config) {
    return config.section(NotifySettings.class);
  }
}
