package io.emporium.user;

import io.emporium.contract.ServiceException;
import io.emporium.platform.audit.AuditEntry;
import io.emporium.platform.audit.Effects;
import io.emporium.platform.config.ConfigKey;
import io.emporium.platform.config.EmporiumConfig.AdminAccount;
import io.emporium.user.actions.AccountFields;
import io.emporium.user.audit.AuditAction;
import io.emporium.user.domain.NewUser;
import io.emporium.user.domain.User;
import io.emporium.user.password.PasswordHasher;
import io.emporium.user.password.PasswordPolicy;
import io.emporium.user.store.UserRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the configured admin account exist at start: an active admin with the configured password.
 * Idempotent: when the account already is exactly that, nothing is written; otherwise one upsert (safe
 * when several JVMs start at once) with an ADMIN_BOOTSTRAP audit entry. The password must pass the
 * same policy as any other, or the start fails.
 */
final class AdminBootstrap {
  static final String NAME = "Administrator";
  private static final Logger LOG = LoggerFactory.getLogger(AdminBootstrap.class);

  private AdminBootstrap() {}

  static Future<Void> ensure(UserRepository repository, PasswordHasher hasher, PasswordPolicy policy,
      AdminAccount admin) {
    String email;
    String password = admin.password().value();
    try {
      email = AccountFields.email(admin.email(), ConfigKey.ADMIN_EMAIL.key());
      policy.check(password, email, ConfigKey.ADMIN_PASSWORD.key());
    } catch (ServiceException invalid) {
      return Future.failedFuture(new IllegalStateException("bootstrap admin refused: " + invalid.error().message()
          + " (" + ConfigKey.ADMIN_EMAIL.envName() + ", " + ConfigKey.ADMIN_PASSWORD.envName() + ")"));
    }
    return repository.findByEmail(email).compose(existing -> {
      if (existing.isPresent() && existing.get().isAdmin() && existing.get().isActive()) {
        return hasher.check(password, Optional.ofNullable(existing.get().passwordHash()))
            .compose(check -> check.matches() && !check.needsRehash() ? Future.succeededFuture(false)
                : upsert(repository, hasher, email, password));
      }
      return upsert(repository, hasher, email, password);
    }).onSuccess(written -> LOG.info("bootstrap admin of {} {}", ConfigKey.ADMIN_EMAIL.key(),
        written ? "written" : "already in place")) // the address itself is personal data: not logged
        .mapEmpty();
  }

  private static Future<Boolean> upsert(UserRepository repository, PasswordHasher hasher, String email,
      String password) {
    return hasher.hash(password)
        .compose(hash -> repository.upsertAdmin(new NewUser(email, NAME, hash, User.ADMIN_ROLES), state ->
            Effects.audit(AuditEntry.bySystem(AuditAction.ADMIN_BOOTSTRAP, Optional.of(state.user().id()),
                new JsonObject().put("email", email).put("created", state.created())))))
        .map(true);
  }
}
