package io.emporium.user.audit;

import io.emporium.platform.audit.AuditedAction;
import java.util.Arrays;
import java.util.Optional;

/**
 * The security events the user service's audit log records (a log of events: no entity, no states
 * before and after). The name is what admins filter on.
 */
public enum AuditAction implements AuditedAction {
  REGISTER,
  LOGIN_SUCCESS,
  LOGIN_FAILURE,
  REFRESH_REUSE,
  LOGOUT,
  PASSWORD_CHANGE,
  PROFILE_UPDATE,
  EMAIL_CHANGE,
  ROLE_CHANGE,
  USER_DISABLE,
  USER_ENABLE,
  /** An admin erased the personal data of an account. */
  USER_ERASE,
  ADMIN_BOOTSTRAP;

  public static Optional<AuditAction> fromName(String name) {
    return Arrays.stream(values()).filter(a -> a.name().equals(name)).findFirst();
  }
}
