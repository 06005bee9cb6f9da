package io.emporium.user.store;

import io.emporium.platform.audit.AuditEntry;
import io.emporium.platform.audit.AuditQuery;
import io.emporium.platform.audit.AuditRecord;
import io.emporium.platform.audit.Effects;
import io.emporium.platform.service.Page;
import io.emporium.user.audit.AuditAction;
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
 * A {@link UserRepository} made of one store per aggregate: each method goes to the store that owns it.
 * The PostgreSQL and in-memory repositories only choose their stores (and say how to ping them).
 */
abstract class ComposedUserRepository implements UserRepository {
  private final AccountStore accounts;
  private final SessionStore sessions;
  private final LoginThrottleStore throttle;
  private final AuditLogStore auditLog;
  private final UserStatsStore stats;

  ComposedUserRepository(AccountStore accounts, SessionStore sessions, LoginThrottleStore throttle,
      AuditLogStore auditLog, UserStatsStore stats) {
    this.accounts = accounts;
    this.sessions = sessions;
    this.throttle = throttle;
    this.auditLog = auditLog;
    this.stats = stats;
  }

  @Override
  public final Future<Optional<User>> findById(UUID id) {
    return accounts.findById(id);
  }

  @Override
  public final Future<Optional<User>> findByEmail(String email) {
    return accounts.findByEmail(email);
  }

  @Override
  public final Future<Page<User>> list(UserQuery query) {
    return accounts.list(query);
  }

  @Override
  public final Future<User> create(NewUser user, Function<User, Effects<AuditAction>> effects) {
    return accounts.create(user, effects);
  }

  @Override
  public final Future<UserUpdate> update(UUID id, UserPatch patch, Function<UserUpdate, Effects<AuditAction>> effects) {
    return accounts.update(id, patch, effects);
  }

  @Override
  public final Future<AdminAccountState> upsertAdmin(NewUser admin,
      Function<AdminAccountState, Effects<AuditAction>> effects) {
    return accounts.upsertAdmin(admin, effects);
  }

  @Override
  public final Future<Erasure> erase(UUID id, Function<Erasure, Effects<AuditAction>> effects) {
    return accounts.erase(id, effects);
  }

  @Override
  public final Future<Optional<User>> recordLoginSuccess(UUID userId, String emailKey, NewSession session,
      Optional<Rehash> rehash, Function<User, Effects<AuditAction>> effects) {
    return sessions.recordLoginSuccess(userId, emailKey, session, rehash, effects);
  }

  @Override
  public final Future<RotationOutcome> rotate(byte[] presentedHash, NewToken next,
      Function<RotationOutcome, Effects<AuditAction>> effects) {
    return sessions.rotate(presentedHash, next, effects);
  }

  @Override
  public final Future<Optional<SessionEnd>> endSession(byte[] tokenHash,
      Function<SessionEnd, Effects<AuditAction>> effects) {
    return sessions.endSession(tokenHash, effects);
  }

  @Override
  public final Future<Optional<UUID>> liveSessionOf(UUID userId, byte[] tokenHash) {
    return sessions.liveSessionOf(userId, tokenHash);
  }

  @Override
  public final Future<Integer> purgeExpiredTokens(Instant expiredBefore, int limit) {
    return sessions.purgeExpiredTokens(expiredBefore, limit);
  }

  @Override
  public final Future<Optional<Long>> lockedForSeconds(String emailKey) {
    return throttle.lockedForSeconds(emailKey);
  }

  @Override
  public final Future<Lockout> recordLoginFailure(String emailKey, LockoutPolicy policy,
      Function<Lockout, Effects<AuditAction>> effects) {
    return throttle.recordLoginFailure(emailKey, policy, effects);
  }

  @Override
  public final Future<Integer> purgeLoginThrottle(Instant lastFailureBefore, int limit) {
    return throttle.purgeLoginThrottle(lastFailureBefore, limit);
  }

  @Override
  public final Future<Void> appendAudit(AuditEntry<AuditAction> entry) {
    return auditLog.appendAudit(entry);
  }

  @Override
  public final Future<Page<AuditRecord<AuditAction>>> audit(AuditQuery<AuditAction> query) {
    return auditLog.audit(query);
  }

  @Override
  public final Future<Integer> purgeAuditLog(Instant writtenBefore, int limit) {
    return auditLog.purgeAuditLog(writtenBefore, limit);
  }

  @Override
  public final Future<UserStats> stats(LocalDate from, LocalDate to) {
    return stats.stats(from, to);
  }
}
