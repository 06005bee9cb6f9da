package io.emporium.product.store;

import io.emporium.product.domain.Change;
import io.emporium.product.domain.Found;
import io.emporium.product.domain.PlannedWrite;
import io.emporium.product.domain.Product;
import io.emporium.product.domain.ProductQuery;
import io.emporium.product.domain.WriteOutcome;
import io.emporium.product.domain.WritePlanner;
import io.emporium.product.domain.WriteRequest;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The products of the in-memory store: batches of writes planned by {@link WritePlanner} and applied
 * with their records as one unit; synchronized on the products (see {@link InMemoryProducts}).
 */
final class InMemoryCatalogueStore implements CatalogueStore {
  private final InMemoryProducts products;
  private final InMemoryCategoryStore categories;
  private final InMemoryChangeLog changes;
  private final InMemoryCatalogueSearch search;
  private final Supplier<UUID> ids;

  InMemoryCatalogueStore(InMemoryProducts products, InMemoryCategoryStore categories, InMemoryChangeLog changes,
      Supplier<UUID> ids) {
    this.products = products;
    this.categories = categories;
    this.changes = changes;
    this.search = new InMemoryCatalogueSearch(products, categories);
    this.ids = ids;
  }

  @Override
  public Future<Optional<Product>> findById(UUID id) {
    synchronized (products) {
      return Future.succeededFuture(products.get(id));
    }
  }

  @Override
  public Future<WriteOutcome> write(WriteRequest request, Instant now, Recorder recorder) {
    synchronized (products) {
      Instant at = Timestamps.micros(now);
      WritePlanner.World world = new WritePlanner.World() {
        @Override
        public Optional<Product> product(UUID id) {
          return products.get(id);
        }

        @Override
        public Optional<UUID> skuOwner(String skuKey) {
          return products.skuOwner(skuKey);
        }

        @Override
        public boolean categoryExists(String slug) {
          return categories.exists(slug);
        }
      };
      List<PlannedWrite> plan = WritePlanner.plan(request, world, at, ids);
      boolean apply = !request.atomic() || plan.stream().allMatch(PlannedWrite::ok);
      if (!apply) {
        return Future.succeededFuture(new WriteOutcome(plan, false));
      }
      List<Change> made = new ArrayList<>();
      for (PlannedWrite item : plan) {
        if (item.isDelete()) {
          Product before = item.before().orElseThrow();
          products.deleted(before);
          made.add(Change.deleted(before));
        } else if (item.isUpdate()) {
          Product before = item.before().orElseThrow();
          Product after = item.after().orElseThrow();
          products.updated(before, after);
          made.add(Change.updated(before, after));
        } else if (item.isCreate()) {
          Product after = item.after().orElseThrow();
          products.created(after);
          made.add(Change.created(after));
        }
      }
      changes.record(made, recorder, at);
      return Future.succeededFuture(new WriteOutcome(plan, true));
    }
  }

  @Override
  public Future<Found> find(ProductQuery query) {
    return search.find(query);
  }

  @Override
  public Future<Long> count() {
    synchronized (products) {
      return Future.succeededFuture((long) products.size());
    }
  }

  @Override
  public Future<Long> countLowStock(int threshold) {
    synchronized (products) {
      return Future.succeededFuture(products.all().stream().map(InMemoryProducts.Indexed::product)
          .filter(p -> p.status() == Product.Status.ACTIVE && p.stock() <= threshold).count());
    }
  }
}
