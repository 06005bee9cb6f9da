package io.emporium.user.domain;

import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.Set;

/**
 * A change to one user: only the present parts change. {@code expectedPasswordHash} makes the change
 * conditional (PRECONDITION_FAILED when the stored hash differs): a rehash at login must not undo a
 * password change that happened meanwhile. {@code sessions} says which of the user's sessions the same
 * transaction revokes.
 */
public record UserPatch(Optional<String> name, Optional<String> email, Optional<JsonObject> preferences,
    Optional<String> passwordHash, Optional<Set<String>> roles, Optional<User.Status> status,
    Optional<String> expectedPasswordHash, SessionRevocation sessions) {

  public static UserPatch none() {
    return new UserPatch(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), SessionRevocation.none());
  }

  public UserPatch withName(String value) {
    return new UserPatch(Optional.of(value), email, preferences, passwordHash, roles, status, expectedPasswordHash,
        sessions);
  }

  public UserPatch withEmail(String value) {
    return new UserPatch(name, Optional.of(User.normalizeEmail(value)), preferences, passwordHash, roles, status,
        expectedPasswordHash, sessions);
  }

  public UserPatch withPreferences(JsonObject value) {
    return new UserPatch(name, email, Optional.of(value.copy()), passwordHash, roles, status, expectedPasswordHash,
        sessions);
  }

  public UserPatch withPasswordHash(String value, String expectedCurrent) {
    return new UserPatch(name, email, preferences, Optional.of(value), roles, status,
        Optional.ofNullable(expectedCurrent), sessions);
  }

  public UserPatch withRoles(Set<String> value) {
    if (value.isEmpty() || !User.KNOWN_ROLES.containsAll(value)) {
      throw new IllegalArgumentException("roles must be a non-empty subset of " + User.KNOWN_ROLES + ": " + value);
    }
    return new UserPatch(name, email, preferences, passwordHash, Optional.of(Set.copyOf(value)), status,
        expectedPasswordHash, sessions);
  }

  public UserPatch withStatus(User.Status value) {
    return new UserPatch(name, email, preferences, passwordHash, roles, Optional.of(value), expectedPasswordHash,
        sessions);
  }

  public UserPatch revoking(SessionRevocation value) {
    return new UserPatch(name, email, preferences, passwordHash, roles, status, expectedPasswordHash, value);
  }

  /** The user as this patch leaves it (times are the store's business). */
  public User applyTo(User user, java.time.Instant now) {
    return new User(user.id(), email.orElse(user.email()), name.orElse(user.name()),
        passwordHash.orElse(user.passwordHash()), roles.orElse(user.roles()), status.orElse(user.status()),
        preferences.orElse(user.preferences()), user.createdAt(), now, user.lastLoginAt());
  }

  /** Never prints the hashes. */
  @Override
  public String toString() {
    return "UserPatch[name=" + name.isPresent() + ", email=" + email.isPresent() + ", preferences="
        + preferences.isPresent() + ", password=" + passwordHash.isPresent() + ", roles=" + roles + ", status="
        + status + ", sessions=" + sessions + "]";
  }
}
