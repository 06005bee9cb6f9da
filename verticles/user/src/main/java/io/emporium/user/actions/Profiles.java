package io.emporium.user.actions;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.emporium.contract.ServiceException;
import io.emporium.platform.audit.AuditEntry;
import io.emporium.platform.audit.AuditEntry.Outcome;
import io.emporium.platform.audit.Effects;
import io.emporium.platform.outbox.OutboxEvent;
import io.emporium.platform.service.RequestBody;
import io.emporium.platform.service.ServiceRequest;
import io.emporium.user.audit.AuditAction;
import io.emporium.user.domain.LockoutPolicy;
import io.emporium.user.domain.SessionRevocation;
import io.emporium.user.domain.User;
import io.emporium.user.domain.UserPatch;
import io.emporium.user.domain.UserUpdate;
import io.emporium.user.events.UserEvents;
import io.emporium.user.password.PasswordHasher;
import io.emporium.user.password.PasswordPolicy;
import io.emporium.user.store.UserRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The caller's own account: profile and password. */
public final class Profiles {
  /** Fields a client may try to set through the profile, with why it cannot. */
  private static final Map<String, String> NOT_HERE = Map.of(
      "id", "id cannot be changed",
      "role", "role cannot be changed here (admins set it)",
      "roles", "roles cannot be changed here (admins set them)",
      "status", "status cannot be changed here (admins set it)",
      "createdAt", "createdAt cannot be changed",
      "updatedAt", "updatedAt cannot be changed",
      "password", "password is changed with user.password.change",
      "newPassword", "password is changed with user.password.change",
      "passwordHash", "passwordHash cannot be set");

  private final UserRepository repository;
  private final PasswordHasher hasher;
  private final PasswordPolicy policy;
  private final CallerAccounts callers;
  private final LoginThrottle throttle;

  public Profiles(UserRepository repository, PasswordHasher hasher, PasswordPolicy policy, LockoutPolicy lockout) {
    this.repository = repository;
    this.hasher = hasher;
    this.policy = policy;
    this.callers = new CallerAccounts(repository);
    this.throttle = new LoginThrottle(repository, lockout);
  }

  /** (caller) {} -> the caller's profile. */
  public Future<JsonObject> get(ServiceRequest request) {
    CallerAccounts.callerId(request);
    AccountFields.BODIES.read(request.body(), Set.of());
    return callers.caller(request).map(User::toProfileJson);
  }

  /**
   * (caller) {"name"?, "preferences"?, "email"?, "currentPassword"?} -> the profile. Preferences are
   * replaced whole. A new email needs the current password (checked like a login, with the lockout).
   */
  public Future<JsonObject> update(ServiceRequest request) {
    CallerAccounts.callerId(request);
    RequestBody body = AccountFields.BODIES.read(request.body(), Set.of("name", "preferences", "email", "currentPassword"),
        NOT_HERE);
    Optional<String> name = body.string("name").map(n -> AccountFields.name(n, "name"));
    Optional<JsonObject> preferences = body.object("preferences")
        .map(p -> AccountFields.preferences(p, "preferences"));
    Optional<String> email = body.string("email").map(e -> AccountFields.email(e, "email"));
    Optional<String> currentPassword = body.string("currentPassword");
    return callers.caller(request).compose(user -> {
      boolean emailChanges = email.isPresent() && !email.get().equals(user.email());
      if (emailChanges && currentPassword.isEmpty()) {
        return Future.failedFuture(ServiceError.invalid("currentPassword",
            "currentPassword is required to change the email").toException());
      }
      UserPatch patch = UserPatch.none();
      List<String> changed = new ArrayList<>();
      if (name.isPresent() && !name.get().equals(user.name())) {
        patch = patch.withName(name.get());
        changed.add("name");
      }
      if (preferences.isPresent() && !preferences.get().equals(user.preferences())) {
        patch = patch.withPreferences(preferences.get());
        changed.add("preferences");
      }
      if (emailChanges) {
        patch = patch.withEmail(email.get());
        changed.add("email");
      }
      if (changed.isEmpty()) {
        return Future.succeededFuture(user.toProfileJson());
      }
      UserPatch finalPatch = patch;
      Future<Void> allowed = emailChanges
          ? verifyCurrentPassword(request, user, currentPassword.get(), AuditAction.EMAIL_CHANGE)
          : Future.succeededFuture();
      return allowed.compose(ok -> repository.update(user.id(), finalPatch, update -> profileEffects(request, update,
              changed)))
          .map(update -> update.after().toProfileJson());
    });
  }

