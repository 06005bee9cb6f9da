package io.emporium.product;

import io.emporium.platform.async.Deadlines;
import io.emporium.platform.contract.ErrorCode;
import io.emporium.platform.contract.ServiceError;
import io.emporium.platform.outbox.OutboxEvent;
import io.emporium.platform.outbox.OutboxStore;
import io.emporium.platform.outbox.PgOutboxStore;
import io.emporium.platform.persistence.PgFailures;
import io.emporium.platform.persistence.TransactionRetry;
import io.emporium.product.category.Category;
import io.emporium.product.category.CategoryCount;
import io.emporium.product.change.AuditAction;
import io.emporium.product.change.AuditQuery;
import io.emporium.product.change.AuditRecord;
import io.emporium.product.change.Change;
import io.emporium.product.change.Recorder;
import io.emporium.product.change.StockMove;
import io.emporium.product.query.Found;
import io.emporium.product.query.Hit;
import io.emporium.product.query.ProductQuery;
import io.emporium.product.search.SearchTerms;
import io.emporium.product.search.SearchText;
import io.emporium.product.stock.Reservation;
import io.emporium.product.stock.ReservationItem;
import io.emporium.product.stock.ReservationRequest;
import io.emporium.product.stock.ReservationStatus;
import io.emporium.product.write.PlannedWrite;
import io.emporium.product.write.WriteOp;
import io.emporium.product.write.WriteOutcome;
import io.emporium.product.write.WritePlanner;
import io.emporium.product.write.WritePlanner.FieldNames;
import io.emporium.product.write.WriteRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The catalogue in PostgreSQL (schema {@code product}). Every value is bound, never concatenated.
 * Each change runs in one transaction with its outbox events and audit entry. Stock moves are single
 * conditional updates ({@code ... WHERE stock >= wanted}), so concurrent takers, from any number of
 * instances and JVMs, can never take more than there is.
 */
public final class PgProductRepository implements ProductRepository {
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");
  private static final String FOREIGN_KEY_VIOLATION = "23503";

  private final Vertx vertx;
  private final Pool pool;
  private final long timeoutMs;
  private final PgOutboxStore outbox;
  private Future<String> trigramSchema;

  public PgProductRepository(Vertx vertx, Pool pool, long timeoutMs) {
    this.vertx = vertx;
    this.pool = pool;
    this.timeoutMs = timeoutMs;
    this.outbox = new PgOutboxStore(vertx, pool, "product.outbox", timeoutMs);
  }

  @Override
  public Future<Optional<Product>> findById(UUID id) {
    return run("product.findById", pool.preparedQuery("SELECT " + PgRows.PRODUCT_COLUMNS
        + " FROM product.products WHERE id = $1").execute(Tuple.of(id)))
        .map(rows -> first(rows).map(PgRows::product));
  }

  // ---- writes -----------------------------------------------------------------------------------

  @Override
  public Future<WriteOutcome> write(WriteRequest request, Instant now, Recorder recorder) {
    Instant at = micros(now);
    boolean atomic = request.atomic();
    return transaction("product.write", tx -> loadWorld(tx, request.ops()).compose(world -> {
      List<PlannedWrite> plan = WritePlanner.plan(request, world, at, UUID::randomUUID);
      if (atomic && !plan.stream().allMatch(PlannedWrite::ok)) {
        return Future.succeededFuture(new WriteOutcome(plan, false));
      }
      return apply(tx, plan, request.fields()).compose(applied -> {
        if (atomic && !applied.stream().allMatch(PlannedWrite::ok)) {
          // A create lost a race for its sku after planning: undo everything.
          return Future.failedFuture(new RolledBack(new WriteOutcome(applied, false)));
        }
        List<Change> changes = new ArrayList<>();
        for (PlannedWrite item : applied) {
          if (item.isCreate()) {
            changes.add(Change.created(item.after().orElseThrow()));
          } else if (item.isUpdate()) {
            changes.add(Change.updated(item.before().orElseThrow(), item.after().orElseThrow()));
          } else if (item.isDelete()) {
            changes.add(Change.deleted(item.before().orElseThrow()));
          }
        }
        return record(tx, changes, recorder, at).map(v -> new WriteOutcome(applied, true));
      });
    })).recover(e -> e instanceof RolledBack rolledBack ? Future.succeededFuture(rolledBack.outcome)
        : Future.failedFuture(e));
  }

