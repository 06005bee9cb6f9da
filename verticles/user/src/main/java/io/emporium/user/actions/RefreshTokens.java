package io.emporium.user.actions;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Refresh tokens: 256 random bits, base64url without padding (43 characters). The store keeps only
 * their SHA-256 (a fast hash is enough: the token has full entropy, unlike a password).
 */
final class RefreshTokens {
  static final int BYTES = 32;
  private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private RefreshTokens() {}

  /** A new token and its hash. */
  record Issued(String token, byte[] hash) {
    @Override
    public String toString() {
      return "Issued[****]";
    }
  }

  static Issued issue() {
    byte[] bytes = new byte[BYTES];
    RANDOM.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    return new Issued(token, hash(token));
  }

  /** Whether the text can be a token at all; anything else is refused before the store is asked. */
  static boolean isWellFormed(String token) {
    return token != null && SHAPE.matcher(token).matches();
  }

  static byte[] hash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
