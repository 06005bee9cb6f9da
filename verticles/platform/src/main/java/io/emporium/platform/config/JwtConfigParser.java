package io.emporium.platform.config;

import io.emporium.platform.config.EmporiumConfig.JwtAlgorithm;
import io.emporium.platform.config.EmporiumConfig.JwtSettings;
import io.emporium.platform.config.EmporiumConfig.Profile;
import io.emporium.platform.config.EmporiumConfig.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/** The token part of the configuration: algorithm, secret or key files, claims and lifetimes. */
final class JwtConfigParser {
  private final ConfigParser parser;

  JwtConfigParser(ConfigParser parser) {
    this.parser = parser;
  }

  /**
   * @param signs this JVM issues tokens (it runs the user service)
   * @param shared other JVMs must verify this JVM's tokens or the reverse, so a per-start secret cannot work
   */
  JwtSettings parse(Profile profile, boolean signs, boolean shared) {
    JwtAlgorithm algorithm = algorithm();
    String issuer = parser.nonBlank(ConfigKey.JWT_ISSUER);
    String audience = parser.nonBlank(ConfigKey.JWT_AUDIENCE);
    int ttl = parser.intIn(ConfigKey.JWT_ACCESS_TTL_SECONDS, 60, 86_400);
    int leeway = parser.intIn(ConfigKey.JWT_LEEWAY_SECONDS, 0, 300);
    if (algorithm != JwtAlgorithm.HS256) {
      Optional<String> publicKey = pem(ConfigKey.JWT_PUBLIC_KEY_FILE, true);
      Optional<Secret> privateKey = pem(ConfigKey.JWT_PRIVATE_KEY_FILE, signs).map(Secret::new);
      return new JwtSettings(algorithm, new Secret(""), false, privateKey, publicKey, issuer, audience, ttl, leeway);
    }
    String secret = parser.value(ConfigKey.JWT_SECRET).trim();
    if (!secret.isEmpty()) {
      if (secret.length() < ConfigParser.MIN_JWT_SECRET_LENGTH) {
        parser.problem(ConfigKey.JWT_SECRET, "must be at least "
            + ConfigParser.MIN_JWT_SECRET_LENGTH + " characters");
      } else {
        parser.weakSecret(ConfigKey.JWT_SECRET, secret, profile);
      }
      return new JwtSettings(algorithm, new Secret(secret), false, Optional.empty(), Optional.empty(), issuer,
          audience, ttl, leeway);
    }
    if (profile == Profile.PRODUCTION) {
      parser.problem(ConfigKey.JWT_SECRET, "is required in the production profile (at least "
          + ConfigParser.MIN_JWT_SECRET_LENGTH + " characters), or use jwt.algorithm RS256/ES256 with key files");
    } else if (shared) {
      parser.problem(ConfigKey.JWT_SECRET, "is required in a cluster: every gateway and"
          + " user JVM must share it (a generated secret exists in one JVM only)");
    }
    byte[] random = new byte[48];
    new SecureRandom().nextBytes(random);
    return new JwtSettings(algorithm, new Secret(Base64.getUrlEncoder().withoutPadding().encodeToString(random)), true,
        Optional.empty(), Optional.empty(), issuer, audience, ttl, leeway);
  }

  private JwtAlgorithm algorithm() {
    String text = parser.value(ConfigKey.JWT_ALGORITHM).trim().toUpperCase(Locale.ROOT);
    try {
      return JwtAlgorithm.valueOf(text);
    } catch (IllegalArgumentException e) {
      parser.problem(ConfigKey.JWT_ALGORITHM, "must be one of [HS256, RS256, ES256], got '"
          + text + "'");
      return JwtAlgorithm.HS256;
    }
  }

  private Optional<String> pem(ConfigKey key, boolean required) {
    String file = parser.value(key).trim();
    if (file.isEmpty()) {
      if (required) {
        parser.problem(key, "is required with jwt.algorithm RS256/ES256");
      }
      return Optional.empty();
    }
    try {
      String pem = Files.readString(Path.of(file));
      if (!pem.contains("-----BEGIN ")) {
        parser.problem(key, "is not a PEM file: " + file);
        return Optional.empty();
      }
      return Optional.of(pem);
    } catch (IOException | RuntimeException e) {
      parser.problem(key, "cannot be read: " + file);
      return Optional.empty();
    }
  }

}
