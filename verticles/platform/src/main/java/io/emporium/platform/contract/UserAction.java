package io.emporium.platform.contract;

import java.util.Arrays;
import java.util.Optional;

/** Actions of the user service. Request and reply shapes are documented in docs/event-bus-contract.md. */
public enum UserAction implements Action {
  /** {} -> {"status":"UP","instanceId":..,"store":..,"database":"UP"|"DOWN"} */
  HEALTH("health", true),
  /** {"id": uuid} -> public user (never a password hash) */
  GET("user.get", true);

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

  public static Optional<UserAction> fromWire(String name) {
    return Arrays.stream(values()).filter(a -> a.wireName.equals(name)).findFirst();
  }
}
