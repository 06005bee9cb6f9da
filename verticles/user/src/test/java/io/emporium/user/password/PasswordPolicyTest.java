package io.emporium.user.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordPolicyTest {
  private static final PasswordPolicy POLICY = PasswordPolicy.standard();

  private static void refused(String password, String why) {
    assertThatThrownBy(() -> POLICY.check(password, "ada.lovelace@example.org", "password"))
        .as(why)
        .isInstanceOfSatisfying(ServiceException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
          assertThat(e.error().field()).isEqualTo("password");
        });
  }

  @Test
  void bundledListIsLoaded() {
    assertThat(CommonPasswords.bundled().size()).isGreaterThan(5_000);
  }

  @ParameterizedTest
  @ValueSource(strings = {"correct horse battery staple", "Tr0ub4dor&3xyzzy", "mañana por la mañana",
      "🐈🐈🐈 three cats on a mat", "twelve chars"})
  void acceptableLongAndUncommonPasswords(String password) {
    assertThatCode(() -> POLICY.check(password, "ada.lovelace@example.org", "password")).doesNotThrowAnyException();
  }

  @Test
  void lengthIsCountedInCodePointsFrom12To128() {
    refused("elevenchars", "11 characters");
    // 12 emoji are 24 UTF-16 units but 12 characters: accepted.
    assertThatCode(() -> POLICY.check("🐈🐕🐈🐕🐈🐕🐎🐄🐖🐑🐐🐓", "a@example.org", "password")).doesNotThrowAnyException();
    refused("🐈".repeat(11), "11 emoji");
    assertThatCode(() -> POLICY.check("x".repeat(100) + "unusual tail", "a@example.org", "password"))
        .doesNotThrowAnyException();
    refused("a long passphrase ".repeat(8), "144 characters");
  }

  @ParameterizedTest
  @ValueSource(strings = {"qazwsxedcrfv", "1qaz2wsx3edc", "QWERASDFZXCV", "iloveyou2024!!", "Password123456",
      "2024-Monkey-2024", "qwertyqwerty", "abcabcabcabc", "aaaaaaaaaaaaaaa", "passwordpassword"})
  void commonPasswordsAndTheirPaddedOrRepeatedFormsAreRefused(String password) {
    refused(password, "common: " + password);
  }

  @Test
  void theEmailOrItsLocalPartIsRefused() {
    refused("Ada.Lovelace@Example.org", "the email");
    refused("ADA.LOVELACE", "the local part");
  }
}
