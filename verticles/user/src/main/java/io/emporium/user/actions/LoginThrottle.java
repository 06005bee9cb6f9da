package io.emporium.user.actions;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.emporium.contract.ServiceException;
import io.emporium.platform.audit.Effects;
import io.emporium.user.audit.AuditAction;
import io.emporium.user.domain.Lockout;
import io.emporium.user.domain.LockoutPolicy;
import io.emporium.user.store.LoginThrottleStore;
import io.vertx.core.Future;
import java.util.function.Function;

/**
 * The progressive lockout after failed password checks, keyed by the email in normal form (known or
 * not, so it tells nothing about which accounts exist) and kept in the store, so every instance of
 * every JVM sees the same count.
 *
 * <p>A locked email fails with RATE_LIMITED whose message ends with {@code retry after <N> seconds}
 * (N a whole number of seconds, at least 1): the gateway reads N for the Retry-After header.
 */
final class LoginThrottle {
  private final LoginThrottleStore streaks;
  private final LockoutPolicy policy;

  LoginThrottle(LoginThrottleStore streaks, LockoutPolicy policy) {
    this.streaks = streaks;
    this.policy = policy;
  }

  /** Fails with RATE_LIMITED while the email is locked. */
  Future<Void> ensureOpen(String emailKey) {
    return streaks.lockedForSeconds(emailKey).compose(locked -> locked.isPresent()
        ? Future.failedFuture(rateLimited(locked.get()))
        : Future.succeededFuture());
  }

  /** Counts a failure (with its audit entry, in one transaction). */
  Future<Lockout> fail(String emailKey, Function<Lockout, Effects<AuditAction>> effects) {
    return streaks.recordLoginFailure(emailKey, policy, effects);
  }

  static ServiceException rateLimited(long seconds) {
    return ServiceError.of(ErrorCode.RATE_LIMITED,
        "too many failed attempts for this account; retry after " + seconds + " seconds").toException();
  }
}
