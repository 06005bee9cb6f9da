package io.emporium.product.domain;

import io.emporium.product.audit.AuditAction;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * One change a store made, as the store saw it inside its transaction: what it was, the audited states
 * before and after (null when there is none), the product as it was and is, and the stock it moved. A
 * {@code Recorder} (the store's) turns it into the events and the audit entry that are written with it.
 */
public record Change(AuditAction action, String targetId, JsonObject before, JsonObject after,
    Optional<Product> previous, Optional<Product> current, List<StockMove> stockMoves, String reason,
    Optional<Reservation> reservation, Optional<Category> category) {

  public Change {
    stockMoves = List.copyOf(stockMoves);
  }

  public static Change created(Product after) {
    return new Change(AuditAction.PRODUCT_CREATE, after.id().toString(), null, after.toJson(), Optional.empty(),
        Optional.of(after), List.of(), "create", Optional.empty(), Optional.empty());
  }

  public static Change updated(Product before, Product after) {
    List<StockMove> moves = before.stock() == after.stock() ? List.of()
        : List.of(new StockMove(after, after.stock() - before.stock()));
    return new Change(AuditAction.PRODUCT_UPDATE, after.id().toString(), before.toJson(), after.toJson(),
        Optional.of(before), Optional.of(after), moves, "update", Optional.empty(), Optional.empty());
  }

  public static Change deleted(Product before) {
    return new Change(AuditAction.PRODUCT_DELETE, before.id().toString(), before.toJson(), null, Optional.of(before),
        Optional.empty(), List.of(), "delete", Optional.empty(), Optional.empty());
  }

  /** A stock adjustment: the audit keeps the stock and version before and after. */
  public static Change stockAdjusted(Product after, int delta) {
    JsonObject before = new JsonObject().put("stock", after.stock() - delta).put("version", after.version() - 1);
    JsonObject now = new JsonObject().put("stock", after.stock()).put("version", after.version());
    return new Change(AuditAction.STOCK_ADJUST, after.id().toString(), before, now, Optional.empty(),
        Optional.of(after), List.of(new StockMove(after, delta)), "adjustment", Optional.empty(), Optional.empty());
  }

  /**
   * A reservation that changed state. {@code before} is its previous state (empty when new); the moves
   * are the stock it took (reserve) or gave back (release, expiry, return); a confirmation moves none.
   */
  public static Change reservation(AuditAction action, Optional<Reservation> before, Reservation after,
      List<StockMove> moves) {
    String reason = switch (action) {
      case STOCK_RESERVE -> "reservation";
      case STOCK_CONFIRM -> "confirmation";
      case STOCK_RELEASE -> "release";
      case STOCK_EXPIRE -> "expiry";
      case STOCK_RETURN -> "return";
      default -> throw new IllegalArgumentException(action + " is not a reservation change");
    };
    return new Change(action, after.id().toString(), before.map(Reservation::toJson).orElse(null), after.toJson(),
        Optional.empty(), Optional.empty(), moves, reason, Optional.of(after), Optional.empty());
  }

  public static Change categoryCreated(Category category) {
    return new Change(AuditAction.CATEGORY_CREATE, category.slug(), null, category.toJson(), Optional.empty(),
        Optional.empty(), List.of(), "create", Optional.empty(), Optional.of(category));
  }

  public static Change categoryDeleted(Category category) {
    return new Change(AuditAction.CATEGORY_DELETE, category.slug(), category.toJson(), null, Optional.empty(),
        Optional.empty(), List.of(), "delete", Optional.empty(), Optional.of(category));
  }

  /** Details kept in the audit entry besides before and after: the stock each product moved. */
  public JsonObject details() {
    JsonObject details = new JsonObject().put("reason", reason);
    if (!stockMoves.isEmpty()) {
      details.put("stock", new JsonArray(stockMoves.stream().map(m -> new JsonObject()
          .put("productId", m.after().id().toString())
          .put("before", m.before())
          .put("after", m.after().stock())
          .put("delta", m.delta())).toList()));
    }
    return details;
  }
}
