package io.emporium.product;

import io.emporium.platform.contract.ErrorCode;
import io.emporium.platform.contract.ServiceError;
import io.emporium.platform.outbox.InMemoryOutboxStore;
import io.emporium.platform.outbox.OutboxEvent;
import io.emporium.platform.outbox.OutboxStore;
import io.emporium.product.category.Category;
import io.emporium.product.category.CategoryCount;
import io.emporium.product.category.CategoryTree;
import io.emporium.product.change.AuditAction;
import io.emporium.product.change.AuditEntry;
import io.emporium.product.change.AuditQuery;
import io.emporium.product.change.AuditRecord;
import io.emporium.product.change.Change;
import io.emporium.product.change.Recorder;
import io.emporium.product.change.StockMove;
import io.emporium.product.query.Cursor;
import io.emporium.product.query.Found;
import io.emporium.product.query.Hit;
import io.emporium.product.query.Ordering;
import io.emporium.product.query.ProductFilter;
import io.emporium.product.query.ProductQuery;
import io.emporium.product.search.Relevance;
import io.emporium.product.search.SearchText;
import io.emporium.product.stock.Reservation;
import io.emporium.product.stock.ReservationItem;
import io.emporium.product.stock.ReservationRequest;
import io.emporium.product.stock.ReservationStatus;
import io.emporium.product.write.PlannedWrite;
import io.emporium.product.write.WriteOutcome;
import io.emporium.product.write.WritePlanner;
import io.emporium.product.write.WriteRequest;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The zero-setup store: one per JVM, shared by every product instance in it (they run on different
 * event loops, so every method that reads or changes several maps is synchronized: a change, its
 * events and its audit entry are one unit, as a transaction is in PostgreSQL). Not durable.
 */
public final class InMemoryProductRepository implements ProductRepository {
  private final Map<UUID, Indexed> products = new HashMap<>();
  /** Every word of every product, with the number of products that have it (the store's word list). */
  private final Map<String, Integer> words = new HashMap<>();
  private final Map<String, UUID> idBySku = new HashMap<>();
  private final Map<String, Category> categories = new LinkedHashMap<>();
  private final Map<UUID, Reservation> reservations = new HashMap<>();
  private final List<AuditRecord> auditLog = new ArrayList<>();
  private final InMemoryOutboxStore outbox = new InMemoryOutboxStore();
  private final Supplier<UUID> ids;

  public InMemoryProductRepository() {
    this(UUID::randomUUID);
  }

  /** With the given id source (tests that need known ids). */
  public InMemoryProductRepository(Supplier<UUID> ids) {
    this.ids = ids;
  }

  /** A product with the words of its searchable fields and its name key, computed once per version. */
  private record Indexed(Product product, Relevance.Fields words, String nameKey) {
    static Indexed of(Product p) {
      return new Indexed(p, new Relevance.Fields(SearchText.distinctWords(p.name()),
          SearchText.distinctWords(String.join(" ", p.tags())), SearchText.distinctWords(p.description())),
          SearchText.nameKey(p.name()));
    }

    /** The same words, another state (stock moves do not touch the text). */
    Indexed with(Product next) {
      return new Indexed(next, words, nameKey);
    }

    Set<String> allWords() {
      Set<String> all = new java.util.HashSet<>(words.name());
      all.addAll(words.tags());
      all.addAll(words.description());
      return all;
    }

    Cursor.SortKey sortKey(int rank) {
      return new Cursor.SortKey(product.price(), nameKey, product.createdAt(), rank, product.id());
    }
  }

  private void put(Indexed next) {
    Indexed previous = products.put(next.product().id(), next);
    if (previous != null) {
      previous.allWords().forEach(w -> words.computeIfPresent(w, (k, n) -> n == 1 ? null : n - 1));
    }
    next.allWords().forEach(w -> words.merge(w, 1, Integer::sum));
  }

  private void remove(UUID id) {
    Indexed previous = products.remove(id);
    if (previous != null) {
      previous.allWords().forEach(w -> words.computeIfPresent(w, (k, n) -> n == 1 ? null : n - 1));
    }
  }

  @Override
  public synchronized Future<Optional<Product>> findById(UUID id) {
    return Future.succeededFuture(Optional.ofNullable(products.get(id)).map(Indexed::product));
  }

  // ---- writes -----------------------------------------------------------------------------------

