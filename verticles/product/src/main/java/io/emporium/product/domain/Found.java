package io.emporium.product.domain;

import java.util.List;
import java.util.OptionalLong;

/**
 * What a store answers to a query: up to {@code size} hits in order, whether more follow, and the
 * number of all matches (numbered pages only; a cursor listing does not count them).
 */
public record Found(List<Hit> hits, boolean more, OptionalLong total) {
  public Found {
    hits = List.copyOf(hits);
  }
}
