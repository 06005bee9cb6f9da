package io.emporium.order.catalogue;

import io.emporium.order.domain.Cart;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The product service as the order service needs it: prices and stock, and the stock reservations.
 * Failures are contract errors (the product service's, or the mesh's UNAVAILABLE / TIMEOUT).
 */
public interface Catalogue {

  /** The product as the catalogue has it now; empty when there is no such product. */
  Future<Optional<CatalogueProduct>> product(UUID id, String requestId);

  /**
   * Holds the items' stock under {@code reservationId} for {@code ttlSeconds}, all or none; the same id
   * with the same items answers the existing reservation (a retry after a crash: its time runs from the
   * first request). Answers its status and expiry.
   */
  Future<Hold> reserve(UUID reservationId, List<Cart.Item> items, int ttlSeconds, String requestId);

  /** The reservation's stock is sold. */
  Future<Void> confirm(UUID reservationId, String requestId);

  /** The reservation's stock is back (a released or expired one answers as it is). */
  Future<Void> release(UUID reservationId, String requestId);

  /**
   * The units a confirmed reservation sold are back in stock (returning again answers as it is); CONFLICT
   * on {@code status} when the reservation was never confirmed.
   */
  Future<Void> returnSold(UUID reservationId, String requestId);
}
