package io.emporium.order.api;

import io.emporium.platform.contract.ErrorCode;
import io.emporium.platform.contract.ServiceError;
import io.emporium.platform.security.Identity;
import io.emporium.platform.service.ServiceRequest;

/** Who may act: the service checks the signed caller itself, not only the gateway. */
final class Callers {
  private Callers() {}

  /** The signed-in caller's id; UNAUTHORIZED without one. */
  static String signedIn(ServiceRequest request) {
    return request.callerId().orElseThrow(() ->
        ServiceError.of(ErrorCode.UNAUTHORIZED, "this action needs a signed-in caller").toException());
  }

  static boolean isAdmin(ServiceRequest request) {
    return request.callerRoles().contains(Identity.ROLE_ADMIN);
  }

  static String admin(ServiceRequest request) {
    String caller = signedIn(request);
    if (!isAdmin(request)) {
      throw ServiceError.of(ErrorCode.FORBIDDEN, "this action is for administrators").toException();
    }
    return caller;
  }
}
