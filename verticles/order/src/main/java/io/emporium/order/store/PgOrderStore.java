package io.emporium.order.store;

import io.emporium.order.domain.Cart;
import io.emporium.order.domain.Order;
import io.emporium.order.domain.OrderState;
import io.emporium.platform.async.Deadlines;
import io.emporium.platform.outbox.OutboxEvent;
import io.emporium.platform.outbox.OutboxStore;
import io.emporium.platform.outbox.PgOutboxStore;
import io.emporium.platform.persistence.PgFailures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Carts and orders in PostgreSQL (schema {@code orders}). Every value is bound. Each change of an order
 * runs in one transaction with its outbox event and audit entry; a change of state is a conditional
 * update on the version, so two instances changing one order at once cannot both win.
 */
public final class PgOrderStore implements OrderStore {
  private static final String COLUMNS = "id, user_id, state, lines, currency, reservation_id, idempotency_key,"
      + " fingerprint, refund_due, payment_due_at, created_at, updated_at, version";

  private final Vertx vertx;
  private final Pool pool;
  private final long timeoutMs;
  private final PgOutboxStore outbox;

  public PgOrderStore(Vertx vertx, Pool pool, long timeoutMs) {
    this.vertx = vertx;
    this.pool = pool;
    this.timeoutMs = timeoutMs;
    this.outbox = new PgOutboxStore(vertx, pool, "orders.outbox", timeoutMs);
  }

  @Override
  public Future<Cart> cart(String userId) {
    return run("order.cart", pool.preparedQuery("SELECT product_id, quantity FROM orders.cart_items WHERE user_id = $1"
        + " ORDER BY added_at, product_id").execute(Tuple.of(userId)))
        .map(rows -> cartOf(userId, rows));
  }

