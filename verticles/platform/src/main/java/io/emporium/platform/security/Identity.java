package io.emporium.platform.security;

import java.time.Instant;
import java.util.Set;

/** Who a verified access token says the caller is. */
public record Identity(String userId, Set<String> roles, String tokenId, Instant expiresAt) {
  public static final String ROLE_USER = "user";
  public static final String ROLE_ADMIN = "admin";
  /**
   * A service calling another as itself (never in a user's token): the stock reservation actions need it
   * (or admin). Its callers are named {@code service:<name>}, e.g. {@code service:order}.
   */
  public static final String ROLE_SERVICE = "service";

  public Identity {
    roles = Set.copyOf(roles);
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }
}
