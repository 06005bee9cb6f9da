package io.emporium.user.store;

import io.emporium.platform.audit.Effects;
import io.emporium.user.audit.AuditAction;
import io.emporium.user.domain.NewSession;
import io.emporium.user.domain.NewToken;
import io.emporium.user.domain.RotationOutcome;
import io.emporium.user.domain.SessionEnd;
import io.emporium.user.domain.User;
import io.emporium.user.store.InMemoryUserTables.Token;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** The sessions in memory: refresh tokens by the hex of their hash (see {@link InMemoryUserTables}). */
final class InMemorySessionStore implements SessionStore {
  private final InMemoryUserTables tables;

  InMemorySessionStore(InMemoryUserTables tables) {
    this.tables = tables;
  }

  @Override
  public Future<Optional<User>> recordLoginSuccess(UUID userId, String emailKey, NewSession session,
      Optional<Rehash> rehash, Function<User, Effects<AuditAction>> effects) {
    return tables.change(() -> {
      User before = tables.users.get(userId);
      if (before == null || !before.isActive()) {
        return Future.succeededFuture(Optional.empty());
      }
      Instant now = InMemoryUserTables.now();
      String hash = rehash.filter(r -> r.expected().equals(before.passwordHash())).map(Rehash::replacement)
          .orElse(before.passwordHash());
      User after = new User(before.id(), before.email(), before.name(), hash, before.roles(), before.status(),
          before.preferences(), before.createdAt(), hash.equals(before.passwordHash()) ? before.updatedAt() : now, now);
      Effects<AuditAction> written = effects.apply(after);
      tables.streaks.remove(emailKey);
      tables.users.put(userId, after);
      tables.lastSeen.put(userId, now);
      tables.store(session, now);
      tables.write(written);
      return Future.succeededFuture(Optional.of(after));
    });
  }

  @Override
  public Future<RotationOutcome> rotate(byte[] presentedHash, NewToken next,
      Function<RotationOutcome, Effects<AuditAction>> effects) {
    return tables.change(() -> {
      Token token = tables.tokensByHash.get(InMemoryUserTables.hex(presentedHash));
      Instant now = InMemoryUserTables.now();
      RotationOutcome outcome;
      List<Token> family = List.of();
      if (token == null) {
        outcome = new RotationOutcome.Rejected(RotationOutcome.Reason.UNKNOWN);
      } else if (token.rotatedAt != null) {
        family = tables.unrevokedFamily(token.sessionId);
        outcome = new RotationOutcome.Reused(token.userId, token.sessionId, family.size());
      } else if (token.revokedAt != null) {
        outcome = new RotationOutcome.Rejected(RotationOutcome.Reason.REVOKED);
      } else if (!token.expiresAt.isAfter(now)) {
        outcome = new RotationOutcome.Rejected(RotationOutcome.Reason.EXPIRED);
      } else {
        User user = tables.users.get(token.userId);
        outcome = user == null || !user.isActive()
            ? new RotationOutcome.Rejected(RotationOutcome.Reason.USER_INACTIVE)
            : new RotationOutcome.Rotated(user, token.sessionId);
      }
      Effects<AuditAction> written = effects.apply(outcome);
      if (outcome instanceof RotationOutcome.Reused) {
        family.forEach(t -> t.revokedAt = now);
      } else if (outcome instanceof RotationOutcome.Rotated rotated) {
        token.rotatedAt = now;
        tables.store(new NewSession(token.sessionId, token.userId, next), now);
        tables.lastSeen.put(rotated.user().id(), now);
      }
      tables.write(written);
      return Future.succeededFuture(outcome);
    });
  }

  @Override
  public Future<Optional<SessionEnd>> endSession(byte[] tokenHash, Function<SessionEnd, Effects<AuditAction>> effects) {
    return tables.change(() -> {
      Token token = tables.tokensByHash.get(InMemoryUserTables.hex(tokenHash));
      if (token == null) {
        return Future.succeededFuture(Optional.empty());
      }
      Instant now = InMemoryUserTables.now();
      List<Token> family = tables.unrevokedFamily(token.sessionId);
      boolean wasLive = family.stream().anyMatch(t -> t.isLive(now));
      SessionEnd end = new SessionEnd(token.userId, token.sessionId, wasLive);
      Effects<AuditAction> written = effects.apply(end);
      family.forEach(t -> t.revokedAt = now);
      tables.write(written);
      return Future.succeededFuture(Optional.of(end));
    });
  }

  @Override
  public Future<Optional<UUID>> liveSessionOf(UUID userId, byte[] tokenHash) {
    synchronized (tables) {
      Token token = tables.tokensByHash.get(InMemoryUserTables.hex(tokenHash));
      boolean live = token != null && token.userId.equals(userId) && token.isLive(Instant.now());
      return Future.succeededFuture(live ? Optional.of(token.sessionId) : Optional.empty());
    }
  }

  @Override
  public Future<Integer> purgeExpiredTokens(Instant expiredBefore, int limit) {
    synchronized (tables) {
      Instant now = Instant.now();
      Instant cutoff = expiredBefore.isBefore(now) ? expiredBefore : now;
      List<String> expired = tables.tokensByHash.entrySet().stream()
          .filter(e -> e.getValue().expiresAt.isBefore(cutoff))
          .sorted(Comparator.comparing((Map.Entry<String, Token> e) -> e.getValue().expiresAt))
          .limit(limit)
          .map(Map.Entry::getKey)
          .toList();
      expired.forEach(tables.tokensByHash::remove);
      return Future.succeededFuture(expired.size());
    }
  }
}
