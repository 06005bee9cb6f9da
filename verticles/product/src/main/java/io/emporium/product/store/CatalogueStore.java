package io.emporium.product.store;

import io.emporium.product.domain.Found;
import io.emporium.product.domain.NewProduct;
import io.emporium.product.domain.PlannedWrite;
import io.emporium.product.domain.Product;
import io.emporium.product.domain.ProductPatch;
import io.emporium.product.domain.ProductQuery;
import io.emporium.product.domain.WriteOp;
import io.emporium.product.domain.WriteOutcome;
import io.emporium.product.domain.WriteRequest;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The products: written in batches, read by id, listed and searched.
 *
 * <p>Failures: a duplicate sku is CONFLICT on {@code sku}; a stale expected version
 * PRECONDITION_FAILED; an unknown category VALIDATION on {@code category}.
 */
public interface CatalogueStore {

  Future<Optional<Product>> findById(UUID id);

  /**
   * Plans and applies writes in request order (see {@code WritePlanner}), batched: a few round trips
   * to the database whatever their number. Failed items are answered in the outcome; the others are
   * applied, unless {@code atomic}, when one failure means none is.
   */
  Future<WriteOutcome> write(WriteRequest request, Instant now, Recorder recorder);

  /** Active products that match, in the query's order, from where its paging says. */
  Future<Found> find(ProductQuery query);

  /** How many products exist (any status). */
  Future<Long> count();

  /** How many active products have a stock at or below {@code threshold} (the low-stock gauge). */
  Future<Long> countLowStock(int threshold);

  /**
   * Creates one product, recorded as a change of the service itself, under its category slug whether
   * or not that category is in the tree (for tools and tests; admins go through the checked path).
   */
  default Future<Product> create(NewProduct product) {
    return single(WriteRequest.single(new WriteOp.Create(product)).anyCategory(), Instant.now(), Recorder.system(0))
        .map(p -> p.after().orElseThrow());
  }

  default Future<Product> create(NewProduct product, Instant now, Recorder recorder) {
    return single(new WriteOp.Create(product), now, recorder).map(p -> p.after().orElseThrow());
  }

  default Future<Product> update(UUID id, ProductPatch patch, Optional<Long> expectedVersion, Instant now,
      Recorder recorder) {
    return single(new WriteOp.Update(id, patch, expectedVersion), now, recorder).map(p -> p.after().orElseThrow());
  }

  default Future<Product> delete(UUID id, Optional<Long> expectedVersion, Instant now, Recorder recorder) {
    return single(new WriteOp.Delete(id, expectedVersion), now, recorder).map(p -> p.before().orElseThrow());
  }

  private Future<PlannedWrite> single(WriteOp op, Instant now, Recorder recorder) {
    return single(WriteRequest.single(op), now, recorder);
  }

  private Future<PlannedWrite> single(WriteRequest request, Instant now, Recorder recorder) {
    return write(request, now, recorder).compose(outcome -> {
      PlannedWrite item = outcome.items().get(0);
      return item.error().<Future<PlannedWrite>>map(e -> Future.failedFuture(e.toException()))
          .orElseGet(() -> Future.succeededFuture(item));
    });
  }
}
