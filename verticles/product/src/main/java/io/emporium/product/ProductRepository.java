package io.emporium.product;

import io.emporium.platform.contract.ServiceError;
import io.emporium.platform.outbox.OutboxStore;
import io.emporium.product.category.Category;
import io.emporium.product.category.CategoryCount;
import io.emporium.product.change.AuditQuery;
import io.emporium.product.change.AuditRecord;
import io.emporium.product.change.Recorder;
import io.emporium.product.query.Found;
import io.emporium.product.query.ProductQuery;
import io.emporium.product.stock.Reservation;
import io.emporium.product.stock.ReservationRequest;
import io.emporium.product.write.PlannedWrite;
import io.emporium.product.write.ProductPatch;
import io.emporium.product.write.WriteOp;
import io.emporium.product.write.WriteOutcome;
import io.emporium.product.write.WriteRequest;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where products, categories, reservations, the audit log and the outbox are stored. Two
 * implementations (PostgreSQL and in-memory) pass one contract test suite.
 *
 * <p>Every write takes a {@link Recorder}: the store asks it, inside the transaction (PostgreSQL) or
 * the synchronized unit (memory) that makes the change, for the events and the audit entry of the
 * change, and writes them with it. A change and its events and audit exist together or not at all.
 *
 * <p>Failures: a duplicate sku is CONFLICT on {@code sku}; a stale expected version
 * PRECONDITION_FAILED; stock that would go below zero CONFLICT (and nothing changes); a store outage
 * UNAVAILABLE or TIMEOUT.
 */
public interface ProductRepository {

  Future<Optional<Product>> findById(UUID id);

  /**
   * Plans and applies writes in request order (see {@code WritePlanner}), batched: a few round trips
   * to the database whatever their number. Failed items are answered in the outcome; the others are
   * applied, unless {@code atomic}, when one failure means none is.
   */
  Future<WriteOutcome> write(WriteRequest request, Instant now, Recorder recorder);

  /** Adds {@code delta} (may be negative) in one conditional update; CONFLICT when stock would go below zero. */
  Future<Product> adjustStock(UUID id, int delta, Instant now, Recorder recorder);

  /**
   * Holds the items' stock, all or none, under the caller's reservation id. The same id again with the
   * same items answers the stored reservation and changes nothing; with other items it is CONFLICT.
   * NOT_FOUND (field items[i].productId) for an unknown product, CONFLICT (items[i].quantity) when a
   * product has too little stock.
   */
  Future<Reservation> reserve(ReservationRequest request, Instant now, Recorder recorder);

  /** HELD and not expired -> CONFIRMED; CONFIRMED again answers it; otherwise CONFLICT. */
  Future<Reservation> confirm(UUID reservationId, Instant now, Recorder recorder);

  /**
   * HELD -> RELEASED and its stock back; RELEASED or EXPIRED answer as they are; CONFIRMED or RETURNED is
   * CONFLICT.
   */
  Future<Reservation> release(UUID reservationId, Instant now, Recorder recorder);

  /**
   * CONFIRMED -> RETURNED and its sold units back in stock (to the products that still exist); RETURNED
   * answers as it is (returning twice returns once); HELD, RELEASED or EXPIRED is CONFLICT (field
   * {@code status}); NOT_FOUND when there is no such reservation (or retention deleted it).
   */
  Future<Reservation> returnSold(UUID reservationId, Instant now, Recorder recorder);

  /** Expires up to {@code limit} held reservations whose time has passed, giving their stock back; answers how many. */
  Future<Integer> expireReservations(Instant now, int limit, Recorder recorder);

  Future<Optional<Reservation>> findReservation(UUID reservationId);

  /**
   * Deletes up to {@code limit} finished reservations (confirmed, released or expired) that finished
   * before {@code finishedBefore}, the oldest first; answers how many. A held one is never deleted.
   */
  Future<Integer> purgeFinishedReservations(Instant finishedBefore, int limit);

  /**
   * Deletes up to {@code limit} audit entries written before {@code writtenBefore}, the oldest first;
   * answers how many (the log names admins and their client addresses: kept for its retention only).
   */
  Future<Integer> purgeAuditLog(Instant writtenBefore, int limit);

  /** Active products that match, in the query's order, from where its paging says. */
  Future<Found> find(ProductQuery query);

  /** Every category with its number of active products. */
  Future<List<CategoryCount>> categories();

  /** CONFLICT on slug when it exists; VALIDATION on parent when the parent does not. */
  Future<Category> createCategory(Category category, Recorder recorder);

  /** NOT_FOUND when unknown; CONFLICT while products or subcategories are filed under it. */
  Future<Void> deleteCategory(String slug, Recorder recorder);

  Future<Page<AuditRecord>> audit(AuditQuery query);

  /** The outbox the store writes events to, for the relay. */
  OutboxStore outbox();

  /** How many products exist (any status). */
  Future<Long> count();

  /** How many active products have a stock at or below {@code threshold} (the low-stock gauge). */
  Future<Long> countLowStock(int threshold);

  /** Succeeds when the store answers; used by health checks. */
  Future<Void> ping();

  /** {@code memory} or {@code postgres}, for health reports. */
  String kind();

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

  /** Fails with NOT_FOUND when empty. */
  static <T> Future<T> found(Optional<T> value, String message) {
    return value.map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(ServiceError.notFound(message).toException()));
  }
}
