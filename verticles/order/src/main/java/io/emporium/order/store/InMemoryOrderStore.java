package io.emporium.order.store;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.emporium.order.domain.Cart;
import io.emporium.order.domain.Order;
import io.emporium.order.domain.OrderState;
import io.emporium.platform.outbox.InMemoryOutboxStore;
import io.emporium.platform.outbox.OutboxEvent;
import io.emporium.platform.outbox.OutboxStore;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The zero-setup store: every method synchronized, one unit per change (not durable). */
public final class InMemoryOrderStore implements OrderStore {
  private static final Comparator<Order> NEWEST_FIRST = Comparator.comparing(Order::createdAt).reversed()
      .thenComparing(Order::id, Comparator.reverseOrder());

  private final Map<String, LinkedHashMap<UUID, Integer>> carts = new HashMap<>();
  private final Map<UUID, Order> orders = new HashMap<>();
  private final Map<String, UUID> byKey = new HashMap<>();
  private final List<OrderAudit> audit = new ArrayList<>();
  private final InMemoryOutboxStore outbox = new InMemoryOutboxStore();

  @Override
  public synchronized Future<Cart> cart(String userId) {
    return Future.succeededFuture(cartOf(userId));
  }

  @Override
  public synchronized Future<Cart> setCartItem(String userId, UUID productId, int quantity, Instant now) {
    LinkedHashMap<UUID, Integer> items = carts.computeIfAbsent(userId, u -> new LinkedHashMap<>());
    if (quantity == 0) {
      items.remove(productId);
    } else if (!items.containsKey(productId) && items.size() >= Cart.MAX_LINES) {
      return Future.failedFuture(tooManyLines());
    } else {
      items.put(productId, quantity);
    }
    return Future.succeededFuture(cartOf(userId));
  }

  @Override
  public synchronized Future<Void> clearCart(String userId) {
    carts.remove(userId);
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<Order> place(Order order, boolean clearCart, OutboxEvent event, String actor) {
    String key = key(order.userId(), order.idempotencyKey());
    if (byKey.containsKey(key) || orders.containsKey(order.id())) {
      return Future.failedFuture(new ServiceError(ErrorCode.CONFLICT, "an order exists under this idempotency key",
          "idempotencyKey").toException());
    }
    orders.put(order.id(), order);
    byKey.put(key, order.id());
    if (clearCart) {
      carts.remove(order.userId());
    }
    outbox.append(List.of(event));
    audit.add(new OrderAudit(order.id(), actor, event.type(), order.updatedAt()));
    return Future.succeededFuture(order);
  }

  @Override
  public synchronized Future<Optional<Order>> find(UUID id) {
    return Future.succeededFuture(Optional.ofNullable(orders.get(id)));
  }

  @Override
  public synchronized Future<Optional<Order>> findByKey(String userId, String idempotencyKey) {
    return Future.succeededFuture(Optional.ofNullable(byKey.get(key(userId, idempotencyKey))).map(orders::get));
  }

  @Override
  public synchronized Future<Order> update(Order next, OutboxEvent event, String actor) {
    Order stored = orders.get(next.id());
    if (stored == null || stored.version() != next.version() - 1) {
      return Future.failedFuture(staleVersion());
    }
    orders.put(next.id(), next);
    outbox.append(List.of(event));
    audit.add(new OrderAudit(next.id(), actor, event.type(), next.updatedAt()));
    return Future.succeededFuture(next);
  }

  @Override
  public synchronized Future<OrderPage> list(OrderQuery query) {
    List<Order> matching = orders.values().stream()
        .filter(o -> query.userId().map(o.userId()::equals).orElse(true))
        .filter(o -> query.state().map(s -> o.state() == s).orElse(true))
        .filter(o -> query.from().map(f -> !o.createdAt().isBefore(f)).orElse(true))
        .filter(o -> query.to().map(t -> o.createdAt().isBefore(t)).orElse(true))
        .sorted(NEWEST_FIRST)
        .toList();
    List<Order> page = matching.stream().skip(query.offset()).limit(query.size()).toList();
    return Future.succeededFuture(new OrderPage(page, query.page(), query.size(), matching.size()));
  }

  @Override
  public synchronized Future<java.util.Map<OrderState, Long>> countByState() {
    java.util.Map<OrderState, Long> counts = new java.util.EnumMap<>(OrderState.class);
    for (OrderState state : OrderState.values()) {
      counts.put(state, 0L);
    }
    orders.values().forEach(order -> counts.merge(order.state(), 1L, Long::sum));
    return Future.succeededFuture(counts);
  }

  @Override
  public synchronized Future<List<Order>> unpaidDueBefore(Instant now, int limit) {
    return Future.succeededFuture(orders.values().stream()
        .filter(o -> o.state() == OrderState.PLACED && o.paymentDueAt().isBefore(now))
        .sorted(Comparator.comparing(Order::paymentDueAt)).limit(limit).toList());
  }

  @Override
  public synchronized Future<List<OrderAudit>> audit(UUID orderId) {
    return Future.succeededFuture(audit.stream().filter(a -> a.orderId().equals(orderId)).toList());
  }

  @Override
  public OutboxStore outbox() {
    return outbox;
  }

  @Override
  public Future<Void> ping() {
    return Future.succeededFuture();
  }

  @Override
  public String kind() {
    return "memory";
  }

  private Cart cartOf(String userId) {
    List<Cart.Item> items = new ArrayList<>();
    carts.getOrDefault(userId, new LinkedHashMap<>()).forEach((product, quantity) ->
        items.add(new Cart.Item(product, quantity)));
    return new Cart(userId, items);
  }

  private static String key(String userId, String idempotencyKey) {
    return userId + "\n" + idempotencyKey;
  }

  static RuntimeException tooManyLines() {
    return ServiceError.invalid("productId", "a cart holds at most " + Cart.MAX_LINES + " products").toException();
  }

  static RuntimeException staleVersion() {
    return new ServiceError(ErrorCode.CONFLICT, "the order changed meanwhile; read it again", "version").toException();
  }
}
