package io.emporium.user.actions;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.emporium.contract.ServiceException;
import io.emporium.platform.audit.AuditEntry;
import io.emporium.platform.audit.AuditEntry.Outcome;
import io.emporium.platform.audit.Effects;
import io.emporium.platform.security.AccessTokens;
import io.emporium.platform.service.RequestBody;
import io.emporium.platform.service.ServiceRequest;
import io.emporium.user.audit.AuditAction;
import io.emporium.user.config.AuthSettings;
import io.emporium.user.domain.LockoutPolicy;
import io.emporium.user.domain.NewSession;
import io.emporium.user.domain.NewToken;
import io.emporium.user.domain.NewUser;
import io.emporium.user.domain.RotationOutcome;
import io.emporium.user.domain.User;
import io.emporium.user.events.UserEvents;
import io.emporium.user.password.PasswordCheck;
import io.emporium.user.password.PasswordHasher;
import io.emporium.user.password.PasswordPolicy;
import io.emporium.user.store.UserRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Register, login, refresh and logout: the anonymous side of identity. */
public final class Accounts {
  private final UserRepository repository;
  private final PasswordHasher hasher;
  private final PasswordPolicy policy;
  private final AccessTokens accessTokens;
  private final AuthSettings auth;
  private final LoginThrottle throttle;
  /** Told when a failed login locks its email (a metric; the audit entry says which). */
  private final Runnable locked;

  public Accounts(UserRepository repository, PasswordHasher hasher, PasswordPolicy policy, AccessTokens accessTokens,
      AuthSettings auth, Runnable locked) {
    this.locked = locked;
    this.repository = repository;
    this.hasher = hasher;
    this.policy = policy;
    this.accessTokens = accessTokens;
    this.auth = auth;
    this.throttle = new LoginThrottle(repository, LockoutPolicy.from(auth));
  }

  /** {"email","password","name"} -> the public user; CONFLICT on field email when it is taken. */
  public Future<JsonObject> register(ServiceRequest request) {
    RequestBody body = AccountFields.BODIES.read(request.body(), Set.of("email", "password", "name"));
    String email = AccountFields.email(body.requiredString("email"), "email");
    String name = AccountFields.name(body.requiredString("name"), "name");
    String password = body.requiredString("password");
    policy.check(password, email, "password");
    return hasher.hash(password)
        .compose(hash -> repository.create(new NewUser(email, name, hash, User.USER_ROLES), user -> Effects.of(
            AuditEntry.of(request, Optional.of(user.id()), AuditAction.REGISTER, Optional.of(user.id()),
                Outcome.SUCCESS, new JsonObject().put("email", user.email())),
            UserEvents.registered(user))))
        .map(User::toPublicJson);
  }

  /**
   * {"email","password"} -> tokens and the public user. A wrong password, an unknown email and a
   * disabled account all fail alike with UNAUTHORIZED after the same work (a hash check, against a
   * dummy hash for an unknown email) and count towards the email's lockout; a locked email fails
   * with RATE_LIMITED before any check.
   */
  public Future<JsonObject> login(ServiceRequest request) {
    RequestBody body = AccountFields.BODIES.read(request.body(), Set.of("email", "password"));
    String emailKey = User.normalizeEmail(body.requiredString("email"));
    String password = body.requiredString("password");
    if (emailKey.isEmpty() || emailKey.length() > AccountFields.MAX_EMAIL) {
      throw ServiceError.invalid("email", "email must have 1 to " + AccountFields.MAX_EMAIL + " characters")
          .toException();
    }
    return throttle.ensureOpen(emailKey)
        .compose(open -> repository.findByEmail(emailKey))
        .compose(found -> hasher.check(password, found.map(User::passwordHash))
            .compose(check -> {
              if (found.isPresent() && check.matches() && found.get().isActive()) {
                return succeed(request, found.get(), emailKey, password, check);
              }
              String reason = found.isEmpty() ? "unknown_email" : check.matches() ? "disabled" : "wrong_password";
              return failLogin(request, emailKey, found.map(User::id), reason);
            }));
  }

