package io.emporium.platform.config;

import io.emporium.platform.config.EmporiumConfig.ClusterSettings;
import io.emporium.platform.config.EmporiumConfig.ClusterTls;
import io.emporium.platform.config.EmporiumConfig.Profile;
import io.emporium.platform.config.EmporiumConfig.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/** The cluster part of the configuration: Hazelcast, the event bus, its TLS and the secret that signs callers. */
final class ClusterConfigParser {
  static final int MIN_SECRET_LENGTH = 32;
  private final ConfigParser parser;

  ClusterConfigParser(ConfigParser parser) {
    this.parser = parser;
  }

  ClusterSettings parse(Profile profile, boolean enabled) {
    String configPath = parser.nonBlank(ConfigKey.CLUSTER_CONFIG);
    String host = parser.nonBlank(ConfigKey.CLUSTER_HOST);
    int port = parser.intIn(ConfigKey.CLUSTER_PORT, 0, 65_535);
    int ttl = parser.intIn(ConfigKey.CLUSTER_IDENTITY_TTL_SECONDS, 5, 3_600);
    int rejoinBoundMs = parser.intIn(ConfigKey.CLUSTER_REJOIN_BOUND_MS, 5_000, 3_600_000);
    return new ClusterSettings(enabled, configPath, host, port, secret(profile, enabled), ttl, tls(profile, enabled),
        rejoinBoundMs);
  }

  /** Every JVM of a cluster must hold the same secret; one JVM alone may make one up for its own bus. */
  private Secret secret(Profile profile, boolean enabled) {
    String secret = parser.value(ConfigKey.CLUSTER_SECRET);
    if (!secret.isEmpty()) {
      if (secret.length() < MIN_SECRET_LENGTH) {
        parser.problem(ConfigKey.CLUSTER_SECRET, "must be at least " + MIN_SECRET_LENGTH + " characters");
      } else {
        parser.weakSecret(ConfigKey.CLUSTER_SECRET, secret, profile);
      }
      return new Secret(secret);
    }
    if (enabled) {
      parser.problem(ConfigKey.CLUSTER_SECRET, "is required in a cluster (at least " + MIN_SECRET_LENGTH
          + " characters, the same in every JVM): it signs the caller identity services trust");
    }
    byte[] random = new byte[48];
    new SecureRandom().nextBytes(random);
    return new Secret(Base64.getUrlEncoder().withoutPadding().encodeToString(random));
  }

  private Optional<ClusterTls> tls(Profile profile, boolean enabled) {
    String flag = parser.value(ConfigKey.CLUSTER_TLS_ENABLED);
    if (!"true".equalsIgnoreCase(flag) && !"false".equalsIgnoreCase(flag)) {
      parser.problem(ConfigKey.CLUSTER_TLS_ENABLED, "must be true or false, got '" + flag + "'");
      return Optional.empty();
    }
    if (!Boolean.parseBoolean(flag.toLowerCase(java.util.Locale.ROOT))) {
      if (enabled && profile == Profile.PRODUCTION) {
        parser.problem(ConfigKey.CLUSTER_TLS_ENABLED, "must be true for a cluster in the production profile:"
            + " without it any process that reaches the event-bus port can exchange messages");
      }
      return Optional.empty();
    }
    Optional<String> keystore = store(ConfigKey.CLUSTER_TLS_KEYSTORE);
    Optional<String> truststore = store(ConfigKey.CLUSTER_TLS_TRUSTSTORE);
    String keystorePassword = parser.value(ConfigKey.CLUSTER_TLS_KEYSTORE_PASSWORD);
    String truststorePassword = parser.value(ConfigKey.CLUSTER_TLS_TRUSTSTORE_PASSWORD);
    if (keystore.isEmpty() || truststore.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new ClusterTls(keystore.get(), new Secret(keystorePassword), truststore.get(),
        new Secret(truststorePassword)));
  }

  private Optional<String> store(ConfigKey key) {
    String path = parser.value(key);
    if (path.isEmpty()) {
      parser.problem(key, "is required when cluster.tls.enabled is true (a PKCS12 file)");
      return Optional.empty();
    }
    if (!Files.isReadable(Path.of(path))) {
      parser.problem(key, "names no readable file: " + path);
      return Optional.empty();
    }
    return Optional.of(path);
  }
}
