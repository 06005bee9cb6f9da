package io.emporium.user.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emporium.contract.ServiceException;
import io.emporium.user.domain.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccountFieldsTest {

  @Test
  void emailIsTrimmedComposedAndLowerCased() {
    // "É" written as E + combining acute becomes the single code point after NFC.
    assertThat(AccountFields.email("  E\u0301mile.Zola@Example.FR ", "email")).isEqualTo("\u00e9mile.zola@example.fr");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a@example.org", "first.last+tag@sub.example.co.uk", "o'brien@example.ie",
      "用户@例子.广告", "x@xn--80ak6aa92e.com"})
  void pragmaticEmailsAreAccepted(String email) {
    assertThat(AccountFields.email(email, "email")).isEqualTo(User.normalizeEmail(email));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "plain", "@example.org", "a@", "a@b", "a@.org", "a@example..org", ".a@example.org",
      "a.@example.org", "a b@example.org", "a@exa mple.org", "a\u0000@example.org", "\"quoted\"@example.org",
      "a@[127.0.0.1]", "a@example.org."})
  void malformedEmailsAreRefused(String email) {
    assertThatThrownBy(() -> AccountFields.email(email, "email")).isInstanceOf(ServiceException.class);
  }

  @Test
  void localPartLongerThan64IsRefused() {
    assertThatThrownBy(() -> AccountFields.email("a".repeat(65) + "@example.org", "email"))
        .isInstanceOf(ServiceException.class);
    assertThat(AccountFields.email("a".repeat(64) + "@example.org", "email")).hasSize(76);
  }

  @Test
  void namesCountCodePointsAndRefuseControlCharacters() {
    assertThat(AccountFields.name("🐈".repeat(100), "name")).hasSize(200);
    assertThatThrownBy(() -> AccountFields.name("🐈".repeat(101), "name")).isInstanceOf(ServiceException.class);
    assertThatThrownBy(() -> AccountFields.name("bell\u0007", "name")).isInstanceOf(ServiceException.class);
    assertThatThrownBy(() -> AccountFields.name("line\u2028break", "name")).isInstanceOf(ServiceException.class);
    assertThat(AccountFields.name("  José  ", "name")).isEqualTo("José");
  }
}
