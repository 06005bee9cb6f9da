package io.emporium.user.store;

import io.emporium.platform.contract.ErrorCode;
import io.emporium.platform.contract.ServiceError;
import io.emporium.platform.outbox.InMemoryOutboxStore;
import io.emporium.platform.outbox.OutboxStore;
import io.emporium.platform.service.Page;
import io.emporium.user.audit.AuditAction;
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
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The zero-setup store: one per JVM, shared by every user instance in it (they run on different
 * event loops). Every change is one synchronized unit that first computes everything it will write,
 * its effects included, and only then writes: nothing can fail half-way, so a change, its audit
 * entries and its events exist together or not at all. Not durable.
 */
public final class InMemoryUserRepository implements UserRepository {
  private final Map<UUID, User> byId = new ConcurrentHashMap<>();
  private final Map<String, UUID> idByEmail = new ConcurrentHashMap<>();
  private final Map<UUID, Instant> lastSeen = new HashMap<>();
  private final Map<String, Token> tokensByHash = new HashMap<>();
  private final Map<String, Streak> streaks = new HashMap<>();
  private final List<AuditRecord> auditLog = new ArrayList<>();
  private final InMemoryOutboxStore outbox = new InMemoryOutboxStore();
  private long auditSequence;

  /** Same precision as PostgreSQL's timestamptz, so both stores return equal values. */
  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }

  @Override
  public Future<Optional<User>> findById(UUID id) {
    return Future.succeededFuture(Optional.ofNullable(byId.get(id)));
  }

  @Override
  public Future<Optional<User>> findByEmail(String email) {
    UUID id = idByEmail.get(User.normalizeEmail(email));
    return Future.succeededFuture(id == null ? Optional.empty() : Optional.ofNullable(byId.get(id)));
  }

  @Override
  public Future<Page<User>> list(UserQuery query) {
    Predicate<User> matches = u -> query.status().map(s -> u.status() == s).orElse(true)
        && query.role().map(r -> r.equals(u.role())).orElse(true);
    List<User> all = byId.values().stream().filter(matches)
        .sorted(Comparator.comparing(User::createdAt).thenComparing(User::id)).toList();
    return Future.succeededFuture(new Page<>(slice(all, query.page(), query.size()), query.page(), query.size(),
        all.size()));
  }

  @Override
  public synchronized Future<User> create(NewUser u, Function<User, Effects> effects) {
    try {
      if (idByEmail.containsKey(u.email())) {
        return emailTaken();
      }
      Instant now = now();
      User user = new User(UUID.randomUUID(), u.email(), u.name(), u.passwordHash(), u.roles(), User.Status.ACTIVE,
          null, now, now, null);
      Effects written = effects.apply(user);
      // By id first: a concurrent findByEmail that sees the email must also find the user.
      byId.put(user.id(), user);
      idByEmail.put(user.email(), user.id());
      write(written);
      return Future.succeededFuture(user);
    } catch (RuntimeException effectsFailed) {
      // Thrown before the first write: nothing changed.
      return Future.failedFuture(effectsFailed);
    }
  }

  @Override
  public synchronized Future<UserUpdate> update(UUID id, UserPatch patch, Function<UserUpdate, Effects> effects) {
    try {
      User before = byId.get(id);
      if (before == null) {
        return Future.failedFuture(ServiceError.notFound("no user with id " + id).toException());
      }
      if (patch.expectedPasswordHash().isPresent()
          && !patch.expectedPasswordHash().get().equals(before.passwordHash())) {
        return Future.failedFuture(ServiceError.of(ErrorCode.PRECONDITION_FAILED,
            "the password changed meanwhile").toException());
      }
      Instant now = now();
      User after = patch.applyTo(before, now);
      if (!after.email().equals(before.email()) && idByEmail.containsKey(after.email())) {
        return emailTaken();
      }
      List<Token> revoked = patch.sessions().revoke() ? liveTokensOf(id, patch.sessions().keep()) : List.of();
      UserUpdate update = new UserUpdate(before, after,
          (int) revoked.stream().filter(t -> t.isLive(now)).map(t -> t.sessionId).distinct().count());
      Effects written = effects.apply(update);
      byId.put(id, after);
      if (!after.email().equals(before.email())) {
        idByEmail.put(after.email(), id);
        idByEmail.remove(before.email());
      }
      revoked.forEach(t -> t.revokedAt = now);
      write(written);
      return Future.succeededFuture(update);
    } catch (RuntimeException effectsFailed) {
      // Thrown before the first write: nothing changed.
      return Future.failedFuture(effectsFailed);
    }
  }

  @Override
  public synchronized Future<Erasure> erase(UUID id, Function<Erasure, Effects> effects) {
    try {
      User before = byId.get(id);
      if (before == null) {
        return Future.failedFuture(ServiceError.notFound("no user with id " + id).toException());
      }
      String formerEmailKey = User.normalizeEmail(before.email());
      User erased = new User(id, Erasure.erasedEmail(id), Erasure.ERASED_NAME, null, before.roles(),
          User.Status.DISABLED, new JsonObject(), before.createdAt(), now(), null);
      List<String> sessions = tokensByHash.entrySet().stream().filter(e -> e.getValue().userId.equals(id))
          .map(Map.Entry::getKey).toList();
      List<Integer> entries = new ArrayList<>();
      for (int i = 0; i < auditLog.size(); i++) {
        if (namesThePerson(auditLog.get(i).entry(), id, formerEmailKey)) {
          entries.add(i);
        }
      }
      Erasure erasure = new Erasure(erased, sessions.size(), entries.size());
      Effects written = effects.apply(erasure);
      byId.put(id, erased);
      idByEmail.remove(before.email());
      idByEmail.put(erased.email(), id);
      lastSeen.remove(id);
      sessions.forEach(tokensByHash::remove);
      streaks.remove(formerEmailKey);
      for (int i : entries) {
        AuditRecord record = auditLog.get(i);
        AuditEntry e = record.entry();
        auditLog.set(i, new AuditRecord(record.id(), record.at(), new AuditEntry(e.actorId(), e.action(), e.targetId(),
            Optional.empty(), Optional.empty(), e.requestId(), e.outcome(), Erasure.withoutPersonalDetails(e.details()))));
      }
      write(written);
      return Future.succeededFuture(erasure);
    } catch (RuntimeException effectsFailed) {
      return Future.failedFuture(effectsFailed);
    }
  }

  private static boolean namesThePerson(AuditEntry entry, UUID id, String emailKey) {
    return entry.actorId().filter(id::equals).isPresent() || entry.targetId().filter(id::equals).isPresent()
        || emailKey.equals(lowerOrNull(entry.details().getValue("email")))
        || emailKey.equals(lowerOrNull(entry.details().getValue("previousEmail")));
  }

  private static String lowerOrNull(Object value) {
    return value instanceof String s ? s.toLowerCase(java.util.Locale.ROOT) : null;
  }

  @Override
  public synchronized Future<AdminAccountState> upsertAdmin(NewUser admin, Function<AdminAccountState, Effects> effects) {
    try {
      UUID existing = idByEmail.get(admin.email());
      Instant now = now();
      AdminAccountState state;
      if (existing == null) {
        state = new AdminAccountState(new User(UUID.randomUUID(), admin.email(), admin.name(), admin.passwordHash(),
            User.ADMIN_ROLES, User.Status.ACTIVE, null, now, now, null), true);
      } else {
        User before = byId.get(existing);
        state = new AdminAccountState(new User(before.id(), before.email(), before.name(), admin.passwordHash(),
            User.ADMIN_ROLES, User.Status.ACTIVE, before.preferences(), before.createdAt(), now, before.lastLoginAt()),
            false);
      }
      Effects written = effects.apply(state);
      byId.put(state.user().id(), state.user());
      idByEmail.put(state.user().email(), state.user().id());
      write(written);
      return Future.succeededFuture(state);
    } catch (RuntimeException effectsFailed) {
      // Thrown before the first write: nothing changed.
      return Future.failedFuture(effectsFailed);
    }
  }

  @Override
  public synchronized Future<Optional<Long>> lockedForSeconds(String emailKey) {
    Streak streak = streaks.get(emailKey);
    Instant now = Instant.now();
    if (streak == null || streak.lockedUntil == null || !streak.lockedUntil.isAfter(now)) {
      return Future.succeededFuture(Optional.empty());
    }
    return Future.succeededFuture(Optional.of(ceilSeconds(Duration.between(now, streak.lockedUntil))));
  }

  @Override
  public synchronized Future<Lockout> recordLoginFailure(String emailKey, LockoutPolicy policy,
      Function<Lockout, Effects> effects) {
    try {
      Instant now = now();
      Streak streak = streaks.get(emailKey);
      boolean fresh = streak == null
          || streak.lastFailureAt.isBefore(now.minusSeconds(LockoutPolicy.STREAK_WINDOW_SECONDS));
      int failures = fresh ? 1 : streak.failures + 1;
      long lockSeconds = policy.lockSeconds(failures);
      Lockout lockout = new Lockout(failures, lockSeconds);
      Effects written = effects.apply(lockout);
      streaks.put(emailKey, new Streak(failures, now, lockSeconds > 0 ? now.plusSeconds(lockSeconds) : null));
      write(written);
      return Future.succeededFuture(lockout);
    } catch (RuntimeException effectsFailed) {
      // Thrown before the first write: nothing changed.
      return Future.failedFuture(effectsFailed);
    }
  }

  @Override
  public synchronized Future<Optional<User>> recordLoginSuccess(UUID userId, String emailKey, NewSession session,
      Optional<Rehash> rehash, Function<User, Effects> effects) {
    try {
      User before = byId.get(userId);
      if (before == null || !before.isActive()) {
        return Future.succeededFuture(Optional.empty());
      }
      Instant now = now();
      String hash = rehash.filter(r -> r.expected().equals(before.passwordHash())).map(Rehash::replacement)
          .orElse(before.passwordHash());
      User after = new User(before.id(), before.email(), before.name(), hash, before.roles(), before.status(),
          before.preferences(), before.createdAt(), hash.equals(before.passwordHash()) ? before.updatedAt() : now, now);
      Effects written = effects.apply(after);
      streaks.remove(emailKey);
      byId.put(userId, after);
      lastSeen.put(userId, now);
      store(session, now);
      write(written);
      return Future.succeededFuture(Optional.of(after));
    } catch (RuntimeException effectsFailed) {
      // Thrown before the first write: nothing changed.
      return Future.failedFuture(effectsFailed);
    }
  }

  @Override
  public synchronized Future<RotationOutcome> rotate(byte[] presentedHash, NewToken next,
      Function<RotationOutcome, Effects> effects) {
    try {
      Token token = tokensByHash.get(hex(presentedHash));
      Instant now = now();
      RotationOutcome outcome;
      List<Token> family = List.of();
      if (token == null) {
        outcome = new RotationOutcome.Rejected(RotationOutcome.Reason.UNKNOWN);
      } else if (token.rotatedAt != null) {
        family = tokensByHash.values().stream().filter(t -> t.sessionId.equals(token.sessionId) && t.revokedAt == null)
            .toList();
        outcome = new RotationOutcome.Reused(token.userId, token.sessionId, family.size());
      } else if (token.revokedAt != null) {
        outcome = new RotationOutcome.Rejected(RotationOutcome.Reason.REVOKED);
      } else if (!token.expiresAt.isAfter(now)) {
        outcome = new RotationOutcome.Rejected(RotationOutcome.Reason.EXPIRED);
      } else {
        User user = byId.get(token.userId);
        outcome = user == null || !user.isActive()
            ? new RotationOutcome.Rejected(RotationOutcome.Reason.USER_INACTIVE)
            : new RotationOutcome.Rotated(user, token.sessionId);
      }
      Effects written = effects.apply(outcome);
      if (outcome instanceof RotationOutcome.Reused) {
        family.forEach(t -> t.revokedAt = now);
      } else if (outcome instanceof RotationOutcome.Rotated rotated) {
        token.rotatedAt = now;
        store(new NewSession(token.sessionId, token.userId, next), now);
        lastSeen.put(rotated.user().id(), now);
      }
      write(written);
      return Future.succeededFuture(outcome);
    } catch (RuntimeException effectsFailed) {
      // Thrown before the first write: nothing changed.
      return Future.failedFuture(effectsFailed);
    }
  }

  @Override
  public synchronized Future<Optional<SessionEnd>> endSession(byte[] tokenHash, Function<SessionEnd, Effects> effects) {
    try {
      Token token = tokensByHash.get(hex(tokenHash));
      if (token == null) {
        return Future.succeededFuture(Optional.empty());
      }
      Instant now = now();
      List<Token> family = tokensByHash.values().stream()
          .filter(t -> t.sessionId.equals(token.sessionId) && t.revokedAt == null).toList();
      boolean wasLive = family.stream().anyMatch(t -> t.isLive(now));
      SessionEnd end = new SessionEnd(token.userId, token.sessionId, wasLive);
      Effects written = effects.apply(end);
      family.forEach(t -> t.revokedAt = now);
      write(written);
      return Future.succeededFuture(Optional.of(end));
    } catch (RuntimeException effectsFailed) {
      // Thrown before the first write: nothing changed.
      return Future.failedFuture(effectsFailed);
    }
  }

  @Override
  public synchronized Future<Optional<UUID>> liveSessionOf(UUID userId, byte[] tokenHash) {
    Token token = tokensByHash.get(hex(tokenHash));
    Instant now = Instant.now();
    boolean live = token != null && token.userId.equals(userId) && token.isLive(now);
    return Future.succeededFuture(live ? Optional.of(token.sessionId) : Optional.empty());
  }

  @Override
  public synchronized Future<Integer> purgeExpiredTokens(Instant expiredBefore, int limit) {
    Instant now = Instant.now();
    Instant cutoff = expiredBefore.isBefore(now) ? expiredBefore : now;
    List<String> expired = tokensByHash.entrySet().stream()
        .filter(e -> e.getValue().expiresAt.isBefore(cutoff))
        .sorted(Comparator.comparing((Map.Entry<String, Token> e) -> e.getValue().expiresAt))
        .limit(limit)
        .map(Map.Entry::getKey)
        .toList();
    expired.forEach(tokensByHash::remove);
    return Future.succeededFuture(expired.size());
  }

  @Override
  public synchronized Future<Integer> purgeLoginThrottle(Instant lastFailureBefore, int limit) {
    Instant now = Instant.now();
    List<String> over = streaks.entrySet().stream()
        .filter(e -> e.getValue().lastFailureAt.isBefore(lastFailureBefore)
            && (e.getValue().lockedUntil == null || !e.getValue().lockedUntil.isAfter(now)))
        .sorted(Comparator.comparing((Map.Entry<String, Streak> e) -> e.getValue().lastFailureAt))
        .limit(limit)
        .map(Map.Entry::getKey)
        .toList();
    over.forEach(streaks::remove);
    return Future.succeededFuture(over.size());
  }

  @Override
  public synchronized Future<Integer> purgeAuditLog(Instant writtenBefore, int limit) {
    // Entries carry the time their change was made at, which need not be the order they were appended in.
    List<AuditRecord> due = auditLog.stream().filter(r -> r.at().isBefore(writtenBefore))
        .sorted(Comparator.comparing(AuditRecord::at)).limit(limit).toList();
    auditLog.removeAll(due);
    return Future.succeededFuture(due.size());
  }

  @Override
  public synchronized Future<Void> appendAudit(AuditEntry entry) {
    write(Effects.audit(entry));
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<Page<AuditRecord>> audit(AuditQuery query) {
    List<AuditRecord> matching = auditLog.stream()
        .filter(r -> query.actor().map(a -> r.entry().actorId().equals(Optional.of(a))).orElse(true))
        .filter(r -> query.action().map(a -> r.entry().action() == a).orElse(true))
        .filter(r -> query.target().map(t -> r.entry().targetId().equals(Optional.of(t))).orElse(true))
        .filter(r -> query.from().map(f -> !r.at().isBefore(f)).orElse(true))
        .filter(r -> query.to().map(t -> r.at().isBefore(t)).orElse(true))
        .sorted(Comparator.comparingLong(AuditRecord::id).reversed())
        .toList();
    return Future.succeededFuture(new Page<>(slice(matching, query.page(), query.size()), query.page(), query.size(),
        matching.size()));
  }

  @Override
  public synchronized Future<UserStats> stats(LocalDate from, LocalDate to) {
    Instant now = Instant.now();
    List<User> users = List.copyOf(byId.values());
    Map<LocalDate, Long> signUps = new HashMap<>();
    users.forEach(u -> signUps.merge(LocalDate.ofInstant(u.createdAt(), ZoneOffset.UTC), 1L, Long::sum));
    List<UserStats.DailyCount> perDay = from.datesUntil(to.plusDays(1))
        .map(d -> new UserStats.DailyCount(d, signUps.getOrDefault(d, 0L))).toList();
    Instant start = from.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant end = to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    Predicate<AuditRecord> inRange = r -> !r.at().isBefore(start) && r.at().isBefore(end);
    return Future.succeededFuture(new UserStats(from, to, users.size(),
        users.stream().filter(User::isActive).count(),
        users.stream().filter(u -> !u.isActive()).count(),
        users.stream().filter(User::isAdmin).count(),
        perDay,
        lastSeen.values().stream().filter(t -> t.isAfter(now.minus(Duration.ofHours(24)))).count(),
        lastSeen.values().stream().filter(t -> t.isAfter(now.minus(Duration.ofDays(7)))).count(),
        auditLog.stream().filter(inRange).filter(r -> r.entry().action() == AuditAction.LOGIN_SUCCESS).count(),
        auditLog.stream().filter(inRange).filter(r -> r.entry().action() == AuditAction.LOGIN_FAILURE).count()));
  }

  @Override
  public OutboxStore outbox() {
    return outbox;
  }

  /** The outbox as the service writes it (for tests that look inside). */
  public InMemoryOutboxStore memoryOutbox() {
    return outbox;
  }

  @Override
  public Future<Void> ping() {
    return Future.succeededFuture();
  }

  @Override
  public String kind() {
    return "memory";
  }

  private void write(Effects effects) {
    Instant at = now();
    for (AuditEntry entry : effects.audit()) {
      auditLog.add(new AuditRecord(++auditSequence, at, entry));
    }
    outbox.append(effects.events());
  }

  private void store(NewSession session, Instant now) {
    tokensByHash.put(hex(session.firstToken().tokenHash()), new Token(session.sessionId(), session.userId(),
        now.plusSeconds(session.firstToken().ttlSeconds())));
  }

  private List<Token> liveTokensOf(UUID userId, Optional<UUID> keep) {
    return tokensByHash.values().stream()
        .filter(t -> t.userId.equals(userId) && t.revokedAt == null && keep.map(k -> !k.equals(t.sessionId)).orElse(true))
        .toList();
  }

  private static <T> Future<T> emailTaken() {
    return Future.failedFuture(new ServiceError(ErrorCode.CONFLICT, "a user with this email exists", "email")
        .toException());
  }

  private static <T> List<T> slice(List<T> all, int page, int size) {
    long offset = (long) (page - 1) * size;
    if (offset >= all.size()) {
      return List.of();
    }
    return all.subList((int) offset, (int) Math.min(all.size(), offset + size));
  }

  private static long ceilSeconds(Duration d) {
    return Math.max(1, (d.toMillis() + 999) / 1000);
  }

  private static String hex(byte[] hash) {
    return HexFormat.of().formatHex(hash);
  }

  /** A stored refresh token (hash as the map key). */
  private static final class Token {
    final UUID sessionId;
    final UUID userId;
    final Instant expiresAt;
    Instant rotatedAt;
    Instant revokedAt;

    Token(UUID sessionId, UUID userId, Instant expiresAt) {
      this.sessionId = sessionId;
      this.userId = userId;
      this.expiresAt = expiresAt;
    }

    /** The current token of its session: neither rotated, nor revoked, nor expired. */
    boolean isLive(Instant now) {
      return rotatedAt == null && revokedAt == null && expiresAt.isAfter(now);
    }
  }

  private record Streak(int failures, Instant lastFailureAt, Instant lockedUntil) {}
}
