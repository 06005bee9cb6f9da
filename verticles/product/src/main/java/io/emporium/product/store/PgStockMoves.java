package io.emporium.product.store;

import io.emporium.product.domain.Product;
import io.emporium.product.domain.ReservationItem;
import io.emporium.product.domain.StockMove;
import io.emporium.product.domain.StockRules;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The stock updates of {@code product.products}, each one conditional statement inside the caller's
 * transaction ({@code ... WHERE stock >= wanted}), so concurrent takers, from any number of instances
 * and JVMs, can never take more than there is. When nothing changed, they ask why.
 */
final class PgStockMoves {
  private PgStockMoves() {}

  /** Adds {@code delta} within 0..Integer.MAX_VALUE; empty when the update changed nothing. */
  static Future<Optional<Product>> adjust(SqlConnection tx, UUID id, int delta, Instant at) {
    String sql = "UPDATE product.products SET stock = stock + $2, version = version + 1, updated_at = $3"
        + " WHERE id = $1 AND stock::bigint + $2 BETWEEN 0 AND 2147483647 RETURNING " + PgRows.PRODUCT_COLUMNS;
    return tx.preparedQuery(sql).execute(Tuple.of(id, delta, PgRows.utc(at)))
        .map(rows -> PgStore.first(rows).map(PgRows::product));
  }

  /** The conditional update changed nothing: the product is unknown, or the stock would leave its range. */
  static <T> Future<T> whyNoStockChange(SqlConnection tx, UUID id, int delta) {
    return tx.preparedQuery("SELECT stock FROM product.products WHERE id = $1").execute(Tuple.of(id)).compose(rows -> {
      Optional<Integer> stock = PgStore.first(rows).map(r -> r.getInteger("stock"));
      // No refusal left means the stock moved since the update: still answered as out of range.
      return Future.failedFuture(StockRules.adjustRefusal(id, stock, delta).orElseGet(StockRules::beyondMaximum)
          .toException());
    });
  }

  /**
   * Takes every item's stock with one conditional update, or fails (and the transaction rolls back).
   * Several products are locked in id order first, so two reservations never wait for each other.
   */
  static Future<List<StockMove>> take(SqlConnection tx, List<ReservationItem> items, Instant at) {
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

  /** The first item not taken: NOT_FOUND when its product is gone, CONFLICT when it has too little. */
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
              return Future.failedFuture(StockRules.unknownItem(i, id).toException());
            }
            return Future.failedFuture(StockRules.itemShort(i, stock.get(id)).toException());
          }
          return Future.failedFuture(new IllegalStateException("reservation items not taken, yet all were found"));
        });
  }

  /** Returns reserved stock to the products that still exist, in one statement. */
  static Future<List<StockMove>> giveBack(SqlConnection tx, List<ReservationItem> items, Instant at) {
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
}
