package io.emporium.user.store;

import io.emporium.platform.outbox.OutboxStore;
import io.emporium.platform.service.Page;
import io.emporium.user.audit.AuditEntry;
import io.emporium.user.audit.AuditQuery;
import io.emporium.user.audit.AuditRecord;
import io.emporium.user.domain.AdminAccountState;
import io.emporium.user.domain.Erasure;
import io.emporium.user.domain.Lockout;
import io.emporium.user.domain.LockoutPolicy;
import io.emporium.user.domain.NewSession;
import io.emporium.user.domain.NewToken;
import io.emporium.user.domain.NewUser;
import io.emporium.user.domain.RotationOutcome;
import io.emporium.user.domain.SessionEnd;
import io.emporium.user.domain.User;
import io.emporium.user.domain.UserPatch;
import io.emporium.user.domain.UserStats;
import io.emporium.user.domain.UserUpdate;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Everything the user service stores: users, sessions (refresh tokens), the failed-login throttle, the
 * audit log and the outbox. Two implementations (PostgreSQL and in-memory) pass one contract suite.
 *
 * <p>Every mutating method takes a function from its result to the {@link Effects} (audit entries and
 * outbox events) it writes in the same transaction: on PostgreSQL one {@code withTransaction}, in
 * memory one synchronized unit in which nothing can fail after the first write. A change that fails
 * leaves no audit row and no event; an audit row or event never exists without its change.
 *
 * <p>Failures: an email already taken (without regard to case) is CONFLICT on field {@code email}; an
 * unknown user NOT_FOUND; a stale expected password hash PRECONDITION_FAILED; a store outage
 * UNAVAILABLE; a slow store TIMEOUT.
 */
public interface UserRepository {

  Future<Optional<User>> findById(UUID id);

  /** Case-insensitive. */
  Future<Optional<User>> findByEmail(String email);

  Future<Page<User>> list(UserQuery query);

  Future<User> create(NewUser user, Function<User, Effects> effects);

  /** Applies the patch and revokes the sessions it names, in one transaction. */
  Future<UserUpdate> update(UUID id, UserPatch patch, Function<UserUpdate, Effects> effects);

  /**
   * Makes the account of {@code admin.email()} exist as an active admin with that password hash:
   * creates it, or updates an existing one (concurrent callers across JVMs end with one account).
   */
  Future<AdminAccountState> upsertAdmin(NewUser admin, Function<AdminAccountState, Effects> effects);

  /** Seconds the email (normal form) stays locked for failed logins; empty when it is not locked. */
  Future<Optional<Long>> lockedForSeconds(String emailKey);

  /** Counts one more failed login for the email and locks it as the policy says. */
  Future<Lockout> recordLoginFailure(String emailKey, LockoutPolicy policy, Function<Lockout, Effects> effects);

  /**
   * A successful login: ends the email's failure streak, stamps the login, stores the session's first
   * refresh token and, when {@code rehash} is given, replaces the password hash if it is still
   * {@code rehash.expected()}. Empty when the user is gone or no longer active.
   */
  Future<Optional<User>> recordLoginSuccess(UUID userId, String emailKey, NewSession session,
      Optional<Rehash> rehash, Function<User, Effects> effects);

  /**
   * Rotates the refresh token whose hash is {@code presentedHash}: a current one is replaced by
   * {@code next} (same session); an already rotated one revokes its whole session. Two concurrent
   * rotations of one token cannot both succeed.
   */
  Future<RotationOutcome> rotate(byte[] presentedHash, NewToken next, Function<RotationOutcome, Effects> effects);

  /** Revokes the session of that refresh token (logout); empty when no token has that hash. */
  Future<Optional<SessionEnd>> endSession(byte[] tokenHash, Function<SessionEnd, Effects> effects);

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

  /**
   * Deletes up to {@code limit} failed-login streaks whose last failure is before
   * {@code lastFailureBefore} and whose email is not locked now, the oldest first; answers how many.
   * A lock that still runs is never lifted. The caller passes the end of the streak window (see
   * {@link LockoutPolicy#STREAK_WINDOW_SECONDS}): a streak older than that counts from one again at
   * the next failure anyway, so deleting it changes nothing.
   */
  Future<Integer> purgeLoginThrottle(Instant lastFailureBefore, int limit);

  /**
   * Deletes up to {@code limit} audit entries written before {@code writtenBefore}, the oldest first;
   * answers how many. The audit log holds personal data (client addresses, user agents, the emails of
   * failed logins): it is kept for {@code retention.account-audit-hours}, not for ever.
   */
  Future<Integer> purgeAuditLog(Instant writtenBefore, int limit);

  /**
   * Erases the personal data of account {@code id}, in one transaction: its email becomes
   * {@link Erasure#erasedEmail}, its name {@link Erasure#ERASED_NAME}, its preferences empty; it loses its
   * password, its login times and its sessions (refresh tokens, with the client addresses they recorded) and
   * is disabled; the failed-login streak of its former email goes; its audit entries (as actor or target,
   * and failed logins that name its former email) lose their client address, user agent and any email or
   * name in their details. The id stays, so the audit trail still says what happened to the account.
   * Fails with NOT_FOUND for an unknown id.
   */
  Future<Erasure> erase(UUID id, Function<Erasure, Effects> effects);

  /** Writes an audit entry that records no change (a refused attempt). */
  Future<Void> appendAudit(AuditEntry entry);

  Future<Page<AuditRecord>> audit(AuditQuery query);

  Future<UserStats> stats(LocalDate from, LocalDate to);

  /** The outbox this repository writes its events to, for the relay and queue stats. */
  OutboxStore outbox();

  /** Succeeds when the store answers; used by health checks. */
  Future<Void> ping();

  /** {@code memory} or {@code postgres}, for health reports. */
  String kind();

  /** A new hash for the password that matched {@code expected}. */
  record Rehash(String expected, String replacement) {
    @Override
    public String toString() {
      return "Rehash[****]";
    }
  }
}
