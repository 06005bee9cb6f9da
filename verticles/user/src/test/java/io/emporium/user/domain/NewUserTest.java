package io.emporium.user.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class NewUserTest {

  @Test
  void emailIsTrimmedAndLowerCased() {
    assertThat(new NewUser("  Mixed.Case@Example.ORG\t", "M", null, Set.of("user")).email())
        .isEqualTo("mixed.case@example.org");
  }

  @Test
  void unknownRoleIsRefused() {
    assertThatThrownBy(() -> new NewUser("a@example.org", "A", null, Set.of("user", "superuser")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void noRoleIsRefused() {
    assertThatThrownBy(() -> new NewUser("a@example.org", "A", null, Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toStringDoesNotPrintTheHash() {
    assertThat(new NewUser("a@example.org", "A", "the-hash", Set.of("user")).toString()).doesNotContain("the-hash");
  }
}
