package io.emporium.product;

import io.emporium.platform.contract.ErrorCode;
import io.emporium.platform.contract.ServiceError;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The zero-setup store: one per JVM, shared by every product instance in it (they run on different
 * event loops, so writes that check and change are synchronized). Not durable.
 */
public final class InMemoryProductRepository implements ProductRepository {
  private final Map<UUID, Product> byId = new ConcurrentHashMap<>();
  private final Map<String, UUID> idBySku = new ConcurrentHashMap<>();

  @Override
  public Future<Optional<Product>> findById(UUID id) {
    return Future.succeededFuture(Optional.ofNullable(byId.get(id)));
  }

  @Override
  public synchronized Future<Product> create(NewProduct p) {
    String skuKey = p.sku().toLowerCase(Locale.ROOT);
    if (idBySku.containsKey(skuKey)) {
      return Future.failedFuture(new ServiceError(ErrorCode.CONFLICT, "a product with this sku exists", "sku")
          .toException());
    }
    // Same precision as PostgreSQL's timestamptz, so both stores return equal values.
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    Product product = new Product(UUID.randomUUID(), p.sku(), p.name(), p.description(), p.price(), p.currency(),
        p.category(), List.copyOf(p.tags()), p.attributes().copy(), p.featured(), p.stock(), Product.Status.ACTIVE,
        1, now, now);
    byId.put(product.id(), product);
    idBySku.put(skuKey, product.id());
    return Future.succeededFuture(product);
  }

  @Override
  public Future<Void> ping() {
    return Future.succeededFuture();
  }

  @Override
  public String kind() {
    return "memory";
  }
}
