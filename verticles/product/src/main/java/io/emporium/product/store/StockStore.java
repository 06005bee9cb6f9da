package io.emporium.product.store;

import io.emporium.product.domain.Product;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.UUID;

/**
 * The stock of products: adjusted by admins, held and given back by reservations. Stock moves are
 * conditional, so concurrent takers can never take more than there is.
 */
public interface StockStore extends ReservationStore {

  /**
   * Adds {@code delta} (may be negative) in one conditional update; CONFLICT when stock would go below
   * zero, VALIDATION when it would exceed the int range, NOT_FOUND for an unknown product.
   */
  Future<Product> adjustStock(UUID id, int delta, Instant now, Recorder recorder);
}
