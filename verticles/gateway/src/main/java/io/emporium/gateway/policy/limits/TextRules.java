package io.emporium.gateway.policy.limits;

import java.text.Normalizer;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules for every text a client sends: at most so many characters, no control characters (tab,
 * line feed and carriage return are allowed in bodies), and stored trimmed and in Unicode NFC, so that
 * the same word typed two ways is one word. Secrets are checked but never changed.
 */
final class TextRules {
  private static final Pattern CONTROL = Pattern.compile("[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]");
  private static final Pattern CONTROL_IN_LINE = Pattern.compile("[\\u0000-\\u001F\\u007F-\\u009F]");

  private final int maxLength;

  TextRules(int maxLength) {
    this.maxLength = maxLength;
  }

  /** What is wrong with the text, if anything. */
  Optional<String> problem(String text, boolean singleLine) {
    if (text.length() > maxLength) {
      return Optional.of("is longer than " + maxLength + " characters");
    }
    if ((singleLine ? CONTROL_IN_LINE : CONTROL).matcher(text).find()) {
      return Optional.of("contains a control character");
    }
    return Optional.empty();
  }

  static String normalise(String text) {
    String trimmed = text.strip();
    return Normalizer.isNormalized(trimmed, Normalizer.Form.NFC) ? trimmed
        : Normalizer.normalize(trimmed, Normalizer.Form.NFC);
  }

  /** Fields whose value must reach the service byte for byte (it has its own rules for them). */
  static boolean isSecret(String field) {
    String lower = field.toLowerCase(java.util.Locale.ROOT);
    return lower.contains("password") || lower.contains("token") || lower.contains("secret");
  }
}