  /** Locks the products the writes touch (in id order), and reads the skus and categories they need. */
  private Future<WritePlanner.World> loadWorld(SqlConnection tx, List<WriteOp> ops) {
    UUID[] ids = WritePlanner.targetIds(ops).stream().sorted(PgProductRepository::compareIds).toArray(UUID[]::new);
    String[] skus = WritePlanner.skuKeys(ops).toArray(String[]::new);
    String[] slugs = WritePlanner.categories(ops).toArray(String[]::new);
    Future<Map<UUID, Product>> locked = ids.length == 0 ? Future.succeededFuture(Map.of())
        : tx.preparedQuery("SELECT " + PgRows.PRODUCT_COLUMNS + " FROM product.products WHERE id = ANY($1::uuid[])"
            + " ORDER BY id FOR UPDATE").execute(Tuple.of(ids)).map(rows -> {
              Map<UUID, Product> found = new HashMap<>();
              rows.forEach(r -> found.put(r.getUUID("id"), PgRows.product(r)));
              return found;
            });
    return locked.compose(products -> {
      Future<Map<String, UUID>> owners = skus.length == 0 ? Future.succeededFuture(Map.of())
          : tx.preparedQuery("SELECT id, lower(sku) AS k FROM product.products WHERE lower(sku) = ANY($1::text[])")
              .execute(Tuple.of(skus)).map(rows -> {
                Map<String, UUID> found = new HashMap<>();
                rows.forEach(r -> found.put(r.getString("k"), r.getUUID("id")));
                return found;
              });
      Future<Set<String>> categories = slugs.length == 0 ? Future.succeededFuture(Set.of())
          // FOR SHARE: a category cannot be deleted while a product is being filed under it.
          : tx.preparedQuery("SELECT slug FROM product.categories WHERE slug = ANY($1::text[]) FOR SHARE")
              .execute(Tuple.of(slugs)).map(rows -> {
                Set<String> found = new HashSet<>();
                rows.forEach(r -> found.add(r.getString("slug")));
                return found;
              });
      return Future.all(owners, categories).map(all -> new WritePlanner.World() {
        @Override
        public Optional<Product> product(UUID id) {
          return Optional.ofNullable(products.get(id));
        }

        @Override
        public Optional<UUID> skuOwner(String skuKey) {
          return Optional.ofNullable(owners.result().get(skuKey));
        }

        @Override
        public boolean categoryExists(String slug) {
          return categories.result().contains(slug);
        }
      });
    });
  }

  /** Deletes, then updates, then inserts (each batched); creates that lost their sku to a racer fail. */
  private Future<List<PlannedWrite>> apply(SqlConnection tx, List<PlannedWrite> plan, FieldNames fields) {
    UUID[] deletes = plan.stream().filter(PlannedWrite::isDelete).map(p -> p.before().orElseThrow().id())
        .toArray(UUID[]::new);
    List<Tuple> updates = plan.stream().filter(PlannedWrite::isUpdate)
        .map(p -> PgRows.writeTuple(p.after().orElseThrow())).toList();
    List<PlannedWrite> creates = plan.stream().filter(PlannedWrite::isCreate).toList();
    Future<Void> deleted = rememberWords(tx, plan).compose(v -> deletes.length == 0 ? Future.succeededFuture()
        : tx.preparedQuery("DELETE FROM product.products WHERE id = ANY($1::uuid[])").execute(Tuple.of(deletes))
            .mapEmpty());
    return deleted.compose(v -> updates.isEmpty() ? Future.succeededFuture()
            : tx.preparedQuery("UPDATE product.products SET sku = $2, name = $3, description = $4, price = $5,"
                + " currency = $6, category = $7, tags = $8, attributes = $9, featured = $10, stock = $11,"
                + " status = $12, version = $13, created_at = $14, updated_at = $15, search_name = $16,"
                + " search_tags = $17, search_description = $18 WHERE id = $1").executeBatch(updates).mapEmpty())
        .compose(v -> insert(tx, creates))
        .map(inserted -> {
          if (inserted.size() == creates.size()) {
            return plan;
          }
          List<PlannedWrite> result = new ArrayList<>();
          for (PlannedWrite p : plan) {
            boolean lost = p.isCreate() && !inserted.contains(p.after().orElseThrow().id());
            result.add(lost ? p.failedWith(WritePlanner.skuTaken(fields.of(p.index(), "sku"))) : p);
          }
          return result;
        });
  }

