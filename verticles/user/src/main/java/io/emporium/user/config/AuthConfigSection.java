package io.emporium.user.config;

import io.emporium.platform.config.ConfigKey;
import io.emporium.platform.config.ConfigReader;
import io.emporium.platform.config.ConfigSection;
import io.emporium.platform.config.EmporiumConfig;

/** The user service's authentication section of the configuration, listed in the user module's META-INF/services. */
public final class AuthConfigSection implements ConfigSection<AuthSettings> {

  @Override
  public Class<AuthSettings> type() {
    return AuthSettings.class;
  }

  @Override
  public AuthSettings read(ConfigReader reader, EmporiumConfig config) {
    return new AuthSettings(
        reader.intIn(ConfigKey.AUTH_REFRESH_TTL_SECONDS, 60, 365 * 24 * 3600),
        reader.intIn(ConfigKey.AUTH_ARGON2_MEMORY_KIB, 1_024, 4 * 1024 * 1024),
        reader.intIn(ConfigKey.AUTH_ARGON2_ITERATIONS, 1, 100),
        reader.intIn(ConfigKey.AUTH_ARGON2_PARALLELISM, 1, 64),
        reader.intIn(ConfigKey.AUTH_HASH_WORKERS, 1, 64),
        reader.intIn(ConfigKey.AUTH_HASH_QUEUE, 1, 100_000),
        reader.intIn(ConfigKey.AUTH_LOCKOUT_THRESHOLD, 1, 1_000),
        reader.intIn(ConfigKey.AUTH_LOCKOUT_BASE_SECONDS, 1, 3_600),
        reader.intIn(ConfigKey.AUTH_LOCKOUT_MAX_SECONDS, 1, 86_400));
  }
}
