package io.emporium.platform.config;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The whole validated configuration, read once at start and passed to whoever needs a part of it. */
public record EmporiumConfig(
    Profile profile,
    Set<Role> roles,
    Map<Role, Integer> instances,
    InstanceSettings instance,
    HttpSettings http,
    StoreSettings store,
    Optional<String> redisUrl,
    JwtSettings jwt,
    Optional<AdminAccount> admin,
    Optional<Secret> metricsToken,
    Timeouts timeouts,
    ClusterSettings cluster) {

  public enum Profile { DEV, PRODUCTION }

  public enum StoreKind { MEMORY, POSTGRES }

  public int instancesOf(Role role) {
    return instances.getOrDefault(role, 1);
  }

  public record InstanceSettings(String version, int weight) {}

  public record HttpSettings(String host, int port, int maxBodyBytes, int idleTimeoutSeconds) {}

  public record StoreSettings(StoreKind kind, Optional<PgSettings> pg) {}

  public record PgSettings(String host, int port, String database, String user, Secret password, int poolSize, int timeoutMs) {
    public String jdbcUrl() {
      return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }
  }

  /** {@code generated} is true in dev mode when no secret was configured: tokens die with the JVM. */
  public record JwtSettings(Secret secret, boolean generated) {}

  public record AdminAccount(String email, Secret password) {}

  public record Timeouts(int busMs, int healthMs, int shutdownDrainMs) {}

  public record ClusterSettings(boolean enabled, String configPath, String host, int port) {}

  /** A value that must never be printed: its toString hides it, so records that hold it can be logged. */
  public record Secret(String value) {
    @Override
    public String toString() {
      return "******";
    }
  }
}