  /**
   * Adds the search words of every product the plan creates or changes, in one statement and in word
   * order, before any row is written. The triggers of V2/V3 add them again per statement, which on its
   * own takes a bulk's words in product order: two bulks adding the same new words in different orders
   * deadlocked. Taken here first, all in word order, every writer takes them in the same order. The
   * words are those of the generated {@code search_vector} (V2): 'simple' lexemes of the three texts.
   */
  private static Future<Void> rememberWords(SqlConnection tx, List<PlannedWrite> plan) {
    List<Product> written = plan.stream().filter(p -> p.isCreate() || p.isUpdate())
        .map(p -> p.after().orElseThrow()).toList();
    if (written.size() < 2) {
      return Future.succeededFuture();  // one statement: the trigger already takes its words in order
    }
    String[] names = written.stream().map(p -> SearchText.joined(p.name())).toArray(String[]::new);
    String[] tags = written.stream().map(p -> SearchText.joined(p.tags())).toArray(String[]::new);
    String[] descriptions = written.stream().map(p -> SearchText.joined(p.description())).toArray(String[]::new);
    String sql = "INSERT INTO product.search_words (word)"
        + " SELECT DISTINCT w FROM unnest($1::text[], $2::text[], $3::text[]) AS t(n, tg, d),"
        + " unnest(tsvector_to_array(to_tsvector('simple'::regconfig, n) || to_tsvector('simple'::regconfig, tg)"
        + " || to_tsvector('simple'::regconfig, d))) AS w"
        + " WHERE w ~ '^[a-z0-9]{1,64}$' ORDER BY w ON CONFLICT DO NOTHING";
    return tx.preparedQuery(sql).execute(Tuple.of(names, tags, descriptions)).mapEmpty();
  }