  @Override
  public Future<Cart> setCartItem(String userId, UUID productId, int quantity, Instant now) {
    if (quantity == 0) {
      return run("order.cart.remove", pool.preparedQuery("DELETE FROM orders.cart_items WHERE user_id = $1"
          + " AND product_id = $2").execute(Tuple.of(userId, productId))).compose(v -> cart(userId));
    }
    // The line count is checked in the statement: the insert happens only while the cart has room.
    String upsert = "INSERT INTO orders.cart_items (user_id, product_id, quantity, added_at)"
        + " SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM orders.cart_items WHERE user_id = $1 AND product_id = $2)"
        + " OR (SELECT count(*) FROM orders.cart_items WHERE user_id = $1) < $5"
        + " ON CONFLICT (user_id, product_id) DO UPDATE SET quantity = EXCLUDED.quantity RETURNING product_id";
    return run("order.cart.set", pool.preparedQuery(upsert)
        .execute(Tuple.of(userId, productId, quantity, utc(now), Cart.MAX_LINES)))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(InMemoryOrderStore.tooManyLines()) : cart(userId));
  }

  @Override
  public Future<Void> clearCart(String userId) {
    return run("order.cart.clear", pool.preparedQuery("DELETE FROM orders.cart_items WHERE user_id = $1")
        .execute(Tuple.of(userId))).mapEmpty();
  }

  @Override
  public Future<Order> place(Order order, boolean clearCart, OutboxEvent event, String actor) {
    String insert = "INSERT INTO orders.orders (" + COLUMNS + ", total) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
        + " $10, $11, $12, $13, $14)";
    Tuple values = Tuple.tuple().addUUID(order.id()).addString(order.userId()).addString(order.state().name())
        .addValue(order.linesJson()).addString(order.currency()).addUUID(order.reservationId())
        .addString(order.idempotencyKey()).addString(order.fingerprint()).addBoolean(order.refundDue())
        .addOffsetDateTime(utc(order.paymentDueAt())).addOffsetDateTime(utc(order.createdAt()))
        .addOffsetDateTime(utc(order.updatedAt())).addLong(order.version()).addBigDecimal(order.total());
    return transaction("order.place", "idempotencyKey", tx -> tx.preparedQuery(insert).execute(values)
        .compose(v -> clearCart ? tx.preparedQuery("DELETE FROM orders.cart_items WHERE user_id = $1")
            .execute(Tuple.of(order.userId())).mapEmpty() : Future.succeededFuture())
        .compose(v -> recorded(tx, order, event, actor)));
  }

  @Override
  public Future<Optional<Order>> find(UUID id) {
    return run("order.find", pool.preparedQuery("SELECT " + COLUMNS + " FROM orders.orders WHERE id = $1")
        .execute(Tuple.of(id))).map(PgOrderStore::first);
  }

  @Override
  public Future<Optional<Order>> findByKey(String userId, String idempotencyKey) {
    return run("order.findByKey", pool.preparedQuery("SELECT " + COLUMNS + " FROM orders.orders WHERE user_id = $1"
        + " AND idempotency_key = $2").execute(Tuple.of(userId, idempotencyKey))).map(PgOrderStore::first);
  }

  @Override
  public Future<Order> update(Order next, OutboxEvent event, String actor) {
    String sql = "UPDATE orders.orders SET state = $2, refund_due = $3, updated_at = $4, version = $5"
        + " WHERE id = $1 AND version = $6 RETURNING id";
    Tuple values = Tuple.of(next.id(), next.state().name(), next.refundDue(), utc(next.updatedAt()), next.version(),
        next.version() - 1);
    return transaction("order.update", "id", tx -> tx.preparedQuery(sql).execute(values).compose(rows ->
        rows.size() == 0 ? Future.failedFuture(InMemoryOrderStore.staleVersion()) : recorded(tx, next, event, actor)));
  }

  @Override
  public Future<OrderPage> list(OrderQuery query) {
    List<String> conditions = new ArrayList<>();
    Tuple args = Tuple.tuple();
    query.userId().ifPresent(u -> conditions.add("user_id = $" + add(args, u)));
    query.state().ifPresent(s -> conditions.add("state = $" + add(args, s.name())));
    query.from().ifPresent(f -> conditions.add("created_at >= $" + add(args, utc(f))));
    query.to().ifPresent(t -> conditions.add("created_at < $" + add(args, utc(t))));
    String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    String sql = "SELECT " + COLUMNS + ", count(*) OVER () AS matching FROM orders.orders" + where
        + " ORDER BY created_at DESC, id DESC LIMIT " + query.size() + " OFFSET " + query.offset();
    return run("order.list", pool.preparedQuery(sql).execute(args)).compose(rows -> {
      List<Order> items = new ArrayList<>();
      long total = -1;
      for (Row row : rows) {
        items.add(order(row));
        total = row.getLong("matching");
      }
      if (total >= 0) {
        return Future.succeededFuture(new OrderPage(items, query.page(), query.size(), total));
      }
      // A page past the end has no row to carry the count.
      return run("order.count", pool.preparedQuery("SELECT count(*) AS matching FROM orders.orders" + where)
          .execute(args)).map(count -> new OrderPage(items, query.page(), query.size(),
          count.iterator().next().getLong("matching")));
    });
  }

  @Override
  public Future<List<Order>> unpaidDueBefore(Instant now, int limit) {
    return run("order.unpaid", pool.preparedQuery("SELECT " + COLUMNS + " FROM orders.orders WHERE state = 'PLACED'"
        + " AND payment_due_at < $1 ORDER BY payment_due_at LIMIT $2").execute(Tuple.of(utc(now), limit)))
        .map(rows -> {
          List<Order> due = new ArrayList<>();
          rows.forEach(r -> due.add(order(r)));
          return due;
        });
  }

  @Override
  public Future<java.util.Map<OrderState, Long>> countByState() {
    return run("order.count-by-state", pool.query("SELECT state, count(*) FROM orders.orders GROUP BY state").execute())
        .map(rows -> {
          java.util.Map<OrderState, Long> counts = new java.util.EnumMap<>(OrderState.class);
          for (OrderState state : OrderState.values()) {
            counts.put(state, 0L);
          }
          rows.forEach(r -> OrderState.fromWire(r.getString(0)).ifPresent(state -> counts.put(state, r.getLong(1))));
          return counts;
        });
  }

  @Override
  public Future<List<OrderAudit>> audit(UUID orderId) {
    return run("order.audit", pool.preparedQuery("SELECT order_id, actor, action, at FROM orders.audit_log"
        + " WHERE order_id = $1 ORDER BY id").execute(Tuple.of(orderId))).map(rows -> {
          List<OrderAudit> entries = new ArrayList<>();
          rows.forEach(r -> entries.add(new OrderAudit(r.getUUID("order_id"), r.getString("actor"),
              r.getString("action"), r.getOffsetDateTime("at").toInstant())));
          return entries;
        });
  }

  @Override
  public OutboxStore outbox() {
    return outbox;
  }

  @Override
  public Future<Void> ping() {
    return run("order.ping", pool.query("SELECT 1").execute()).mapEmpty();
  }

  @Override
  public String kind() {
    return "postgres";
  }

  private Future<Order> recorded(SqlConnection tx, Order order, OutboxEvent event, String actor) {
    return outbox.append(tx, List.of(event))
        .compose(v -> tx.preparedQuery("INSERT INTO orders.audit_log (order_id, actor, action, at) VALUES ($1, $2, $3, $4)")
            .execute(Tuple.of(order.id(), actor, event.type(), utc(order.updatedAt()))))
        .map(order);
  }

  private static int add(Tuple args, Object value) {
    args.addValue(value);
    return args.size();
  }

  private static Optional<Order> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(order(rows.iterator().next()));
  }

  private static Order order(Row row) {
    return new Order(row.getUUID("id"), row.getString("user_id"), OrderState.valueOf(row.getString("state")),
        Order.linesFrom((JsonArray) row.getValue("lines")), row.getString("currency"), row.getUUID("reservation_id"),
        row.getString("idempotency_key"), row.getString("fingerprint"), row.getBoolean("refund_due"),
        row.getOffsetDateTime("payment_due_at").toInstant(), row.getOffsetDateTime("created_at").toInstant(),
        row.getOffsetDateTime("updated_at").toInstant(), row.getLong("version"));
  }

  private static Cart cartOf(String userId, RowSet<Row> rows) {
    List<Cart.Item> items = new ArrayList<>();
    rows.forEach(r -> items.add(new Cart.Item(r.getUUID("product_id"), r.getInteger("quantity"))));
    return new Cart(userId, items);
  }

  private <T> Future<T> transaction(String operation, String conflictField, Function<SqlConnection, Future<T>> work) {
    return Deadlines.within(vertx, pool.withTransaction(work::apply), timeoutMs * 2, operation)
        .recover(e -> PgFailures.translate(e, operation, conflictField));
  }

  private Future<RowSet<Row>> run(String operation, Future<RowSet<Row>> query) {
    return Deadlines.within(vertx, query, timeoutMs, operation)
        .recover(e -> PgFailures.translate(e, operation, "id"));
  }

  /** PostgreSQL keeps microseconds: values are stored (and compared) at that precision. */
  static OffsetDateTime utc(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
  }
}
