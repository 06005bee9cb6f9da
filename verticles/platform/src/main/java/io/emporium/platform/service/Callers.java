package io.emporium.platform.service;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.emporium.platform.security.Identity;

/**
 * Who may call what, from the caller headers the gateway signs: every service checks its callers
 * itself, not only the gateway. No caller is UNAUTHORIZED; a caller without the role the action needs
 * is FORBIDDEN. A service that must also check the caller against its own data (the user service: still
 * active, still an admin) does so after these.
 */
public final class Callers {
  private Callers() {}

  /** The signed-in caller's id; UNAUTHORIZED without one. */
  public static String signedIn(ServiceRequest request) {
    return request.callerId().orElseThrow(Callers::unauthorized);
  }

  public static boolean isAdmin(ServiceRequest request) {
    return request.callerRoles().contains(Identity.ROLE_ADMIN);
  }

  /** The caller's id when it has the admin role: UNAUTHORIZED without a caller, FORBIDDEN without the role. */
  public static String requireAdmin(ServiceRequest request) {
    String caller = signedIn(request);
    if (!isAdmin(request)) {
      throw forbidden();
    }
    return caller;
  }

  /**
   * For actions of services (signed with the service role, e.g. the order service holding stock) and
   * admins: an anonymous process on the bus cannot call them.
   */
  public static void requireServiceOrAdmin(ServiceRequest request) {
    if (request.callerId().isEmpty()) {
      throw ServiceError.of(ErrorCode.UNAUTHORIZED, "this action needs a signed service caller").toException();
    }
    if (!request.callerRoles().contains(Identity.ROLE_SERVICE) && !isAdmin(request)) {
      throw ServiceError.of(ErrorCode.FORBIDDEN, "this action is for services and administrators").toException();
    }
  }

  public static RuntimeException unauthorized() {
    return ServiceError.of(ErrorCode.UNAUTHORIZED, "this action needs a signed-in caller").toException();
  }

  public static RuntimeException forbidden() {
    return ServiceError.of(ErrorCode.FORBIDDEN, "this action is for administrators").toException();
  }
}