  private static Future<Set<UUID>> insert(SqlConnection tx, List<PlannedWrite> creates) {
    if (creates.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    List<Tuple> rows = creates.stream().map(p -> PgRows.writeTuple(p.after().orElseThrow())).toList();
    String sql = "INSERT INTO product.products (" + PgRows.WRITE_COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8,"
        + " $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) ON CONFLICT DO NOTHING RETURNING id";
    return tx.preparedQuery(sql).executeBatch(rows).map(first -> {
      Set<UUID> inserted = new HashSet<>();
      for (RowSet<Row> rs = first; rs != null; rs = rs.next()) {
        rs.forEach(r -> inserted.add(r.getUUID("id")));
      }
      return inserted;
    });
  }

  @Override
  public Future<Product> adjustStock(UUID id, int delta, Instant now, Recorder recorder) {
    Instant at = micros(now);
    String sql = "UPDATE product.products SET stock = stock + $2, version = version + 1, updated_at = $3"
        + " WHERE id = $1 AND stock::bigint + $2 BETWEEN 0 AND 2147483647 RETURNING " + PgRows.PRODUCT_COLUMNS;
    return transaction("product.adjustStock", tx -> tx.preparedQuery(sql)
        .execute(Tuple.of(id, delta, PgRows.utc(at)))
        .compose(rows -> {
          Optional<Product> after = first(rows).map(PgRows::product);
          if (after.isEmpty()) {
            return whyNoStockChange(tx, id, delta);
          }
          return record(tx, List.of(Change.stockAdjusted(after.get(), delta)), recorder, at).map(after.get());
        }));
  }

  /** The conditional update changed nothing: the product is unknown, or the stock would leave its range. */
  private static Future<Product> whyNoStockChange(SqlConnection tx, UUID id, int delta) {
    return tx.preparedQuery("SELECT stock FROM product.products WHERE id = $1").execute(Tuple.of(id)).compose(rows -> {
      Optional<Integer> stock = first(rows).map(r -> r.getInteger("stock"));
      if (stock.isEmpty()) {
        return Future.failedFuture(ServiceError.notFound("no product with id " + id).toException());
      }
      if ((long) stock.get() + delta < 0) {
        return Future.failedFuture(new ServiceError(ErrorCode.CONFLICT, "not enough stock: " + stock.get() + " left",
            "delta").toException());
      }
      return Future.failedFuture(ServiceError.invalid("delta", "stock would exceed " + Integer.MAX_VALUE)
          .toException());
    });
  }

  @Override
  public Future<Reservation> reserve(ReservationRequest request, Instant now, Recorder recorder) {
    Instant at = micros(now);
    Reservation held = new Reservation(request.id(), ReservationStatus.HELD, request.items(),
        micros(request.expiresAt()), at, at);
    String insert = "INSERT INTO product.reservations (" + PgRows.RESERVATION_COLUMNS + ") VALUES ($1, 'HELD', $2, $3,"
        + " $4, $4) ON CONFLICT (id) DO NOTHING RETURNING id";
    return transaction("product.reserve", tx -> tx.preparedQuery(insert)
        .execute(Tuple.of(held.id(), Reservation.itemsJson(held.items()), PgRows.utc(held.expiresAt()), PgRows.utc(at)))
        .compose(rows -> {
          if (rows.size() == 0) {
            // Asked before (or at the same time: the insert waited for that transaction to end).
            return findReservation(tx, request.id()).compose(existing -> sameReservation(existing.orElseThrow(),
                request));
          }
          return take(tx, request.items(), at).compose(moves -> record(tx,
              List.of(Change.reservation(AuditAction.STOCK_RESERVE, Optional.empty(), held, moves)), recorder, at)
              .map(held));
        }));
  }

  /**
   * Takes every item's stock with one conditional update, or fails (and the transaction rolls back).
   * Several products are locked in id order first, so two reservations never wait for each other.
   */
  private static Future<List<StockMove>> take(SqlConnection tx, List<ReservationItem> items, Instant at) {
    UUID[] ids = items.stream().map(ReservationItem::productId).toArray(UUID[]::new);
    Integer[] quantities = items.stream().map(ReservationItem::quantity).toArray(Integer[]::new);
    Future<Void> locked = items.size() == 1 ? Future.succeededFuture()
        : tx.preparedQuery("SELECT id FROM product.products WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE")
            .execute(Tuple.of(ids)).mapEmpty();
    String sql = "UPDATE product.products p SET stock = p.stock - i.q, version = p.version + 1, updated_at = $3"
        + " FROM unnest($1::uuid[], $2::int[]) AS i(id, q) WHERE p.id = i.id AND p.stock >= i.q RETURNING "
        + PgRows.productColumns("p");
    return locked.compose(v -> tx.preparedQuery(sql).execute(Tuple.of(ids, quantities, PgRows.utc(at))))
        .compose(rows -> {
          Map<UUID, Product> taken = new HashMap<>();
          rows.forEach(r -> taken.put(r.getUUID("id"), PgRows.product(r)));
          if (taken.size() == items.size()) {
            return Future.succeededFuture(items.stream()
                .map(i -> new StockMove(taken.get(i.productId()), -i.quantity())).toList());
          }
          return whyNotTaken(tx, items, taken.keySet());
        });
  }

  private static Future<List<StockMove>> whyNotTaken(SqlConnection tx, List<ReservationItem> items, Set<UUID> taken) {
    UUID[] missing = items.stream().map(ReservationItem::productId).filter(id -> !taken.contains(id))
        .toArray(UUID[]::new);
    return tx.preparedQuery("SELECT id, stock FROM product.products WHERE id = ANY($1::uuid[])")
        .execute(Tuple.of((Object) missing)).compose(rows -> {
          Map<UUID, Integer> stock = new HashMap<>();
          rows.forEach(r -> stock.put(r.getUUID("id"), r.getInteger("stock")));
          for (int i = 0; i < items.size(); i++) {
            UUID id = items.get(i).productId();
            if (taken.contains(id)) {
              continue;
            }
            if (!stock.containsKey(id)) {
              return Future.failedFuture(new ServiceError(ErrorCode.NOT_FOUND, "no product with id " + id,
                  "items[" + i + "].productId").toException());
            }
            return Future.failedFuture(new ServiceError(ErrorCode.CONFLICT, "not enough stock: " + stock.get(id)
                + " left", "items[" + i + "].quantity").toException());
          }
          return Future.failedFuture(new IllegalStateException("reservation items not taken, yet all were found"));
        });
  }

  private static Future<Reservation> sameReservation(Reservation existing, ReservationRequest request) {
    if (!request.sameItemsAs(existing.items())) {
      return Future.failedFuture(new ServiceError(ErrorCode.CONFLICT,
          "this reservation id was used for other items", "reservationId").toException());
    }
    return Future.succeededFuture(existing);
  }

  @Override
  public Future<Reservation> confirm(UUID reservationId, Instant now, Recorder recorder) {
    Instant at = micros(now);
    return transaction("product.confirm", tx -> lockReservation(tx, reservationId).compose(current -> {
      switch (current.status()) {
        case CONFIRMED:
          return Future.succeededFuture(current);
        case HELD:
          if (!current.expiresAt().isAfter(at)) {
            return Future.failedFuture(InMemoryProductRepository.cannot("the reservation has expired"));
          }
          Reservation confirmed = current.withStatus(ReservationStatus.CONFIRMED, at);
          return setStatus(tx, confirmed).compose(v -> record(tx, List.of(Change.reservation(
              AuditAction.STOCK_CONFIRM, Optional.of(current), confirmed, List.of())), recorder, at)).map(confirmed);
        default:
          return Future.failedFuture(InMemoryProductRepository.cannot("the reservation was "
              + current.status().wireName()));
      }
    }));
  }

  @Override
  public Future<Reservation> release(UUID reservationId, Instant now, Recorder recorder) {
    Instant at = micros(now);
    return transaction("product.release", tx -> lockReservation(tx, reservationId).compose(current -> {
      switch (current.status()) {
        case RELEASED:
        case EXPIRED:
          return Future.succeededFuture(current);
        case CONFIRMED:
          return Future.failedFuture(InMemoryProductRepository.cannot(
              "the reservation was confirmed: its stock is sold"));
        case RETURNED:
          return Future.failedFuture(InMemoryProductRepository.cannot(
              "the reservation was returned: its stock is back"));
        default:
          Reservation released = current.withStatus(ReservationStatus.RELEASED, at);
          return setStatus(tx, released).compose(v -> giveBack(tx, current.items(), at))
              .compose(moves -> record(tx, List.of(Change.reservation(AuditAction.STOCK_RELEASE, Optional.of(current),
                  released, moves)), recorder, at))
              .map(released);
      }
    }));
  }

  @Override
  public Future<Reservation> returnSold(UUID reservationId, Instant now, Recorder recorder) {
    Instant at = micros(now);
    return transaction("product.returnSold", tx -> lockReservation(tx, reservationId).compose(current -> {
      switch (current.status()) {
        case RETURNED:
          return Future.succeededFuture(current);
        case CONFIRMED:
          Reservation returned = current.withStatus(ReservationStatus.RETURNED, at);
          return setStatus(tx, returned).compose(v -> giveBack(tx, current.items(), at))
              .compose(moves -> record(tx, List.of(Change.reservation(AuditAction.STOCK_RETURN, Optional.of(current),
                  returned, moves)), recorder, at))
              .map(returned);
        default:
          return Future.failedFuture(InMemoryProductRepository.notSold(current));
      }
    }));
  }

  @Override
  public Future<Integer> expireReservations(Instant now, int limit, Recorder recorder) {
    Instant at = micros(now);
    // SKIP LOCKED: sweepers of several JVMs share the work instead of waiting for each other.
    String due = "SELECT " + PgRows.RESERVATION_COLUMNS + " FROM product.reservations WHERE status = 'HELD'"
        + " AND expires_at <= $1 ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED";
    return transaction("product.expireReservations", tx -> tx.preparedQuery(due)
        .execute(Tuple.of(PgRows.utc(at), limit)).compose(rows -> {
          List<Reservation> expiring = new ArrayList<>();
          rows.forEach(r -> expiring.add(PgRows.reservation(r)));
          Future<List<Change>> changes = Future.succeededFuture(new ArrayList<>());
          for (Reservation r : expiring) {
            Reservation expired = r.withStatus(ReservationStatus.EXPIRED, at);
            changes = changes.compose(list -> setStatus(tx, expired).compose(v -> giveBack(tx, r.items(), at))
                .map(moves -> {
                  list.add(Change.reservation(AuditAction.STOCK_EXPIRE, Optional.of(r), expired, moves));
                  return list;
                }));
          }
          return changes.compose(list -> record(tx, list, recorder, at)).map(v -> expiring.size());
        }));
  }

  @Override
  public Future<Integer> purgeFinishedReservations(Instant finishedBefore, int limit) {
    String sql = "DELETE FROM product.reservations WHERE id IN (SELECT id FROM product.reservations"
        + " WHERE status <> 'HELD' AND updated_at < $1 ORDER BY updated_at LIMIT $2 FOR UPDATE SKIP LOCKED)";
    return run("product.purgeFinishedReservations", pool.preparedQuery(sql)
        .execute(Tuple.of(PgRows.utc(finishedBefore), limit))).map(RowSet::rowCount);
  }

  @Override
  public Future<Integer> purgeAuditLog(Instant writtenBefore, int limit) {
    String sql = "DELETE FROM product.audit_log WHERE id IN (SELECT id FROM product.audit_log"
        + " WHERE at < $1 ORDER BY at LIMIT $2 FOR UPDATE SKIP LOCKED)";
    return run("product.purgeAuditLog", pool.preparedQuery(sql)
        .execute(Tuple.of(PgRows.utc(writtenBefore), limit))).map(RowSet::rowCount);
  }

  @Override
  public Future<Optional<Reservation>> findReservation(UUID reservationId) {
    return run("product.findReservation", pool.preparedQuery("SELECT " + PgRows.RESERVATION_COLUMNS
        + " FROM product.reservations WHERE id = $1").execute(Tuple.of(reservationId)))
        .map(rows -> first(rows).map(PgRows::reservation));
  }

  private static Future<Optional<Reservation>> findReservation(SqlClient client, UUID id) {
    return client.preparedQuery("SELECT " + PgRows.RESERVATION_COLUMNS + " FROM product.reservations WHERE id = $1")
        .execute(Tuple.of(id)).map(rows -> first(rows).map(PgRows::reservation));
  }

  private static Future<Reservation> lockReservation(SqlConnection tx, UUID id) {
    return tx.preparedQuery("SELECT " + PgRows.RESERVATION_COLUMNS + " FROM product.reservations WHERE id = $1"
        + " FOR UPDATE").execute(Tuple.of(id)).compose(rows -> first(rows).map(PgRows::reservation)
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(InMemoryProductRepository.noReservation(id))));
  }

