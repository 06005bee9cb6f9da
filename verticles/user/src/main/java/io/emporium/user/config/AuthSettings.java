package io.emporium.user.config;

import io.emporium.platform.config.EmporiumConfig;

/** Password hashing cost, its worker pool, sessions and the lockout after failed logins. */
public record AuthSettings(int refreshTtlSeconds, int argon2MemoryKib, int argon2Iterations, int argon2Parallelism,
    int hashWorkers, int hashQueue, int lockoutThreshold, int lockoutBaseSeconds, int lockoutMaxSeconds) {

  /** The user service's authentication settings of this configuration, as {@link AuthConfigSection} read them. */
  public static AuthSettings of(EmporiumConfig config) {
    return config.section(AuthSettings.class);
  }
}
