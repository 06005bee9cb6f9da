package io.emporium.product.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What a caller asks to hold: the caller's reservation id (asking again with the same id and items
 * answers the same reservation and holds nothing more), the items (each product once), and when the
 * hold ends unless confirmed.
 */
public record ReservationRequest(UUID id, List<ReservationItem> items, Instant expiresAt) {
  public ReservationRequest {
    items = List.copyOf(items);
  }

  /** Same products and quantities, in any order. */
  public boolean sameItemsAs(List<ReservationItem> other) {
    return items.size() == other.size() && other.containsAll(items);
  }
}