  @Override
  public synchronized Future<WriteOutcome> write(WriteRequest request, Instant now, Recorder recorder) {
    Instant at = micros(now);
    WritePlanner.World world = new WritePlanner.World() {
      @Override
      public Optional<Product> product(UUID id) {
        return Optional.ofNullable(products.get(id)).map(Indexed::product);
      }

      @Override
      public Optional<UUID> skuOwner(String skuKey) {
        return Optional.ofNullable(idBySku.get(skuKey));
      }

      @Override
      public boolean categoryExists(String slug) {
        return categories.containsKey(slug);
      }
    };
    List<PlannedWrite> plan = WritePlanner.plan(request, world, at, ids);
    boolean apply = !request.atomic() || plan.stream().allMatch(PlannedWrite::ok);
    if (!apply) {
      return Future.succeededFuture(new WriteOutcome(plan, false));
    }
    List<Change> changes = new ArrayList<>();
    for (PlannedWrite item : plan) {
      if (item.isDelete()) {
        Product before = item.before().orElseThrow();
        remove(before.id());
        idBySku.remove(WritePlanner.skuKey(before.sku()));
        changes.add(Change.deleted(before));
      } else if (item.isUpdate()) {
        Product before = item.before().orElseThrow();
        Product after = item.after().orElseThrow();
        idBySku.remove(WritePlanner.skuKey(before.sku()));
        idBySku.put(WritePlanner.skuKey(after.sku()), after.id());
        put(Indexed.of(after));
        changes.add(Change.updated(before, after));
      } else if (item.isCreate()) {
        Product after = item.after().orElseThrow();
        put(Indexed.of(after));
        idBySku.put(WritePlanner.skuKey(after.sku()), after.id());
        changes.add(Change.created(after));
      }
    }
    record(changes, recorder, at);
    return Future.succeededFuture(new WriteOutcome(plan, true));
  }

  @Override
  public synchronized Future<Product> adjustStock(UUID id, int delta, Instant now, Recorder recorder) {
    Indexed current = products.get(id);
    if (current == null) {
      return Future.failedFuture(ServiceError.notFound("no product with id " + id).toException());
    }
    Product before = current.product();
    if ((long) before.stock() + delta < 0) {
      return Future.failedFuture(notEnoughStock(before, "delta"));
    }
    if ((long) before.stock() + delta > Integer.MAX_VALUE) {
      return Future.failedFuture(ServiceError.invalid("delta", "stock would exceed " + Integer.MAX_VALUE).toException());
    }
    Instant at = micros(now);
    Product after = withStock(before, before.stock() + delta, at);
    products.put(id, current.with(after));
    record(List.of(Change.stockAdjusted(after, delta)), recorder, at);
    return Future.succeededFuture(after);
  }

  @Override
  public synchronized Future<Reservation> reserve(ReservationRequest request, Instant now, Recorder recorder) {
    Reservation existing = reservations.get(request.id());
    if (existing != null) {
      return sameReservation(existing, request);
    }
    List<ReservationItem> items = request.items();
    for (int i = 0; i < items.size(); i++) {
      ReservationItem item = items.get(i);
      Indexed current = products.get(item.productId());
      if (current == null) {
        return Future.failedFuture(new ServiceError(ErrorCode.NOT_FOUND, "no product with id " + item.productId(),
            "items[" + i + "].productId").toException());
      }
      if (current.product().stock() < item.quantity()) {
        return Future.failedFuture(notEnoughStock(current.product(), "items[" + i + "].quantity"));
      }
    }
    Instant at = micros(now);
    List<StockMove> moves = new ArrayList<>();
    for (ReservationItem item : items) {
      Indexed current = products.get(item.productId());
      Product after = withStock(current.product(), current.product().stock() - item.quantity(), at);
      products.put(after.id(), current.with(after));
      moves.add(new StockMove(after, -item.quantity()));
    }
    Reservation held = new Reservation(request.id(), ReservationStatus.HELD, items, micros(request.expiresAt()), at,
        at);
    reservations.put(held.id(), held);
    record(List.of(Change.reservation(AuditAction.STOCK_RESERVE, Optional.empty(), held, moves)), recorder, at);
    return Future.succeededFuture(held);
  }