  private static Effects<AuditAction> profileEffects(ServiceRequest request, UserUpdate update, List<String> changed) {
    User before = update.before();
    User after = update.after();
    List<AuditEntry<AuditAction>> audit = new ArrayList<>();
    List<OutboxEvent> events = new ArrayList<>();
    audit.add(AuditEntry.of(request, Optional.of(after.id()), AuditAction.PROFILE_UPDATE, Optional.of(after.id()),
        Outcome.SUCCESS, new JsonObject().put("fields", new JsonArray(changed))));
    if (!before.email().equals(after.email())) {
      audit.add(AuditEntry.of(request, Optional.of(after.id()), AuditAction.EMAIL_CHANGE, Optional.of(after.id()),
          Outcome.SUCCESS, new JsonObject().put("from", before.email()).put("to", after.email())));
      events.add(UserEvents.emailChanged(before, after));
    }
    return new Effects<>(audit, events);
  }

  /**
   * (caller) {"currentPassword","newPassword","refreshToken"?} -> {"revokedSessions","currentSessionKept"}.
   * Every other session of the caller is revoked; the session of {@code refreshToken}, when it is a live
   * one of the caller, is kept (without it every session is revoked).
   */
  public Future<JsonObject> changePassword(ServiceRequest request) {
    CallerAccounts.callerId(request);
    RequestBody body = AccountFields.BODIES.read(request.body(), Set.of("currentPassword", "newPassword", "refreshToken"));
    String current = body.requiredString("currentPassword");
    String next = body.requiredString("newPassword");
    Optional<String> refreshToken = body.string("refreshToken");
    return callers.caller(request).compose(user -> {
      policy.check(next, user.email(), "newPassword");
      Future<Optional<java.util.UUID>> keep = refreshToken.filter(RefreshTokens::isWellFormed)
          .map(token -> repository.liveSessionOf(user.id(), RefreshTokens.hash(token)))
          .orElseGet(() -> Future.succeededFuture(Optional.empty()));
      return verifyCurrentPassword(request, user, current, AuditAction.PASSWORD_CHANGE)
          .compose(ok -> keep)
          .compose(kept -> hasher.hash(next).compose(hash -> repository.update(user.id(),
                  UserPatch.none().withPasswordHash(hash, user.passwordHash())
                      .revoking(SessionRevocation.allExcept(kept, "password_change")),
                  update -> Effects.of(AuditEntry.of(request, Optional.of(user.id()), AuditAction.PASSWORD_CHANGE,
                          Optional.of(user.id()), Outcome.SUCCESS, new JsonObject()
                              .put("revokedSessions", update.revokedSessions()).put("currentSessionKept", kept.isPresent())),
                      UserEvents.passwordChanged(update.after())))
              .map(update -> new JsonObject().put("revokedSessions", update.revokedSessions())
                  .put("currentSessionKept", kept.isPresent()))))
          .recover(Profiles::concurrentChangeIsAConflict);
    });
  }

  /**
   * Checks the caller's current password under the same lockout as logins: a locked account fails with
   * RATE_LIMITED, a wrong password counts a failure (audited) and fails with VALIDATION on
   * currentPassword.
   */
  private Future<Void> verifyCurrentPassword(ServiceRequest request, User user, String password, AuditAction action) {
    return throttle.ensureOpen(user.email())
        .compose(open -> hasher.check(password, Optional.ofNullable(user.passwordHash())))
        .compose(check -> {
          if (check.matches()) {
            return Future.succeededFuture();
          }
          return throttle.fail(user.email(), lockout -> Effects.audit(AuditEntry.of(request, Optional.of(user.id()),
                  action, Optional.of(user.id()), Outcome.FAILURE, new JsonObject().put("reason", "wrong_password")
                      .put("failures", lockout.failures()).put("lockedSeconds", lockout.lockedSeconds()))))
              .compose(lockout -> Future.failedFuture(ServiceError.invalid("currentPassword",
                  "currentPassword is not correct").toException()));
        });
  }

  private static <T> Future<T> concurrentChangeIsAConflict(Throwable e) {
    if (e instanceof ServiceException se && se.code() == ErrorCode.PRECONDITION_FAILED) {
      return Future.failedFuture(ServiceError.of(ErrorCode.CONFLICT,
          "the password was changed at the same time; try again").toException());
    }
    return Future.failedFuture(e);
  }
}
