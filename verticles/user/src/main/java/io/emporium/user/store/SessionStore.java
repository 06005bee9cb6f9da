package io.emporium.user.store;

import io.emporium.platform.audit.Effects;
import io.emporium.user.audit.AuditAction;
import io.emporium.user.domain.NewSession;
import io.emporium.user.domain.NewToken;
import io.emporium.user.domain.RotationOutcome;
import io.emporium.user.domain.SessionEnd;
import io.emporium.user.domain.User;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** The sessions: one family of refresh tokens per login, rotated on each refresh. */
public interface SessionStore {

  /**
   * A successful login: ends the email's failure streak, stamps the login, stores the session's first
   * refresh token and, when {@code rehash} is given, replaces the password hash if it is still
   * {@code rehash.expected()}. Empty when the user is gone or no longer active.
   */
  Future<Optional<User>> recordLoginSuccess(UUID userId, String emailKey, NewSession session,
      Optional<Rehash> rehash, Function<User, Effects<AuditAction>> effects);

  /**
   * Rotates the refresh token whose hash is {@code presentedHash}: a current one is replaced by
   * {@code next} (same session); an already rotated one revokes its whole session. Two concurrent
   * rotations of one token cannot both succeed.
   */
  Future<RotationOutcome> rotate(byte[] presentedHash, NewToken next,
      Function<RotationOutcome, Effects<AuditAction>> effects);

  /** Revokes the session of that refresh token (logout); empty when no token has that hash. */
  Future<Optional<SessionEnd>> endSession(byte[] tokenHash, Function<SessionEnd, Effects<AuditAction>> effects);

  /** The session id of a live refresh token of that user; empty when it is not one. */
  Future<Optional<UUID>> liveSessionOf(UUID userId, byte[] tokenHash);

  /**
   * Deletes up to {@code limit} refresh tokens (rotated, revoked or not) that expired before
   * {@code expiredBefore}, the longest expired first; answers how many.
   *
   * <p>Never a token that has not expired yet, whatever instant is given: until it expires a token
   * can still be presented, and its row is what answers it. A rotated token's row is how reuse is
   * detected (presenting it revokes its whole session), a revoked token's row is why it is refused
   * as revoked. Once expired, presenting it gets nothing either way (an unknown token is refused too),
   * so past its expiry the row is only a record, kept for the retention the caller chooses.
   */
  Future<Integer> purgeExpiredTokens(Instant expiredBefore, int limit);

  /** A new hash for the password that matched {@code expected}. */
  record Rehash(String expected, String replacement) {
    @Override
    public String toString() {
      return "Rehash[****]";
    }
  }
}
