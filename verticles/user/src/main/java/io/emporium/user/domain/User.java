package io.emporium.user.domain;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.text.Normalizer;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * An account. The email is held in its normal form ({@link #normalizeEmail}) so that both stores
 * compare it the same way; the password hash never leaves the service (not in JSON, not in logs).
 *
 * @param preferences free-form settings of the user (a JSON object, bounded by the service)
 * @param lastLoginAt the last successful login, null before the first
 */
public record User(
    UUID id, String email, String name, String passwordHash, Set<String> roles, Status status,
    JsonObject preferences, Instant createdAt, Instant updatedAt, Instant lastLoginAt) {

  public static final String ROLE_USER = "user";
  public static final String ROLE_ADMIN = "admin";
  public static final Set<String> KNOWN_ROLES = Set.of(ROLE_USER, ROLE_ADMIN);
  /** The roles an account has for each role an admin can give it: an admin is a user too. */
  public static final Set<String> ADMIN_ROLES = Set.of(ROLE_ADMIN, ROLE_USER);
  public static final Set<String> USER_ROLES = Set.of(ROLE_USER);

  public enum Status {
    ACTIVE, DISABLED;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public User {
    roles = Set.copyOf(roles);
    preferences = preferences == null ? new JsonObject() : preferences.copy();
  }

  /**
   * The one normal form of an email address, used for storing, lookups, uniqueness and the login
   * throttle: trimmed, Unicode NFC, lower case.
   */
  public static String normalizeEmail(String email) {
    return Normalizer.normalize(email.trim(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
  }

  public boolean isAdmin() {
    return roles.contains(ROLE_ADMIN);
  }

  public boolean isActive() {
    return status == Status.ACTIVE;
  }

  /** The role an admin sees and sets: {@code admin} or {@code user}. */
  public String role() {
    return isAdmin() ? ROLE_ADMIN : ROLE_USER;
  }

  /** The public JSON shape: the reply of {@code user.get}. Roles are sorted so the body is stable. */
  public JsonObject toPublicJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("email", email)
        .put("name", name)
        .put("roles", new JsonArray(roles.stream().sorted().toList()))
        .put("status", status.wireName())
        .put("createdAt", createdAt.toString())
        .put("updatedAt", updatedAt.toString());
  }

  /** The caller's own view: the public user plus preferences. */
  public JsonObject toProfileJson() {
    return toPublicJson().put("preferences", preferences.copy());
  }

  /** Records print every component; this one must not print the hash. */
  @Override
  public String toString() {
    return "User[id=" + id + ", email=" + email + ", roles=" + roles + ", status=" + status + "]";
  }
}