  private Future<JsonObject> succeed(ServiceRequest request, User user, String emailKey, String password,
      PasswordCheck check) {
    Future<Optional<UserRepository.Rehash>> rehash = !check.needsRehash() ? Future.succeededFuture(Optional.empty())
        : hasher.hash(password)
            .map(fresh -> Optional.of(new UserRepository.Rehash(user.passwordHash(), fresh)))
            // A full hash queue must not fail a login whose password was right: rehash next time.
            .otherwise(Optional.empty());
    RefreshTokens.Issued refresh = RefreshTokens.issue();
    NewSession session = new NewSession(UUID.randomUUID(), user.id(), newToken(request, refresh));
    return rehash
        .compose(newHash -> repository.recordLoginSuccess(user.id(), emailKey, session, newHash, stored -> Effects.audit(
            AuditEntry.of(request, Optional.of(user.id()), AuditAction.LOGIN_SUCCESS, Optional.of(user.id()),
                Outcome.SUCCESS, new JsonObject().put("sessionId", session.sessionId().toString())
                    .put("rehashed", newHash.isPresent())))))
        .compose(stored -> stored
            .map(u -> Future.succeededFuture(tokens(u, refresh)))
            .orElseGet(() -> Future.failedFuture(invalidCredentials())));
  }

  private Future<JsonObject> failLogin(ServiceRequest request, String emailKey, Optional<UUID> userId, String reason) {
    return throttle.fail(emailKey, lockout -> Effects.audit(AuditEntry.of(request, Optional.empty(),
            AuditAction.LOGIN_FAILURE, userId, Outcome.FAILURE, new JsonObject().put("email", emailKey)
                .put("reason", reason).put("failures", lockout.failures())
                .put("lockedSeconds", lockout.lockedSeconds()))))
        .compose(lockout -> {
          // A locked email fails before any check, so a failure that returns a lock is the one that started it.
          if (lockout.lockedSeconds() > 0) {
            locked.run();
          }
          return Future.failedFuture(invalidCredentials());
        });
  }

  /**
   * {"refreshToken"} -> new tokens (same reply as login); the presented token stops working. A token
   * that was already rotated revokes its whole session (audit REFRESH_REUSE); any token that is not
   * current fails with UNAUTHORIZED.
   */
  public Future<JsonObject> refresh(ServiceRequest request) {
    RequestBody body = AccountFields.BODIES.read(request.body(), Set.of("refreshToken"));
    String presented = body.requiredString("refreshToken");
    if (!RefreshTokens.isWellFormed(presented)) {
      return Future.failedFuture(invalidRefreshToken());
    }
    RefreshTokens.Issued next = RefreshTokens.issue();
    return repository.rotate(RefreshTokens.hash(presented), newToken(request, next), outcome -> {
      if (outcome instanceof RotationOutcome.Reused reused) {
        return Effects.audit(AuditEntry.of(request, Optional.empty(), AuditAction.REFRESH_REUSE,
            Optional.of(reused.userId()), Outcome.FAILURE, new JsonObject()
                .put("sessionId", reused.sessionId().toString()).put("revokedTokens", reused.revokedTokens())));
      }
      return Effects.none();
    }).compose(outcome -> outcome instanceof RotationOutcome.Rotated rotated
        ? Future.succeededFuture(tokens(rotated.user(), next))
        : Future.failedFuture(invalidRefreshToken()));
  }

  /** {"refreshToken"} -> {}; revokes that token's session. Unknown or malformed tokens also answer {}. */
  public Future<JsonObject> logout(ServiceRequest request) {
    RequestBody body = AccountFields.BODIES.read(request.body(), Set.of("refreshToken"));
    String presented = body.requiredString("refreshToken");
    if (!RefreshTokens.isWellFormed(presented)) {
      return Future.succeededFuture(new JsonObject());
    }
    return repository.endSession(RefreshTokens.hash(presented), end -> end.wasLive()
            ? Effects.audit(AuditEntry.of(request, Optional.of(end.userId()), AuditAction.LOGOUT,
                Optional.of(end.userId()), Outcome.SUCCESS, new JsonObject().put("sessionId", end.sessionId().toString())))
            : Effects.none())
        .map(ended -> new JsonObject());
  }

  private NewToken newToken(ServiceRequest request, RefreshTokens.Issued issued) {
    return new NewToken(UUID.randomUUID(), issued.hash(), auth.refreshTtlSeconds(), request.clientIp(),
        request.userAgent());
  }

  private JsonObject tokens(User user, RefreshTokens.Issued refresh) {
    return new JsonObject()
        .put("accessToken", accessTokens.issue(user.id().toString(), user.roles()))
        .put("tokenType", "Bearer")
        .put("expiresIn", accessTokens.ttlSeconds())
        .put("refreshToken", refresh.token())
        .put("refreshExpiresIn", auth.refreshTtlSeconds())
        .put("user", user.toPublicJson());
  }

  static ServiceException invalidCredentials() {
    return ServiceError.of(ErrorCode.UNAUTHORIZED, "the email or password is not correct").toException();
  }

  static ServiceException invalidRefreshToken() {
    return ServiceError.of(ErrorCode.UNAUTHORIZED, "the refresh token is not valid").toException();
  }
}
