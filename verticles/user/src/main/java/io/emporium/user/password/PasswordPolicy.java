package io.emporium.user.password;

import io.emporium.contract.ServiceError;
import java.util.Locale;

/**
 * What a new password must be, after NIST SP 800-63B 5.1.1.2: 12 to 128 characters (Unicode code
 * points after NFKC), not a common password ({@link CommonPasswords}), not the account's email or
 * its local part. No composition rules (no "one digit, one symbol").
 */
public final class PasswordPolicy {
  public static final int MIN_LENGTH = 12;
  public static final int MAX_LENGTH = 128;

  private final CommonPasswords common;

  public PasswordPolicy(CommonPasswords common) {
    this.common = common;
  }

  public static PasswordPolicy standard() {
    return new PasswordPolicy(CommonPasswords.bundled());
  }

  /** Throws VALIDATION on {@code field} when the password is not acceptable for the account of {@code email}. */
  public void check(String password, String email, String field) {
    String normal = PasswordHasher.normalize(password);
    int length = normal.codePointCount(0, normal.length());
    if (length < MIN_LENGTH) {
      throw ServiceError.invalid(field, field + " must have at least " + MIN_LENGTH + " characters").toException();
    }
    if (length > MAX_LENGTH) {
      throw ServiceError.invalid(field, field + " must have at most " + MAX_LENGTH + " characters").toException();
    }
    if (common.isCommon(normal)) {
      throw ServiceError.invalid(field, field + " is too common: choose a less predictable one").toException();
    }
    String lower = normal.toLowerCase(Locale.ROOT);
    if (email != null && !email.isEmpty()) {
      String localPart = email.contains("@") ? email.substring(0, email.indexOf('@')) : email;
      if (lower.equals(email) || lower.equals(localPart)) {
        throw ServiceError.invalid(field, field + " must not be the email address").toException();
      }
    }
  }
}
