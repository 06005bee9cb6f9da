package io.emporium.contract;

import java.util.Arrays;
import java.util.Optional;

/** The services that answer on the event bus. Their names appear in addresses and discovery records. */
public enum ServiceName {
  USER("user", true),
  PRODUCT("product", true),
  /** Carts and orders; optional: a deployment without it still serves the catalogue and accounts. */
  ORDER("order", false);

  private final String wireName;
  private final boolean core;

  ServiceName(String wireName, boolean core) {
    this.wireName = wireName;
    this.core = core;
  }

  /**
   * True for the services a gateway needs before it is ready. The order service is not one: a gateway
   * of a deployment without it stays ready and answers its routes 503.
   */
  public boolean core() {
    return core;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<ServiceName> fromWire(String name) {
    return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
  }
}