  @Override
  public synchronized Future<Reservation> confirm(UUID reservationId, Instant now, Recorder recorder) {
    Reservation current = reservations.get(reservationId);
    if (current == null) {
      return Future.failedFuture(noReservation(reservationId));
    }
    Instant at = micros(now);
    switch (current.status()) {
      case CONFIRMED:
        return Future.succeededFuture(current);
      case HELD:
        if (current.expiresAt().isAfter(at)) {
          Reservation confirmed = current.withStatus(ReservationStatus.CONFIRMED, at);
          reservations.put(reservationId, confirmed);
          record(List.of(Change.reservation(AuditAction.STOCK_CONFIRM, Optional.of(current), confirmed, List.of())),
              recorder, at);
          return Future.succeededFuture(confirmed);
        }
        return Future.failedFuture(cannot("the reservation has expired"));
      default:
        return Future.failedFuture(cannot("the reservation was " + current.status().wireName()));
    }
  }

  @Override
  public synchronized Future<Reservation> release(UUID reservationId, Instant now, Recorder recorder) {
    Reservation current = reservations.get(reservationId);
    if (current == null) {
      return Future.failedFuture(noReservation(reservationId));
    }
    switch (current.status()) {
      case RELEASED:
      case EXPIRED:
        return Future.succeededFuture(current);
      case CONFIRMED:
        return Future.failedFuture(cannot("the reservation was confirmed: its stock is sold"));
      case RETURNED:
        return Future.failedFuture(cannot("the reservation was returned: its stock is back"));
      default:
        Instant at = micros(now);
        Reservation released = current.withStatus(ReservationStatus.RELEASED, at);
        reservations.put(reservationId, released);
        List<StockMove> moves = giveBack(current.items(), at);
        record(List.of(Change.reservation(AuditAction.STOCK_RELEASE, Optional.of(current), released, moves)),
            recorder, at);
        return Future.succeededFuture(released);
    }
  }

  @Override
  public synchronized Future<Reservation> returnSold(UUID reservationId, Instant now, Recorder recorder) {
    Reservation current = reservations.get(reservationId);
    if (current == null) {
      return Future.failedFuture(noReservation(reservationId));
    }
    switch (current.status()) {
      case RETURNED:
        return Future.succeededFuture(current);
      case CONFIRMED:
        Instant at = micros(now);
        Reservation returned = current.withStatus(ReservationStatus.RETURNED, at);
        reservations.put(reservationId, returned);
        List<StockMove> moves = giveBack(current.items(), at);
        record(List.of(Change.reservation(AuditAction.STOCK_RETURN, Optional.of(current), returned, moves)),
            recorder, at);
        return Future.succeededFuture(returned);
      default:
        return Future.failedFuture(notSold(current));
    }
  }

  /** Only a confirmed reservation has sold units to return. */
  static RuntimeException notSold(Reservation current) {
    return new ServiceError(ErrorCode.CONFLICT, "the reservation is " + current.status().wireName()
        + ", not confirmed: it has no sold units to return", "status").toException();
  }

  @Override
  public synchronized Future<Integer> purgeFinishedReservations(Instant finishedBefore, int limit) {
    List<UUID> due = reservations.values().stream()
        .filter(r -> r.status() != ReservationStatus.HELD && r.updatedAt().isBefore(finishedBefore))
        .sorted(Comparator.comparing(Reservation::updatedAt)).limit(limit).map(Reservation::id).toList();
    due.forEach(reservations::remove);
    return Future.succeededFuture(due.size());
  }

  @Override
  public synchronized Future<Integer> purgeAuditLog(Instant writtenBefore, int limit) {
    // Entries carry the time their change was made at, which need not be the order they were appended in.
    List<AuditRecord> due = auditLog.stream().filter(r -> r.at().isBefore(writtenBefore))
        .sorted(Comparator.comparing(AuditRecord::at)).limit(limit).toList();
    auditLog.removeAll(due);
    return Future.succeededFuture(due.size());
  }

  @Override
  public synchronized Future<Integer> expireReservations(Instant now, int limit, Recorder recorder) {
    Instant at = micros(now);
    List<Reservation> due = reservations.values().stream()
        .filter(r -> r.status() == ReservationStatus.HELD && !r.expiresAt().isAfter(at))
        .sorted(Comparator.comparing(Reservation::expiresAt))
        .limit(limit)
        .toList();
    List<Change> changes = new ArrayList<>();
    for (Reservation r : due) {
      Reservation expired = r.withStatus(ReservationStatus.EXPIRED, at);
      reservations.put(r.id(), expired);
      changes.add(Change.reservation(AuditAction.STOCK_EXPIRE, Optional.of(r), expired, giveBack(r.items(), at)));
    }
    record(changes, recorder, at);
    return Future.succeededFuture(due.size());
  }

