package io.emporium.platform.config;

import java.util.Arrays;
import java.util.Optional;

/** What a JVM can deploy. */
public enum Role {
  GATEWAY,
  USER,
  PRODUCT,
  ORDER;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static Optional<Role> fromWire(String name) {
    return Arrays.stream(values()).filter(r -> r.wireName().equals(name)).findFirst();
  }
}
