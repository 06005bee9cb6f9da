package io.emporium.user.actions;

import io.emporium.contract.Ids;
import io.emporium.platform.service.Callers;
import io.emporium.platform.service.ServiceRequest;
import io.emporium.user.domain.User;
import io.emporium.user.store.AccountStore;
import io.vertx.core.Future;
import java.util.UUID;

/**
 * The user service's own rules on top of the platform's {@link Callers}: a caller id is an account id
 * (a UUID), and the account is checked in the store after the headers, so that a caller disabled or
 * demoted after its access token was issued loses access at once rather than when the token expires.
 */
final class CallerAccounts {
  private final AccountStore accounts;

  CallerAccounts(AccountStore accounts) {
    this.accounts = accounts;
  }

  /** The caller's id from the headers; UNAUTHORIZED when there is none or it is no account id. */
  static UUID callerId(ServiceRequest request) {
    String id = Callers.signedIn(request);
    if (!Ids.isUuid(id)) {
      throw Callers.unauthorized();
    }
    return UUID.fromString(id);
  }

  /** The caller as stored; UNAUTHORIZED when absent, unknown or disabled. */
  Future<User> caller(ServiceRequest request) {
    UUID id = callerId(request);
    return accounts.findById(id).compose(found -> found.filter(User::isActive)
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(Callers.unauthorized())));
  }

  /**
   * The caller as stored, who must be an admin both in the headers and in the store: UNAUTHORIZED
   * without a caller, FORBIDDEN without the admin role. The headers are checked before the body is
   * read, so a caller without the role learns nothing from validation.
   */
  Future<User> admin(ServiceRequest request) {
    callerId(request);
    Callers.requireAdmin(request);
    return caller(request).compose(user -> user.isAdmin() ? Future.succeededFuture(user)
        : Future.failedFuture(Callers.forbidden()));
  }
}