  @Override
  public synchronized Future<Optional<Reservation>> findReservation(UUID reservationId) {
    return Future.succeededFuture(Optional.ofNullable(reservations.get(reservationId)));
  }

  /** Returns reserved stock to the products that still exist. */
  private List<StockMove> giveBack(List<ReservationItem> items, Instant at) {
    List<StockMove> moves = new ArrayList<>();
    for (ReservationItem item : items) {
      Indexed current = products.get(item.productId());
      if (current != null) {
        Product after = withStock(current.product(), current.product().stock() + item.quantity(), at);
        products.put(after.id(), current.with(after));
        moves.add(new StockMove(after, item.quantity()));
      }
    }
    return moves;
  }

  private static Future<Reservation> sameReservation(Reservation existing, ReservationRequest request) {
    if (!request.sameItemsAs(existing.items())) {
      return Future.failedFuture(new ServiceError(ErrorCode.CONFLICT,
          "this reservation id was used for other items", "reservationId").toException());
    }
    return Future.succeededFuture(existing);
  }

  // ---- categories ------------------------------------------------------------------------------

  @Override
  public synchronized Future<List<CategoryCount>> categories() {
    Map<String, Long> counts = new HashMap<>();
    for (Indexed i : products.values()) {
      Product p = i.product();
      if (p.status() == Product.Status.ACTIVE && p.category() != null) {
        counts.merge(p.category(), 1L, Long::sum);
      }
    }
    return Future.succeededFuture(categories.values().stream()
        .map(c -> new CategoryCount(c, counts.getOrDefault(c.slug(), 0L))).toList());
  }

  @Override
  public synchronized Future<Category> createCategory(Category category, Recorder recorder) {
    if (categories.containsKey(category.slug())) {
      return Future.failedFuture(new ServiceError(ErrorCode.CONFLICT, "a category with this slug exists", "slug")
          .toException());
    }
    if (category.parent().isPresent() && !categories.containsKey(category.parent().get())) {
      return Future.failedFuture(ServiceError.invalid("parent", "unknown category '" + category.parent().get() + "'")
          .toException());
    }
    categories.put(category.slug(), category);
    record(List.of(Change.categoryCreated(category)), recorder, micros(Instant.now()));
    return Future.succeededFuture(category);
  }

  @Override
  public synchronized Future<Void> deleteCategory(String slug, Recorder recorder) {
    Category category = categories.get(slug);
    if (category == null) {
      return Future.failedFuture(ServiceError.notFound("no category '" + slug + "'").toException());
    }
    if (categories.values().stream().anyMatch(c -> c.parent().filter(slug::equals).isPresent())) {
      return Future.failedFuture(cannot("the category has subcategories"));
    }
    if (products.values().stream().anyMatch(i -> slug.equals(i.product().category()))) {
      return Future.failedFuture(cannot("products are filed under the category"));
    }
    categories.remove(slug);
    record(List.of(Change.categoryDeleted(category)), recorder, micros(Instant.now()));
    return Future.succeededFuture();
  }

  // ---- reads -----------------------------------------------------------------------------------

  @Override
  public synchronized Future<Found> find(ProductQuery query) {
    ProductFilter filter = query.filter();
    Optional<Set<String>> subtree = Optional.empty();
    if (filter.category().isPresent()) {
      Set<String> slugs = CategoryTree.subtree(List.copyOf(categories.values()), filter.category().get());
      if (slugs.isEmpty()) {
        return Future.failedFuture(ServiceError.invalid("category", "unknown category '" + filter.category().get()
            + "'").toException());
      }
      subtree = Optional.of(slugs);
    }
    Optional<List<Relevance.Expansion>> expansions = query.terms().map(t -> Relevance.expand(t, words.keySet()));
    Comparator<Cursor.SortKey> order = Ordering.of(query.sort());
    Optional<Cursor.SortKey> after = query.paging().after().map(Cursor::key);
    int size = query.paging().size();
    long wanted = query.paging().offset() + size + 1;
    // The first `wanted` rows in order, kept in a bounded heap (worst first): no sort of everything.
    PriorityQueue<Ranked> best = new PriorityQueue<>(Comparator.comparing(Ranked::key, order).reversed());
    long total = 0;
    for (Indexed indexed : products.values()) {
      if (!keeps(indexed.product(), filter, subtree)) {
        continue;
      }
      int rank = 0;
      if (expansions.isPresent()) {
        rank = Relevance.score(expansions.get(), indexed.words());
        if (rank == 0) {
          continue;
        }
      }
      total++;
      Cursor.SortKey key = indexed.sortKey(rank);
      if (after.isPresent() && order.compare(key, after.get()) <= 0) {
        continue;
      }
      if (best.size() < wanted) {
        best.add(new Ranked(key, indexed.product(), rank));
      } else if (order.compare(key, best.peek().key()) < 0) {
        best.poll();
        best.add(new Ranked(key, indexed.product(), rank));
      }
    }
    List<Ranked> ordered = new ArrayList<>(best);
    ordered.sort(Comparator.comparing(Ranked::key, order));
    List<Hit> page = ordered.stream().skip(query.paging().offset()).limit(size + 1L)
        .map(r -> new Hit(r.product(), r.rank())).toList();
    boolean more = page.size() > size;
    return Future.succeededFuture(new Found(more ? page.subList(0, size) : page, more,
        query.paging().cursorMode() ? OptionalLong.empty() : OptionalLong.of(total)));
  }

