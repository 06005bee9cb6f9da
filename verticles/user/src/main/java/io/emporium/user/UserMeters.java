package io.emporium.user;

import io.emporium.platform.metrics.EmporiumMetrics;
import java.util.Locale;

/**
 * The user service's own metrics: login attempts by outcome, the lockouts of emails after failed logins,
 * sign-ups, and the names of the active-user gauges ({@link UserModule} samples them).
 */
final class UserMeters {
  /** The metric names, as Micrometer names (Prometheus adds the unit and _total). */
  static final String LOGINS = "emporium.logins";
  static final String LOCKOUTS = "emporium.auth.lockouts";
  static final String REGISTRATIONS = "emporium.registrations";
  static final String ACTIVE_USERS = "emporium.users.active";

  private static final String LOGINS_HELP = "Login attempts by outcome (success, failure, locked)";
  private static final String LOCKOUTS_HELP = "Emails locked after failed logins (each lock counted once, when it starts)";

  /** The outcomes of a login attempt: never the account, so a spike shows without naming anyone. */
  enum LoginOutcome {
    /** Right credentials of an active account. */
    SUCCESS,
    /** Wrong password, unknown email or disabled account (told apart only in the audit log). */
    FAILURE,
    /** Refused without a check: the email is locked after failed logins. */
    LOCKED;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final EmporiumMetrics metrics;

  UserMeters(EmporiumMetrics metrics) {
    this.metrics = metrics;
  }

  void login(LoginOutcome outcome) {
    metrics.count(LOGINS, LOGINS_HELP, "outcome", outcome.label());
  }

  /** A failed login that locked its email (the lockout's start, not each refusal while it lasts). */
  void accountLocked() {
    metrics.count(LOCKOUTS, LOCKOUTS_HELP);
  }

  /** The security counters of the user service at zero from its start: an alert's increase needs a first sample. */
  void declareLoginCounters() {
    for (LoginOutcome outcome : LoginOutcome.values()) {
      metrics.declare(LOGINS, LOGINS_HELP, "outcome", outcome.label());
    }
    metrics.declare(LOCKOUTS, LOCKOUTS_HELP);
  }

  void registration() {
    metrics.count(REGISTRATIONS, "Accounts registered (sign-ups)");
  }
}
