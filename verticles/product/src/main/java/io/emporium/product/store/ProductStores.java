package io.emporium.product.store;

import io.emporium.platform.audit.AuditQuery;
import io.emporium.platform.audit.AuditRecord;
import io.emporium.platform.outbox.OutboxStore;
import io.emporium.platform.service.Page;
import io.emporium.product.audit.AuditAction;
import io.emporium.product.domain.Category;
import io.emporium.product.domain.CategoryCount;
import io.emporium.product.domain.Found;
import io.emporium.product.domain.Product;
import io.emporium.product.domain.ProductQuery;
import io.emporium.product.domain.Reservation;
import io.emporium.product.domain.ReservationRequest;
import io.emporium.product.domain.WriteOutcome;
import io.emporium.product.domain.WriteRequest;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The repository as the sum of its per-aggregate stores: every method hands over to the store of its
 * aggregate. The PostgreSQL and in-memory repositories only choose the stores (and say how to ping).
 */
public abstract class ProductStores implements ProductRepository {
  private final CatalogueStore catalogue;
  private final StockStore stock;
  private final CategoryStore categories;
  private final ChangeLog changes;

  protected ProductStores(CatalogueStore catalogue, StockStore stock, CategoryStore categories, ChangeLog changes) {
    this.catalogue = catalogue;
    this.stock = stock;
    this.categories = categories;
    this.changes = changes;
  }

  // ---- catalogue ---------------------------------------------------------------------------------

  @Override
  public Future<Optional<Product>> findById(UUID id) {
    return catalogue.findById(id);
  }

  @Override
  public Future<WriteOutcome> write(WriteRequest request, Instant now, Recorder recorder) {
    return catalogue.write(request, now, recorder);
  }

  @Override
  public Future<Found> find(ProductQuery query) {
    return catalogue.find(query);
  }

  @Override
  public Future<Long> count() {
    return catalogue.count();
  }

  @Override
  public Future<Long> countLowStock(int threshold) {
    return catalogue.countLowStock(threshold);
  }

  // ---- stock and reservations --------------------------------------------------------------------

  @Override
  public Future<Product> adjustStock(UUID id, int delta, Instant now, Recorder recorder) {
    return stock.adjustStock(id, delta, now, recorder);
  }

  @Override
  public Future<Reservation> reserve(ReservationRequest request, Instant now, Recorder recorder) {
    return stock.reserve(request, now, recorder);
  }

  @Override
  public Future<Reservation> confirm(UUID reservationId, Instant now, Recorder recorder) {
    return stock.confirm(reservationId, now, recorder);
  }

  @Override
  public Future<Reservation> release(UUID reservationId, Instant now, Recorder recorder) {
    return stock.release(reservationId, now, recorder);
  }

  @Override
  public Future<Reservation> returnSold(UUID reservationId, Instant now, Recorder recorder) {
    return stock.returnSold(reservationId, now, recorder);
  }

  @Override
  public Future<Integer> expireReservations(Instant now, int limit, Recorder recorder) {
    return stock.expireReservations(now, limit, recorder);
  }

  @Override
  public Future<Optional<Reservation>> findReservation(UUID reservationId) {
    return stock.findReservation(reservationId);
  }

  @Override
  public Future<Integer> purgeFinishedReservations(Instant finishedBefore, int limit) {
    return stock.purgeFinishedReservations(finishedBefore, limit);
  }

  // ---- categories --------------------------------------------------------------------------------

  @Override
  public Future<List<CategoryCount>> categories() {
    return categories.categories();
  }

  @Override
  public Future<Category> createCategory(Category category, Recorder recorder) {
    return categories.createCategory(category, recorder);
  }

  @Override
  public Future<Void> deleteCategory(String slug, Recorder recorder) {
    return categories.deleteCategory(slug, recorder);
  }

  // ---- audit and outbox --------------------------------------------------------------------------

  @Override
  public Future<Page<AuditRecord<AuditAction>>> audit(AuditQuery<AuditAction> query) {
    return changes.audit(query);
  }

  @Override
  public Future<Integer> purgeAuditLog(Instant writtenBefore, int limit) {
    return changes.purgeAuditLog(writtenBefore, limit);
  }

  @Override
  public OutboxStore outbox() {
    return changes.outbox();
  }
}
