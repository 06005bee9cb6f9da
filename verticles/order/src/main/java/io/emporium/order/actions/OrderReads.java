package io.emporium.order.actions;

import io.emporium.contract.ServiceError;
import io.emporium.order.domain.Order;
import io.emporium.order.domain.OrderState;
import io.emporium.order.store.OrderQuery;
import io.emporium.order.store.OrderStore;
import io.emporium.platform.service.Callers;
import io.emporium.platform.service.ServiceRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Reading orders: one's own, or any for an admin. */
public final class OrderReads {
  static final int MAX_PAGE_SIZE = 100;
  private final OrderStore store;

  public OrderReads(OrderStore store) {
    this.store = store;
  }

  /** {"id"} -> the order; another user's is NOT_FOUND (its existence is not the caller's business). */
  public Future<JsonObject> get(ServiceRequest request) {
    UUID id = Input.of(request.body(), Set.of("id")).uuid("id");
    return visible(store, request, id).map(Order::toJson);
  }

  /** {"page","size"} -> the caller's orders, newest first. */
  public Future<JsonObject> mine(ServiceRequest request) {
    String caller = Callers.signedIn(request);
    Input input = Input.of(request.body(), Set.of("page", "size"));
    return store.list(OrderQuery.ofUser(caller, input.integer("page", 1, 1_000_000, 1),
        input.integer("size", 1, MAX_PAGE_SIZE, 20))).map(page -> page.toJson());
  }

  /** admin: {"page","size","state"?,"userId"?,"from"?,"to"?} -> orders, newest first. */
  public Future<JsonObject> all(ServiceRequest request) {
    Callers.requireAdmin(request);
    Input input = Input.of(request.body(), Set.of("page", "size", "state", "userId", "from", "to"));
    Optional<OrderState> state = input.text("state", 16).map(s -> OrderState.fromWire(s)
        .orElseThrow(() -> input.invalid("state", "state must be one of PLACED, PAID, SHIPPED, DELIVERED, CANCELLED")));
    OrderQuery query = new OrderQuery(input.text("userId", 64), state, input.instant("from"), input.instant("to"),
        input.integer("page", 1, 1_000_000, 1), input.integer("size", 1, MAX_PAGE_SIZE, 20));
    return store.list(query).map(page -> page.toJson());
  }

  /** admin: {} -> the outbox's counts. */
  public Future<JsonObject> queueStats(ServiceRequest request) {
    Callers.requireAdmin(request);
    Input.of(request.body(), Set.of());
    return store.outbox().stats().map(stats -> stats.toJson());
  }

  /** The order when the caller may see it (its owner, or an admin); NOT_FOUND otherwise. */
  static Future<Order> visible(OrderStore store, ServiceRequest request, UUID id) {
    String caller = Callers.signedIn(request);
    return store.find(id).compose(found -> found.filter(o -> o.ownedBy(caller) || Callers.isAdmin(request))
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(ServiceError.notFound("no order with id " + id).toException())));
  }
}
