package io.emporium.product;

import io.vertx.core.Future;
import java.util.Optional;
import java.util.UUID;

/**
 * Where products are stored. Two implementations (PostgreSQL and in-memory) pass one contract test
 * suite. Failures: a duplicate sku fails with CONFLICT; a store outage with UNAVAILABLE.
 */
public interface ProductRepository {

  Future<Optional<Product>> findById(UUID id);

  Future<Product> create(NewProduct product);

  /** Succeeds when the store answers; used by health checks. */
  Future<Void> ping();

  /** {@code memory} or {@code postgres}, for health reports. */
  String kind();
}