  private record Ranked(Cursor.SortKey key, Product product, int rank) {}

  private static boolean keeps(Product p, ProductFilter f, Optional<Set<String>> subtree) {
    return p.status() == Product.Status.ACTIVE
        && subtree.map(s -> p.category() != null && s.contains(p.category())).orElse(true)
        && f.currency().map(c -> p.currency().equals(c)).orElse(true)
        && f.minPrice().map(min -> p.price().compareTo(min) >= 0).orElse(true)
        && f.maxPrice().map(max -> p.price().compareTo(max) <= 0).orElse(true)
        && f.tag().map(t -> p.tags().contains(t.toLowerCase(Locale.ROOT))).orElse(true)
        && f.featured().map(v -> p.featured() == v).orElse(true)
        && f.inStock().map(v -> v ? p.stock() > 0 : p.stock() == 0).orElse(true);
  }

  @Override
  public synchronized Future<Page<AuditRecord>> audit(AuditQuery query) {
    List<AuditRecord> matching = new ArrayList<>();
    for (int i = auditLog.size() - 1; i >= 0; i--) {
      if (query.accepts(auditLog.get(i))) {
        matching.add(auditLog.get(i));
      }
    }
    List<AuditRecord> page = matching.stream().skip(query.offset()).limit(query.size()).toList();
    return Future.succeededFuture(new Page<>(page, query.page(), query.size(), matching.size()));
  }

  @Override
  public OutboxStore outbox() {
    return outbox;
  }

  @Override
  public synchronized Future<Long> count() {
    return Future.succeededFuture((long) products.size());
  }

  @Override
  public synchronized Future<Long> countLowStock(int threshold) {
    return Future.succeededFuture(products.values().stream().map(Indexed::product)
        .filter(p -> p.status() == Product.Status.ACTIVE && p.stock() <= threshold).count());
  }

  @Override
  public Future<Void> ping() {
    return Future.succeededFuture();
  }

  @Override
  public String kind() {
    return "memory";
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private void record(List<Change> changes, Recorder recorder, Instant at) {
    List<OutboxEvent> events = new ArrayList<>();
    for (Change change : changes) {
      events.addAll(recorder.events(change));
      recorder.audit(change).ifPresent(entry -> appendAudit(entry, at));
    }
    outbox.append(events);
  }

  private void appendAudit(AuditEntry entry, Instant at) {
    auditLog.add(new AuditRecord(auditLog.size() + 1L, at, entry));
  }

  private static Product withStock(Product p, int stock, Instant at) {
    return new Product(p.id(), p.sku(), p.name(), p.description(), p.price(), p.currency(), p.category(), p.tags(),
        p.attributes(), p.featured(), stock, p.status(), p.version() + 1, p.createdAt(), at);
  }

  /** Same precision as PostgreSQL's timestamptz, so both stores return equal values. */
  static Instant micros(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS);
  }

  static RuntimeException notEnoughStock(Product p, String field) {
    return new ServiceError(ErrorCode.CONFLICT, "not enough stock: " + p.stock() + " left", field).toException();
  }

  static RuntimeException noReservation(UUID id) {
    return new ServiceError(ErrorCode.NOT_FOUND, "no reservation with id " + id, "reservationId").toException();
  }

  static RuntimeException cannot(String why) {
    return ServiceError.of(ErrorCode.CONFLICT, why).toException();
  }
}
