package io.emporium.user;

import io.emporium.platform.config.EmporiumConfig.RetentionSettings;
import io.emporium.platform.retention.RetentionSweep;
import io.emporium.user.domain.LockoutPolicy;
import io.emporium.user.store.UserRepository;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * Keeps the user service's tables from growing for ever: every {@code retention.sweep-interval-ms} (the
 * first time shortly after start) it deletes refresh tokens that expired more than
 * {@code auth.session-retention-hours} ago, failed-login streaks that are over, and audit entries older
 * than {@code retention.account-audit-hours}, a batch at a time.
 * One per JVM with the user role; sweeps of several JVMs share the rows ({@code SKIP LOCKED}).
 *
 * <p>What is kept, and why: a token that has not expired is never deleted, rotated or revoked alike
 * (its row is what detects a replayed rotated token and refuses a revoked one; see
 * {@link UserRepository#purgeExpiredTokens}). A streak goes only once its last failure is older than
 * the streak window and its lock is over, when the next failure would count from one anyway. The
 * delivered events of {@code account.outbox} are the outbox relay's to delete.
 */
public final class Retention extends VerticleBase {
  /** The first sweep comes this soon after start at the latest. */
  static final long FIRST_SWEEP_MS = 5_000;

  private final UserRepository repository;
  private final Duration keepExpiredTokens;
  private final Duration keepAudit;
  private final long intervalMs;
  private final long timeoutMs;
  private RetentionSweep sweep;
  private long timer = -1;

  /** @param timeoutMs bound of each delete */
  public Retention(UserRepository repository, Duration keepExpiredTokens, Duration keepAudit, long intervalMs,
      long timeoutMs) {
    if (keepExpiredTokens.isNegative() || keepAudit.isNegative() || intervalMs < 1) {
      throw new IllegalArgumentException("invalid retention: keep " + keepExpiredTokens + ", every " + intervalMs + " ms");
    }
    this.repository = repository;
    this.keepExpiredTokens = keepExpiredTokens;
    this.keepAudit = keepAudit;
    this.intervalMs = intervalMs;
    this.timeoutMs = timeoutMs;
  }

  public static Retention from(UserRepository repository, RetentionSettings retention, long timeoutMs) {
    return new Retention(repository, retention.sessionRetention(), retention.accountAuditRetention(),
        retention.sweepIntervalMs(), timeoutMs);
  }

  /** The sweep itself: what it deletes, from which cutoffs. */
  static RetentionSweep sweep(Vertx vertx, UserRepository repository, Duration keepExpiredTokens, Duration keepAudit,
      long timeoutMs) {
    return new RetentionSweep(vertx, "user retention", timeoutMs)
        .step("expired refresh token(s)",
            (now, limit) -> repository.purgeExpiredTokens(now.minus(keepExpiredTokens), limit))
        .step("finished login-throttle streak(s)",
            (now, limit) -> repository.purgeLoginThrottle(now.minusSeconds(LockoutPolicy.STREAK_WINDOW_SECONDS), limit))
        .step("audit entr(y/ies)", (now, limit) -> repository.purgeAuditLog(now.minus(keepAudit), limit));
  }

  @Override
  public Future<?> start() {
    sweep = sweep(vertx, repository, keepExpiredTokens, keepAudit, timeoutMs);
    timer = vertx.setPeriodic(Math.min(intervalMs, FIRST_SWEEP_MS), intervalMs, id -> sweep.run());
    return Future.succeededFuture();
  }

  /** Waits for the batch in flight (bounded by its timeout), so the pool is not closed under it. */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return sweep.stop();
  }
}
