package io.emporium.platform.contract;

import java.util.Arrays;
import java.util.Optional;

/** Actions of the product service. Request and reply shapes are documented in docs/event-bus-contract.md. */
public enum ProductAction implements Action {
  /** {} -> {"status":"UP","instanceId":..,"store":..,"database":"UP"|"DOWN"} */
  HEALTH("health", true),
  /** {"id": uuid} -> product */
  GET("product.get", true);

  private final String wireName;
  private final boolean idempotent;

  ProductAction(String wireName, boolean idempotent) {
    this.wireName = wireName;
    this.idempotent = idempotent;
  }

  @Override
  public ServiceName service() {
    return ServiceName.PRODUCT;
  }

  @Override
  public String wireName() {
    return wireName;
  }

  @Override
  public boolean idempotent() {
    return idempotent;
  }

  public static Optional<ProductAction> fromWire(String name) {
    return Arrays.stream(values()).filter(a -> a.wireName.equals(name)).findFirst();
  }
}
