package io.emporium.user.domain;

import io.emporium.user.config.AuthSettings;

/**
 * Failed logins lock an email progressively: from the {@code threshold}-th failure in a row, for
 * {@code baseSeconds}, doubling with each further failure, never longer than {@code maxSeconds}.
 * A success ends the streak; a streak whose last failure is older than {@link #STREAK_WINDOW_SECONDS}
 * starts again from one.
 */
public record LockoutPolicy(int threshold, int baseSeconds, int maxSeconds) {
  public static final long STREAK_WINDOW_SECONDS = 24 * 3600;

  public static LockoutPolicy from(AuthSettings auth) {
    return new LockoutPolicy(auth.lockoutThreshold(), auth.lockoutBaseSeconds(), auth.lockoutMaxSeconds());
  }

  /** Seconds an email is locked for after its {@code failures}-th failure in a row (0: not locked). */
  public long lockSeconds(int failures) {
    if (failures < threshold) {
      return 0;
    }
    int doublings = Math.min(failures - threshold, 30);
    return Math.min((long) maxSeconds, (long) baseSeconds << doublings);
  }
}
