package io.emporium.user.store;

import io.emporium.platform.audit.Effects;
import io.emporium.user.audit.AuditAction;
import io.emporium.user.domain.Lockout;
import io.emporium.user.domain.LockoutPolicy;
import io.emporium.user.store.InMemoryUserTables.Streak;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The failed-login streaks in memory, by email key (see {@link InMemoryUserTables}). */
final class InMemoryLoginThrottleStore implements LoginThrottleStore {
  private final InMemoryUserTables tables;

  InMemoryLoginThrottleStore(InMemoryUserTables tables) {
    this.tables = tables;
  }

  @Override
  public Future<Optional<Long>> lockedForSeconds(String emailKey) {
    synchronized (tables) {
      Streak streak = tables.streaks.get(emailKey);
      Instant now = Instant.now();
      if (streak == null || streak.lockedUntil() == null || !streak.lockedUntil().isAfter(now)) {
        return Future.succeededFuture(Optional.empty());
      }
      return Future.succeededFuture(Optional.of(ceilSeconds(Duration.between(now, streak.lockedUntil()))));
    }
  }

  @Override
  public Future<Lockout> recordLoginFailure(String emailKey, LockoutPolicy policy,
      Function<Lockout, Effects<AuditAction>> effects) {
    return tables.change(() -> {
      Instant now = InMemoryUserTables.now();
      Streak streak = tables.streaks.get(emailKey);
      boolean fresh = streak == null
          || streak.lastFailureAt().isBefore(now.minusSeconds(LockoutPolicy.STREAK_WINDOW_SECONDS));
      int failures = fresh ? 1 : streak.failures() + 1;
      long lockSeconds = policy.lockSeconds(failures);
      Lockout lockout = new Lockout(failures, lockSeconds);
      Effects<AuditAction> written = effects.apply(lockout);
      tables.streaks.put(emailKey, new Streak(failures, now, lockSeconds > 0 ? now.plusSeconds(lockSeconds) : null));
      tables.write(written);
      return Future.succeededFuture(lockout);
    });
  }

  @Override
  public Future<Integer> purgeLoginThrottle(Instant lastFailureBefore, int limit) {
    synchronized (tables) {
      Instant now = Instant.now();
      List<String> over = tables.streaks.entrySet().stream()
          .filter(e -> e.getValue().lastFailureAt().isBefore(lastFailureBefore)
              && (e.getValue().lockedUntil() == null || !e.getValue().lockedUntil().isAfter(now)))
          .sorted(Comparator.comparing((Map.Entry<String, Streak> e) -> e.getValue().lastFailureAt()))
          .limit(limit)
          .map(Map.Entry::getKey)
          .toList();
      over.forEach(tables.streaks::remove);
      return Future.succeededFuture(over.size());
    }
  }

  private static long ceilSeconds(Duration d) {
    return Math.max(1, (d.toMillis() + 999) / 1000);
  }
}
