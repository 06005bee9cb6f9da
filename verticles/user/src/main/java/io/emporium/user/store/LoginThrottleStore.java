package io.emporium.user.store;

import io.emporium.platform.audit.Effects;
import io.emporium.user.audit.AuditAction;
import io.emporium.user.domain.Lockout;
import io.emporium.user.domain.LockoutPolicy;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/** The failed-login streaks, keyed by the email in normal form (known or not). */
public interface LoginThrottleStore {

  /** Seconds the email (normal form) stays locked for failed logins; empty when it is not locked. */
  Future<Optional<Long>> lockedForSeconds(String emailKey);

  /** Counts one more failed login for the email and locks it as the policy says. */
  Future<Lockout> recordLoginFailure(String emailKey, LockoutPolicy policy,
      Function<Lockout, Effects<AuditAction>> effects);

  /**
   * Deletes up to {@code limit} failed-login streaks whose last failure is before
   * {@code lastFailureBefore} and whose email is not locked now, the oldest first; answers how many.
   * A lock that still runs is never lifted. The caller passes the end of the streak window (see
   * {@link LockoutPolicy#STREAK_WINDOW_SECONDS}): a streak older than that counts from one again at
   * the next failure anyway, so deleting it changes nothing.
   */
  Future<Integer> purgeLoginThrottle(Instant lastFailureBefore, int limit);
}
