package io.emporium.product.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a listing is ordered by. Every order ends with the product id, so it is total and the same in
 * both stores: price then id; name (A-Z lowered, code point order) then id; creation time then id;
 * relevance: score, then name, then id.
 */
public enum SortField {
  PRICE(Direction.ASC),
  NAME(Direction.ASC),
  NEWEST(Direction.DESC),
  /** Only when searching; "desc" (the default) puts the most relevant first. */
  RELEVANCE(Direction.DESC);

  private final Direction defaultDirection;

  SortField(Direction defaultDirection) {
    this.defaultDirection = defaultDirection;
  }

  public Direction defaultDirection() {
    return defaultDirection;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<SortField> fromWire(String name) {
    return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
  }
}