  private static Future<Void> setStatus(SqlConnection tx, Reservation r) {
    return tx.preparedQuery("UPDATE product.reservations SET status = $2, updated_at = $3 WHERE id = $1")
        .execute(Tuple.of(r.id(), r.status().name(), PgRows.utc(r.updatedAt()))).mapEmpty();
  }

  /** Returns reserved stock to the products that still exist, in one statement. */
  private static Future<List<StockMove>> giveBack(SqlConnection tx, List<ReservationItem> items, Instant at) {
    UUID[] ids = items.stream().map(ReservationItem::productId).toArray(UUID[]::new);
    Integer[] quantities = items.stream().map(ReservationItem::quantity).toArray(Integer[]::new);
    String sql = "UPDATE product.products p SET stock = p.stock + i.q, version = p.version + 1, updated_at = $3"
        + " FROM unnest($1::uuid[], $2::int[]) AS i(id, q) WHERE p.id = i.id RETURNING " + PgRows.productColumns("p");
    return tx.preparedQuery(sql).execute(Tuple.of(ids, quantities, PgRows.utc(at))).map(rows -> {
      Map<UUID, Product> back = new HashMap<>();
      rows.forEach(r -> back.put(r.getUUID("id"), PgRows.product(r)));
      return items.stream().filter(i -> back.containsKey(i.productId()))
          .map(i -> new StockMove(back.get(i.productId()), i.quantity())).toList();
    });
  }

