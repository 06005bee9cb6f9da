package io.emporium.user.store;

import io.emporium.platform.audit.Effects;
import io.emporium.platform.service.Page;
import io.emporium.user.audit.AuditAction;
import io.emporium.user.domain.AdminAccountState;
import io.emporium.user.domain.Erasure;
import io.emporium.user.domain.NewUser;
import io.emporium.user.domain.User;
import io.emporium.user.domain.UserPatch;
import io.emporium.user.domain.UserUpdate;
import io.vertx.core.Future;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The accounts: who a user is, how they sign in, their roles and status. Changes that end sessions
 * (a new password, a disable) or wipe personal data (erasure) touch the sessions, the login throttle
 * and the audit log in the same transaction.
 *
 * <p>Failures: an email already taken (without regard to case) is CONFLICT on field {@code email}; an
 * unknown user NOT_FOUND; a stale expected password hash PRECONDITION_FAILED.
 */
public interface AccountStore {

  Future<Optional<User>> findById(UUID id);

  /** Case-insensitive. */
  Future<Optional<User>> findByEmail(String email);

  Future<Page<User>> list(UserQuery query);

  Future<User> create(NewUser user, Function<User, Effects<AuditAction>> effects);

  /** Applies the patch and revokes the sessions it names, in one transaction. */
  Future<UserUpdate> update(UUID id, UserPatch patch, Function<UserUpdate, Effects<AuditAction>> effects);

  /**
   * Makes the account of {@code admin.email()} exist as an active admin with that password hash:
   * creates it, or updates an existing one (concurrent callers across JVMs end with one account).
   */
  Future<AdminAccountState> upsertAdmin(NewUser admin, Function<AdminAccountState, Effects<AuditAction>> effects);

  /**
   * Erases the personal data of account {@code id}, in one transaction: its email becomes
   * {@link Erasure#erasedEmail}, its name {@link Erasure#ERASED_NAME}, its preferences empty; it loses its
   * password, its login times and its sessions (refresh tokens, with the client addresses they recorded) and
   * is disabled; the failed-login streak of its former email goes; its audit entries (as actor or target,
   * and failed logins that name its former email) lose their client address, user agent and any email or
   * name in their details. The id stays, so the audit trail still says what happened to the account.
   * Fails with NOT_FOUND for an unknown id.
   */
  Future<Erasure> erase(UUID id, Function<Erasure, Effects<AuditAction>> effects);
}
