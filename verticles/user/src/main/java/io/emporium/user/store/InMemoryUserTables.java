package io.emporium.user.store;

import io.emporium.platform.audit.Effects;
import io.emporium.platform.audit.InMemoryEffects;
import io.emporium.user.audit.AuditAction;
import io.emporium.user.domain.NewSession;
import io.emporium.user.domain.User;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The in-memory store's tables, what {@code account.*} is to the PostgreSQL stores: one set per JVM,
 * shared by the in-memory stores of every user instance in it (they run on different event loops).
 * One lock, this object: every change holds it ({@link #change}) and first computes everything it will
 * write, its effects included, and only then writes, so nothing can fail half-way and a change, its
 * audit entries and its events exist together or not at all, whichever tables it touches. Not durable.
 */
final class InMemoryUserTables {
  /** By id, then by email: read without the lock (a user is put by id before its email). */
  final Map<UUID, User> users = new ConcurrentHashMap<>();
  final Map<String, UUID> idByEmail = new ConcurrentHashMap<>();
  final Map<UUID, Instant> lastSeen = new HashMap<>();
  final Map<String, Token> tokensByHash = new HashMap<>();
  final Map<String, Streak> streaks = new HashMap<>();
  /** The audit log and the outbox. */
  final InMemoryEffects<AuditAction> effects = new InMemoryEffects<>();

  /** Same precision as PostgreSQL's timestamptz, so both stores return equal values. */
  static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }

  /**
   * Runs a change under the lock. A failure it throws comes before its first write (the effects are
   * computed first), so nothing changed: it becomes the failed future.
   */
  synchronized <T> Future<T> change(Supplier<Future<T>> change) {
    try {
      return change.get();
    } catch (RuntimeException effectsFailed) {
      return Future.failedFuture(effectsFailed);
    }
  }

  /** Writes a change's audit entries and events; the caller holds the lock. */
  void write(Effects<AuditAction> written) {
    effects.write(written, now());
  }

  /** Stores the session's first refresh token; the caller holds the lock. */
  void store(NewSession session, Instant now) {
    tokensByHash.put(hex(session.firstToken().tokenHash()), new Token(session.sessionId(), session.userId(),
        now.plusSeconds(session.firstToken().ttlSeconds())));
  }

  /** The unrevoked tokens of the user, but for those of session {@code keep}. */
  List<Token> unrevokedTokensOf(UUID userId, Optional<UUID> keep) {
    return tokensByHash.values().stream()
        .filter(t -> t.userId.equals(userId) && t.revokedAt == null && keep.map(k -> !k.equals(t.sessionId)).orElse(true))
        .toList();
  }

  /** The unrevoked tokens of the session. */
  List<Token> unrevokedFamily(UUID sessionId) {
    return tokensByHash.values().stream().filter(t -> t.sessionId.equals(sessionId) && t.revokedAt == null).toList();
  }

  static <T> List<T> slice(List<T> all, int page, int size) {
    long offset = (long) (page - 1) * size;
    if (offset >= all.size()) {
      return List.of();
    }
    return all.subList((int) offset, (int) Math.min(all.size(), offset + size));
  }

  static String hex(byte[] hash) {
    return HexFormat.of().formatHex(hash);
  }

  /** A stored refresh token (hash as the map key). */
  static final class Token {
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

  /** A failed-login streak of one email. */
  record Streak(int failures, Instant lastFailureAt, Instant lockedUntil) {}
}
