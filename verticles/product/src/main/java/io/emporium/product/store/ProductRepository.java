package io.emporium.product.store;

import io.emporium.contract.ServiceError;
import io.vertx.core.Future;
import java.util.Optional;

/**
 * Everything the product service stores, as one object for its callers: the sum of one store per
 * aggregate ({@link CatalogueStore}, {@link StockStore} with its reservations, {@link CategoryStore},
 * {@link ChangeLog}) and the health of the whole. Two implementations (PostgreSQL and in-memory), each
 * composed of its per-aggregate stores ({@link ProductStores}), pass one contract test suite.
 *
 * <p>Every write takes a {@link Recorder}: the store asks it, inside the transaction (PostgreSQL) or
 * the synchronized unit (memory) that makes the change, for the events and the audit entry of the
 * change, and writes them with it. A change and its events and audit exist together or not at all.
 *
 * <p>Failures: a duplicate sku is CONFLICT on {@code sku}; a stale expected version
 * PRECONDITION_FAILED; stock that would go below zero CONFLICT (and nothing changes); a store outage
 * UNAVAILABLE or TIMEOUT.
 */
public interface ProductRepository extends CatalogueStore, StockStore, CategoryStore, ChangeLog {

  /** Succeeds when the store answers; used by health checks. */
  Future<Void> ping();

  /** {@code memory} or {@code postgres}, for health reports. */
  String kind();

  /** Fails with NOT_FOUND when empty. */
  static <T> Future<T> found(Optional<T> value, String message) {
    return value.map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(ServiceError.notFound(message).toException()));
  }
}