  // ---- categories ------------------------------------------------------------------------------

  @Override
  public Future<List<CategoryCount>> categories() {
    String sql = "SELECT c.slug, c.name, c.parent, (SELECT count(*) FROM product.products p WHERE p.category = c.slug"
        + " AND p.status = 'ACTIVE') AS n FROM product.categories c";
    return run("product.categories", pool.query(sql).execute()).map(rows -> {
      List<CategoryCount> list = new ArrayList<>();
      rows.forEach(r -> list.add(new CategoryCount(category(r), r.getLong("n"))));
      return list;
    });
  }

  @Override
  public Future<Category> createCategory(Category category, Recorder recorder) {
    Instant at = micros(Instant.now());
    return transaction("product.createCategory", tx -> tx.preparedQuery("INSERT INTO product.categories (slug, name,"
            + " parent, created_at) VALUES ($1, $2, $3, $4)")
        .execute(Tuple.of(category.slug(), category.name(), category.parent().orElse(null), PgRows.utc(at)))
        .recover(e -> {
          if (e instanceof PgException pg && FOREIGN_KEY_VIOLATION.equals(pg.getSqlState())) {
            return Future.failedFuture(ServiceError.invalid("parent", "unknown category '"
                + category.parent().orElse("") + "'").toException());
          }
          return PgFailures.translate(e, "product.createCategory", "slug");
        })
        .compose(v -> record(tx, List.of(Change.categoryCreated(category)), recorder, at)).map(category));
  }

  @Override
  public Future<Void> deleteCategory(String slug, Recorder recorder) {
    Instant at = micros(Instant.now());
    return transaction("product.deleteCategory", tx -> tx.preparedQuery("SELECT slug, name, parent FROM"
        + " product.categories WHERE slug = $1 FOR UPDATE").execute(Tuple.of(slug)).compose(rows -> {
          Optional<Category> found = first(rows).map(PgProductRepository::category);
          if (found.isEmpty()) {
            return Future.failedFuture(ServiceError.notFound("no category '" + slug + "'").toException());
          }
          // A separate statement after the lock: it sees products filed by transactions that held it.
          String uses = "SELECT EXISTS (SELECT 1 FROM product.categories WHERE parent = $1) AS children,"
              + " EXISTS (SELECT 1 FROM product.products WHERE category = $1) AS products";
          return tx.preparedQuery(uses).execute(Tuple.of(slug)).compose(use -> {
            Row row = use.iterator().next();
            if (row.getBoolean("children")) {
              return Future.failedFuture(InMemoryProductRepository.cannot("the category has subcategories"));
            }
            if (row.getBoolean("products")) {
              return Future.failedFuture(InMemoryProductRepository.cannot("products are filed under the category"));
            }
            return tx.preparedQuery("DELETE FROM product.categories WHERE slug = $1").execute(Tuple.of(slug))
                .compose(v -> record(tx, List.of(Change.categoryDeleted(found.get())), recorder, at));
          });
        }));
  }

