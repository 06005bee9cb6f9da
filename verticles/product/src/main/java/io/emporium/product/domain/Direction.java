package io.emporium.product.domain;

import java.util.Locale;
import java.util.Optional;

public enum Direction {
  ASC,
  DESC;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Direction> fromWire(String name) {
    return switch (name) {
      case "asc" -> Optional.of(ASC);
      case "desc" -> Optional.of(DESC);
      default -> Optional.empty();
    };
  }
}
