package io.emporium.platform.contract;

import java.util.Arrays;
import java.util.Optional;

/** The services that answer on the event bus. Their names appear in addresses and discovery records. */
public enum ServiceName {
  USER("user"),
  PRODUCT("product");

  private final String wireName;

  ServiceName(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<ServiceName> fromWire(String name) {
    return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
  }
}
