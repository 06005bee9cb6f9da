package io.emporium.contract;

import java.util.Arrays;
import java.util.Optional;

/**
 * Actions of the user service. Request and reply shapes are documented in EVENT-BUS-CONTRACT.md.
 * Actions marked "caller" need the caller-id header; "admin" ones need the admin role in caller-roles
 * (the service checks both itself, not only the gateway).
 */
public enum UserAction implements Action {
  HEALTH("health", true),
  /** {"id"} -> public user. */
  GET("user.get", true),
  /** {"email","password","name"} -> public user (CONFLICT on a duplicate email). */
  REGISTER("user.register", false),
  /** {"email","password"} -> tokens and public user; UNAUTHORIZED alike for a wrong password or unknown email. */
  LOGIN("user.login", false),
  /** {"refreshToken"} -> new tokens; the old refresh token stops working, reusing it revokes the session family. */
  REFRESH("user.refresh", false),
  /** {"refreshToken"} -> {} and the session is revoked. */
  LOGOUT("user.logout", false),
  /** caller: {} -> the caller's profile. */
  PROFILE_GET("user.profile.get", true),
  /** caller: {"name"?, "preferences"?, "email"?, "currentPassword"?} -> profile. */
  PROFILE_UPDATE("user.profile.update", false),
  /** caller: {"currentPassword","newPassword"} -> {} and every other session is revoked. */
  PASSWORD_CHANGE("user.password.change", false),
  /** admin: {"page","size","role"?,"status"?} -> list envelope of users. */
  ADMIN_LIST("user.admin.list", true),
  /** admin: {"id","role":"user"|"admin"} -> public user. */
  ADMIN_SET_ROLE("user.admin.set-role", false),
  /** admin: {"id","status":"active"|"disabled"} -> public user; a disabled user's sessions are revoked. */
  ADMIN_SET_STATUS("user.admin.set-status", false),
  /**
   * admin: {"id"} -> {"id","status","sessionsDeleted","auditEntriesPseudonymised"}: the account's personal
   * data erased (pseudonymous email and name, no password, no sessions, disabled) and its audit entries
   * pseudonymised; NOT_FOUND for an unknown id, CONFLICT for the caller's own account.
   */
  ADMIN_ERASE("user.admin.erase", false),
  /** admin: {"from","to"} (dates) -> totals, sign-ups per day, active users, logins and failed logins. */
  ADMIN_STATS("user.admin.stats", true),
  /** admin: {"page","size","actor"?,"action"?,"target"?,"from"?,"to"?} -> list envelope of audit entries. */
  ADMIN_AUDIT("user.admin.audit", true),
  /** admin: {} -> outbox counts: pending, delivered, dead, retried, oldest pending age. */
  QUEUE_STATS("user.admin.queue-stats", true);

  private final String wireName;
  private final boolean idempotent;

  UserAction(String wireName, boolean idempotent) {
    this.wireName = wireName;
    this.idempotent = idempotent;
  }

  @Override
  public ServiceName service() {
    return ServiceName.USER;
  }

  @Override
  public String wireName() {
    return wireName;
  }

  @Override
  public boolean idempotent() {
    return idempotent;
  }

  /** Every idempotent user action is a read. */
  @Override
  public boolean readOnly() {
    return idempotent;
  }

  public static Optional<UserAction> fromWire(String name) {
    return Arrays.stream(values()).filter(a -> a.wireName.equals(name)).findFirst();
  }
}
