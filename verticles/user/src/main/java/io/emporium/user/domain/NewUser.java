package io.emporium.user.domain;

import java.util.Objects;
import java.util.Set;

/**
 * What a caller supplies to create a user; the store assigns id, status and times. The email is
 * normalised here, once, so neither store can forget to.
 */
public record NewUser(String email, String name, String passwordHash, Set<String> roles) {

  public NewUser {
    email = User.normalizeEmail(Objects.requireNonNull(email, "email"));
    Objects.requireNonNull(name, "name");
    roles = Set.copyOf(roles);
    // An unknown role is a bug of the caller, not user input: the service validates input before this.
    if (roles.isEmpty() || !User.KNOWN_ROLES.containsAll(roles)) {
      throw new IllegalArgumentException("roles must be a non-empty subset of " + User.KNOWN_ROLES + ": " + roles);
    }
  }

  /** Records print every component; this one must not print the hash. */
  @Override
  public String toString() {
    return "NewUser[email=" + email + ", roles=" + roles + "]";
  }
}
