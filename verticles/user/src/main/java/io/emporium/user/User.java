package io.emporium.user;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * An account. The email is held lower-case so that both stores compare it the same way; the password
 * hash never leaves the service (not in JSON, not in logs).
 */
public record User(
    UUID id, String email, String name, String passwordHash, Set<String> roles, Status status,
    Instant createdAt, Instant updatedAt) {

  public static final String ROLE_USER = "user";
  public static final String ROLE_ADMIN = "admin";
  public static final Set<String> KNOWN_ROLES = Set.of(ROLE_USER, ROLE_ADMIN);

  public enum Status { ACTIVE, DISABLED }

  public User {
    roles = Set.copyOf(roles);
  }

  /** The one normal form of an email address, used for storing, lookups and uniqueness. */
  public static String normalizeEmail(String email) {
    return email.trim().toLowerCase(Locale.ROOT);
  }

  /** The public JSON shape: the reply of {@code user.get}. Roles are sorted so the body is stable. */
  public JsonObject toPublicJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("email", email)
        .put("name", name)
        .put("roles", new JsonArray(roles.stream().sorted().toList()))
        .put("status", status.name().toLowerCase(Locale.ROOT))
        .put("createdAt", createdAt.toString())
        .put("updatedAt", updatedAt.toString());
  }

  /** Records print every component; this one must not print the hash. */
  @Override
  public String toString() {
    return "User[id=" + id + ", email=" + email + ", roles=" + roles + ", status=" + status + "]";
  }
}