  private static Category category(Row row) {
    return new Category(row.getString("slug"), row.getString("name"), Optional.ofNullable(row.getString("parent")));
  }

  // ---- reads -----------------------------------------------------------------------------------

  @Override
  public Future<Found> find(ProductQuery query) {
    Future<Optional<List<String>>> subtree = query.filter().category().map(this::subtree)
        .orElseGet(() -> Future.succeededFuture(Optional.empty()));
    Future<Map<String, Set<String>>> similar = query.terms().map(this::similarWords)
        .orElseGet(() -> Future.succeededFuture(Map.of()));
    return Future.all(subtree, similar).compose(ready -> {
      PgProductSearch.Statement page = PgProductSearch.page(query, subtree.result(), similar.result());
      Future<RowSet<Row>> rows = run("product.find", pool.preparedQuery(page.sql()).execute(page.params()));
      Future<OptionalLong> total = Future.succeededFuture(OptionalLong.empty());
      if (!query.paging().cursorMode()) {
        PgProductSearch.Statement count = PgProductSearch.count(query, subtree.result(), similar.result());
        total = run("product.count", pool.preparedQuery(count.sql()).execute(count.params()))
            .map(r -> OptionalLong.of(r.iterator().next().getLong("n")));
      }
      Future<OptionalLong> counted = total;
      return Future.all(rows, counted).map(all -> {
        List<Hit> hits = new ArrayList<>();
        rows.result().forEach(r -> hits.add(new Hit(PgRows.product(r), r.getInteger("rank"))));
        int size = query.paging().size();
        boolean more = hits.size() > size;
        return new Found(more ? hits.subList(0, size) : hits, more, counted.result());
      });
    });
  }

  /** The category and all below it; VALIDATION on {@code category} when it does not exist. */
  private Future<Optional<List<String>>> subtree(String slug) {
    String sql = "WITH RECURSIVE sub(slug) AS (SELECT slug FROM product.categories WHERE slug = $1"
        + " UNION SELECT c.slug FROM product.categories c JOIN sub ON c.parent = sub.slug) SELECT slug FROM sub";
    return run("product.subtree", pool.preparedQuery(sql).execute(Tuple.of(slug))).compose(rows -> {
      List<String> slugs = new ArrayList<>();
      rows.forEach(r -> slugs.add(r.getString("slug")));
      if (slugs.isEmpty()) {
        return Future.failedFuture(ServiceError.invalid("category", "unknown category '" + slug + "'").toException());
      }
      return Future.succeededFuture(Optional.of(slugs));
    });
  }

  /** Per fuzzy query word, the known words at least {@link SearchTerms#FUZZY_THRESHOLD} similar (pg_trgm). */
  private Future<Map<String, Set<String>>> similarWords(SearchTerms terms) {
    List<String> fuzzy = terms.fuzzyTokens();
    if (fuzzy.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return trigramSchema().compose(schema -> {
      String sql = "SELECT t.token, w.word FROM unnest($1::text[]) AS t(token) JOIN product.search_words w"
          + " ON w.word OPERATOR(" + schema + ".%) t.token AND " + schema + ".similarity(w.word, t.token) >= $2::real"
          + " ORDER BY w.word";
      return run("product.similarWords", pool.preparedQuery(sql)
          .execute(Tuple.of(fuzzy.toArray(String[]::new), SearchTerms.FUZZY_THRESHOLD)));
    }).map(rows -> {
      Map<String, Set<String>> similar = new LinkedHashMap<>();
      rows.forEach(r -> similar.computeIfAbsent(r.getString("token"), k -> new LinkedHashSet<>())
          .add(r.getString("word")));
      return similar;
    });
  }

  /** Where pg_trgm was installed (the migration installs it in {@code product} when it was absent). */
  private synchronized Future<String> trigramSchema() {
    if (trigramSchema == null || trigramSchema.failed()) {
      String sql = "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
          + " WHERE e.extname = 'pg_trgm'";
      trigramSchema = run("product.trigramSchema", pool.query(sql).execute()).compose(rows -> {
        Optional<String> name = first(rows).map(r -> r.getString("nspname"));
        if (name.isEmpty()) {
          return Future.failedFuture(ServiceError.of(ErrorCode.UNAVAILABLE, "pg_trgm is not installed").toException());
        }
        return Future.succeededFuture(IDENTIFIER.matcher(name.get()).matches() ? name.get()
            : "\"" + name.get().replace("\"", "\"\"") + "\"");
      });
    }
    return trigramSchema;
  }

  @Override
  public Future<Page<AuditRecord>> audit(AuditQuery query) {
    List<String> conditions = new ArrayList<>();
    Tuple params = Tuple.tuple();
    Function<Object, String> bind = value -> {
      params.addValue(value);
      return "$" + params.size();
    };
    query.actor().ifPresent(a -> conditions.add("actor_id = " + bind.apply(a) + "::uuid"));
    query.action().ifPresent(a -> conditions.add("action = " + bind.apply(a.name())));
    query.target().ifPresent(t -> conditions.add("target_id = " + bind.apply(t)));
    query.entity().ifPresent(e -> conditions.add("action = ANY(" + bind.apply(Arrays.stream(AuditAction.values())
        .filter(a -> a.entity().equals(e)).map(Enum::name).toArray(String[]::new)) + "::text[])"));
    query.from().ifPresent(f -> conditions.add("at >= " + bind.apply(PgRows.utc(f)) + "::timestamptz"));
    query.to().ifPresent(t -> conditions.add("at < " + bind.apply(PgRows.utc(t)) + "::timestamptz"));
    String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    Tuple countParams = Tuple.wrap(tupleValues(params));
    String pageSql = "SELECT " + PgRows.AUDIT_COLUMNS + " FROM product.audit_log" + where + " ORDER BY id DESC LIMIT "
        + bind.apply((long) query.size()) + " OFFSET " + bind.apply(query.offset());
    Future<RowSet<Row>> page = run("product.audit", pool.preparedQuery(pageSql).execute(params));
    Future<RowSet<Row>> count = run("product.auditCount", pool.preparedQuery("SELECT count(*) AS n FROM"
        + " product.audit_log" + where).execute(countParams));
    return Future.all(page, count).map(all -> {
      List<AuditRecord> items = new ArrayList<>();
      page.result().forEach(r -> items.add(PgRows.audit(r)));
      return new Page<>(items, query.page(), query.size(), count.result().iterator().next().getLong("n"));
    });
  }

  private static List<Object> tupleValues(Tuple tuple) {
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < tuple.size(); i++) {
      values.add(tuple.getValue(i));
    }
    return values;
  }

