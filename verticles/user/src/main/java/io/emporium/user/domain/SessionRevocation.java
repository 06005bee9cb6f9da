package io.emporium.user.domain;

import java.util.Optional;
import java.util.UUID;

/**
 * Which sessions of a user a change revokes: none, all, or all but one (the caller's own, named by
 * its session id, which is the family id of its refresh tokens).
 */
public record SessionRevocation(boolean revoke, Optional<UUID> keep, String reason) {

  public static SessionRevocation none() {
    return new SessionRevocation(false, Optional.empty(), "");
  }

  public static SessionRevocation all(String reason) {
    return new SessionRevocation(true, Optional.empty(), reason);
  }

  public static SessionRevocation allExcept(Optional<UUID> keep, String reason) {
    return new SessionRevocation(true, keep, reason);
  }
}
