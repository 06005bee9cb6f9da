package io.emporium.platform.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The whole validated configuration, read once at start and passed to whoever needs a part of it. The
 * settings of one module are its {@link ConfigSection}: ask the module for them
 * ({@code GatewaySettings.of(config)}, {@code AuthSettings.of(config)}), which asks {@link #section}.
 */
public record EmporiumConfig(
    Profile profile,
    Set<Role> roles,
    Map<Role, Integer> instances,
    int eventLoops,
    InstanceSettings instance,
    HttpSettings http,
    StoreSettings store,
    Optional<String> redisUrl,
    JwtSettings jwt,
    OutboxSettings outbox,
    Optional<AdminAccount> admin,
    Optional<Secret> metricsToken,
    Timeouts timeouts,
    ClusterSettings cluster,
    ObservabilitySettings observability,
    RetentionSettings retention,
    ConfigSections sections) {

  public enum Profile { DEV, PRODUCTION }

  public enum StoreKind { MEMORY, POSTGRES }

  /** The settings a module's {@link ConfigSection} read; it fails when that module is not on the class path. */
  public <T> T section(Class<T> type) {
    return sections.get(type);
  }

  public int instancesOf(Role role) {
    return instances.getOrDefault(role, 1);
  }

  /**
   * How a service instance presents itself in discovery, how long a stop waits for its in-flight
   * messages, and the largest request body it reads ({@code bus.max-request-bytes}).
   */
  public record InstanceSettings(String version, int weight, int drainMs, int maxRequestBytes) {
    public static final int DEFAULT_MAX_REQUEST_BYTES = 2 * 1024 * 1024;

    /** With the default request limit (tests). */
    public InstanceSettings(String version, int weight, int drainMs) {
      this(version, weight, drainMs, DEFAULT_MAX_REQUEST_BYTES);
    }
  }

  public record HttpSettings(String host, int port, int maxBodyBytes, int idleTimeoutSeconds) {}

  public record StoreSettings(StoreKind kind, Optional<PgSettings> pg) {}

  public record PgSettings(String host, int port, String database, String user, Secret password, int poolSize, int timeoutMs) {
    public String jdbcUrl() {
      return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }
  }

  public enum JwtAlgorithm { HS256, RS256, ES256 }

  /**
   * How access tokens are signed and checked. With HS256 {@code secret} signs and verifies; with
   * RS256/ES256 the PEM keys do, and a JVM that only verifies needs only the public key.
   * {@code generated} is true in dev mode when no secret was configured: tokens die with the JVM.
   */
  public record JwtSettings(JwtAlgorithm algorithm, Secret secret, boolean generated, Optional<Secret> privateKeyPem,
      Optional<String> publicKeyPem, String issuer, String audience, int accessTtlSeconds, int leewaySeconds) {}

  public record OutboxSettings(int pollMs, int maxAttempts) {}

  /**
   * What is deleted once nothing needs it any more, and how often that is looked for.
   *
   * @param outboxRetentionHours how long a delivered event stays (pending and dead ones stay for ever)
   * @param sessionRetentionHours how long a refresh token stays after it expired
   * @param accountAuditHours how long an entry of {@code account.audit_log} stays
   * @param productAuditHours how long an entry of {@code product.audit_log} stays
   * @param finishedReservationHours how long a confirmed, released or expired reservation stays
   */
  public record RetentionSettings(int sweepIntervalMs, int outboxRetentionHours, int sessionRetentionHours,
      int accountAuditHours, int productAuditHours, int finishedReservationHours) {
    /** The retention of the defaults (conf/emporium.json) for the audit logs and reservations. */
    public RetentionSettings(int sweepIntervalMs, int outboxRetentionHours, int sessionRetentionHours) {
      this(sweepIntervalMs, outboxRetentionHours, sessionRetentionHours, 8_760, 8_760, 720);
    }

    public Duration accountAuditRetention() {
      return Duration.ofHours(accountAuditHours);
    }

    public Duration productAuditRetention() {
      return Duration.ofHours(productAuditHours);
    }

    public Duration finishedReservationRetention() {
      return Duration.ofHours(finishedReservationHours);
    }

    public Duration outboxRetention() {
      return Duration.ofHours(outboxRetentionHours);
    }

    public Duration sessionRetention() {
      return Duration.ofHours(sessionRetentionHours);
    }
  }

  public record AdminAccount(String email, Secret password) {}

  public record Timeouts(int busMs, int healthMs, int shutdownDrainMs, int startupMs) {}

  public enum LogFormat { AUTO, TEXT, JSON }

  /**
   * Metrics, the management server, tracing and logging.
   *
   * @param managementPort 0 when this JVM runs no management server
   * @param logLevels logger (package) name to level name, in the order given
   */
  public record ObservabilitySettings(boolean metricsEnabled, int managementPort, boolean tracingEnabled,
      Optional<String> otlpEndpoint, double sampleRatio, LogFormat logFormat, Map<String, String> logLevels) {
    /** JSON logs in production, readable text in the zero-setup mode, unless the format is set. */
    public boolean jsonLogs(Profile profile) {
      return logFormat == LogFormat.JSON || logFormat == LogFormat.AUTO && profile == Profile.PRODUCTION;
    }
  }


  /**
   * @param secret signs and checks the caller identity on the bus (generated per start when not clustered)
   * @param tls the event bus's mutual TLS between JVMs, when enabled
   */
  /** @param rejoinBoundMs how long a JVM cut off from the cluster may take to rejoin before it reports not live */
  public record ClusterSettings(boolean enabled, String configPath, String host, int port, Secret secret,
      int identityTtlSeconds, Optional<ClusterTls> tls, int rejoinBoundMs) {}

  /** PKCS12 stores of the event bus's mutual TLS. */
  public record ClusterTls(String keystore, Secret keystorePassword, String truststore, Secret truststorePassword) {}

  /** A value that must never be printed: its toString hides it, so records that hold it can be logged. */
  public record Secret(String value) {
    @Override
    public String toString() {
      return "******";
    }
  }
}
