package io.emporium.product.domain;

import java.util.List;

/**
 * What a store did with a list of writes: each write's plan or failure, and whether the successful ones
 * were applied (always, unless the request was atomic and one failed: then none was).
 */
public record WriteOutcome(List<PlannedWrite> items, boolean applied) {
  public WriteOutcome {
    items = List.copyOf(items);
  }

  public long failures() {
    return items.stream().filter(i -> !i.ok()).count();
  }
}