  @Override
  public OutboxStore outbox() {
    return outbox;
  }

  @Override
  public Future<Long> count() {
    return run("product.countAll", pool.query("SELECT count(*) AS n FROM product.products").execute())
        .map(rows -> rows.iterator().next().getLong("n"));
  }

  @Override
  public Future<Long> countLowStock(int threshold) {
    return run("product.countLowStock", pool.preparedQuery(
            "SELECT count(*) AS n FROM product.products WHERE status = 'ACTIVE' AND stock <= $1")
        .execute(Tuple.of(threshold)))
        .map(rows -> rows.iterator().next().getLong("n"));
  }

  @Override
  public Future<Void> ping() {
    return run("product.ping", pool.query("SELECT 1").execute()).mapEmpty();
  }

  @Override
  public String kind() {
    return "postgres";
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** Writes the events and audit entries of the changes with the transaction's connection. */
  private Future<Void> record(SqlConnection tx, List<Change> changes, Recorder recorder, Instant at) {
    List<OutboxEvent> events = new ArrayList<>();
    List<Tuple> audit = new ArrayList<>();
    for (Change change : changes) {
      events.addAll(recorder.events(change));
      recorder.audit(change).ifPresent(entry -> audit.add(PgRows.auditTuple(entry, at)));
    }
    Future<Void> written = outbox.append(tx, events);
    if (audit.isEmpty()) {
      return written;
    }
    return written.compose(v -> tx.preparedQuery("INSERT INTO product.audit_log (at, actor_id, action, target_id,"
        + " client_ip, user_agent, request_id, before, after, details) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
        .executeBatch(audit).mapEmpty());
  }

  private <T> Future<T> transaction(String operation, Function<SqlConnection, Future<T>> work) {
    return Deadlines.within(vertx, TransactionRetry.onConflict(vertx, operation, () -> pool.withTransaction(work::apply)),
            timeoutMs * 2, operation)
        .recover(e -> e instanceof RolledBack ? Future.failedFuture(e) : PgFailures.translate(e, operation, "sku"));
  }

  private Future<RowSet<Row>> run(String operation, Future<RowSet<Row>> query) {
    return Deadlines.within(vertx, query, timeoutMs, operation)
        .recover(e -> PgFailures.translate(e, operation, "sku"));
  }

  private static Optional<Row> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next());
  }

  private static Instant micros(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS);
  }

  private static int compareIds(UUID a, UUID b) {
    return a.toString().compareTo(b.toString());
  }

  /** An atomic write undone after the fact; carries what to answer. */
  private static final class RolledBack extends RuntimeException {
    private final transient WriteOutcome outcome;

    RolledBack(WriteOutcome outcome) {
      super("atomic write rolled back", null, false, false);
      this.outcome = outcome;
    }
  }
}
