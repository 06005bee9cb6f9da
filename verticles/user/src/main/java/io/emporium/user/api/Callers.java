package io.emporium.user.api;

import io.emporium.platform.contract.ErrorCode;
import io.emporium.platform.contract.Ids;
import io.emporium.platform.contract.ServiceError;
import io.emporium.platform.service.ServiceRequest;
import io.emporium.user.domain.User;
import io.emporium.user.store.UserRepository;
import io.vertx.core.Future;
import java.util.UUID;

/**
 * Who may call what, checked by the service itself: the caller headers first (no caller:
 * UNAUTHORIZED; no admin role: FORBIDDEN), then the store, so that a caller disabled or demoted after
 * its access token was issued loses access at once rather than when the token expires.
 */
final class Callers {
  private final UserRepository repository;

  Callers(UserRepository repository) {
    this.repository = repository;
  }

  /** The caller's id from the headers; UNAUTHORIZED when there is none. */
  static UUID callerId(ServiceRequest request) {
    String id = request.callerId().orElse(null);
    if (id == null || !Ids.isUuid(id)) {
      throw unauthorized();
    }
    return UUID.fromString(id);
  }

  /** The caller as stored; UNAUTHORIZED when absent, unknown or disabled. */
  Future<User> caller(ServiceRequest request) {
    UUID id = callerId(request);
    return repository.findById(id).compose(found -> found.filter(User::isActive)
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(unauthorized())));
  }

  /**
   * The headers of an admin call: UNAUTHORIZED without a caller, FORBIDDEN without the admin role.
   * Checked before the body is read, so a caller without the role learns nothing from validation.
   */
  static void requireAdminHeaders(ServiceRequest request) {
    callerId(request);
    if (!request.callerRoles().contains(User.ROLE_ADMIN)) {
      throw forbidden();
    }
  }

  /** The caller as stored, who must be an admin both in the headers and in the store. */
  Future<User> admin(ServiceRequest request) {
    requireAdminHeaders(request);
    return caller(request).compose(user -> user.isAdmin() ? Future.succeededFuture(user)
        : Future.failedFuture(forbidden()));
  }

  static RuntimeException unauthorized() {
    return ServiceError.of(ErrorCode.UNAUTHORIZED, "a signed-in caller is required").toException();
  }

  static RuntimeException forbidden() {
    return ServiceError.of(ErrorCode.FORBIDDEN, "this action needs the admin role").toException();
  }
}
