package io.emporium.product.api;

import io.emporium.platform.contract.ErrorCode;
import io.emporium.platform.contract.ServiceError;
import io.emporium.platform.security.Identity;
import io.emporium.platform.service.ServiceRequest;

/** The service checks admin actions itself, from the identity the gateway passes (not only the gateway). */
final class Callers {
  private Callers() {}

  /**
   * The stock reservation actions are for services (signed with the service role, e.g. the order
   * service) and admins: an anonymous process on the bus cannot hold or release stock.
   */
  static void requireService(ServiceRequest request) {
    if (request.callerId().isEmpty()) {
      throw ServiceError.of(ErrorCode.UNAUTHORIZED, "this action needs a signed service caller").toException();
    }
    if (!request.callerRoles().contains(Identity.ROLE_SERVICE) && !request.callerRoles().contains(Identity.ROLE_ADMIN)) {
      throw ServiceError.of(ErrorCode.FORBIDDEN, "this action is for services and administrators").toException();
    }
  }

  static void requireAdmin(ServiceRequest request) {
    if (request.callerId().isEmpty()) {
      throw ServiceError.of(ErrorCode.UNAUTHORIZED, "this action needs a signed-in caller").toException();
    }
    if (!request.callerRoles().contains(Identity.ROLE_ADMIN)) {
      throw ServiceError.of(ErrorCode.FORBIDDEN, "this action is for administrators").toException();
    }
  }
}
