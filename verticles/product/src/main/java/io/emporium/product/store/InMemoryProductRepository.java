package io.emporium.product.store;

import io.vertx.core.Future;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The zero-setup store: one per JVM, shared by every product instance in it, composed of one store per
 * aggregate ({@link InMemoryCatalogueStore}, {@link InMemoryStockStore}, {@link InMemoryCategoryStore},
 * {@link InMemoryChangeLog}) over one table of products ({@link InMemoryProducts}, also their lock: a
 * change, its events and its audit entry are one unit, as a transaction is in PostgreSQL). Not durable.
 */
public final class InMemoryProductRepository extends ProductStores {

  public InMemoryProductRepository() {
    this(UUID::randomUUID);
  }

  /** With the given id source (tests that need known ids). */
  public InMemoryProductRepository(Supplier<UUID> ids) {
    this(ids, new InMemoryProducts(), new InMemoryChangeLog());
  }

  private InMemoryProductRepository(Supplier<UUID> ids, InMemoryProducts products, InMemoryChangeLog changes) {
    this(ids, products, new InMemoryCategoryStore(products, changes), changes);
  }

  private InMemoryProductRepository(Supplier<UUID> ids, InMemoryProducts products, InMemoryCategoryStore categories,
      InMemoryChangeLog changes) {
    super(new InMemoryCatalogueStore(products, categories, changes, ids), new InMemoryStockStore(products, changes),
        categories, changes);
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
