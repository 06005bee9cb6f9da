package io.emporium.user.domain;

import java.util.UUID;

/** What presenting a refresh token to be rotated led to. */
public sealed interface RotationOutcome {

  /** The token was current: it is now rotated and the new one is stored in the same session. */
  record Rotated(User user, UUID sessionId) implements RotationOutcome {}

  /** The token had already been rotated: the whole session is revoked (it was stolen, or replayed). */
  record Reused(UUID userId, UUID sessionId, int revokedTokens) implements RotationOutcome {}

  /** Unknown, expired or revoked, or its user is disabled: nothing changed. */
  record Rejected(Reason reason) implements RotationOutcome {}

  enum Reason { UNKNOWN, EXPIRED, REVOKED, USER_INACTIVE }
}
