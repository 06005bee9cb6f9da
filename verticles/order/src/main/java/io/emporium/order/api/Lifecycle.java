package io.emporium.order.api;

import io.emporium.order.catalogue.Catalogue;
import io.emporium.order.domain.Order;
import io.emporium.order.domain.OrderEvents;
import io.emporium.order.domain.OrderState;
import io.emporium.order.domain.OrderTransitions;
import io.emporium.order.fault.CrashPoints;
import io.emporium.order.payment.PaymentProvider;
import io.emporium.order.store.OrderStore;
import io.emporium.platform.contract.ErrorCode;
import io.emporium.platform.contract.ServiceError;
import io.emporium.platform.service.ServiceRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;

/**
 * The moves of an order after checkout. Each checks the move first (CONFLICT when illegal, before anything
 * happens elsewhere), then does what the move means at the product service (pay confirms the reservation,
 * cancel releases it, or returns its sold units when the order was paid), then writes the new state with its
 * event, on the version it read. The product service's side of each move is idempotent: a move whose write
 * failed (a crash, a version conflict) is simply done again.
 */
public final class Lifecycle {
  /** The actor of the service's own moves (an unpaid order past its window). */
  public static final String SERVICE_ACTOR = "service:order";

  private final OrderStore store;
  private final Catalogue catalogue;
  private final PaymentProvider payments;
  private final OrderTransitions transitions;
  private final CrashPoints crashPoints;

  public Lifecycle(OrderStore store, Catalogue catalogue, PaymentProvider payments, OrderTransitions transitions,
      CrashPoints crashPoints) {
    this.store = store;
    this.catalogue = catalogue;
    this.payments = payments;
    this.transitions = transitions;
    this.crashPoints = crashPoints;
  }

  /** admin: {"id"} -> PAID. The reservation is confirmed first: an expired one cannot be paid (CONFLICT). */
  public Future<JsonObject> paid(ServiceRequest request) {
    String admin = Callers.admin(request);
    return adminOrder(request).compose(order -> {
      order.state().check(OrderState.PAID);
      return catalogue.confirm(order.reservationId(), request.requestId())
          .recover(e -> Future.failedFuture(reservationEnded(e)))
          .compose(v -> {
            crashPoints.afterConfirm();
            return payments.charge(order, admin);
          })
          .compose(reference -> move(order, OrderState.PAID, admin));
    }).map(Order::toJson);
  }

  public Future<JsonObject> shipped(ServiceRequest request) {
    String admin = Callers.admin(request);
    return adminOrder(request).compose(order -> move(order, OrderState.SHIPPED, admin)).map(Order::toJson);
  }

  public Future<JsonObject> delivered(ServiceRequest request) {
    String admin = Callers.admin(request);
    return adminOrder(request).compose(order -> move(order, OrderState.DELIVERED, admin)).map(Order::toJson);
  }

  /**
   * Owner or admin: {"id"} -> CANCELLED. A placed order's stock is released; a paid one's sold units are
   * returned to stock ({@code product.stock.return}) and the order owes its payment back (refundDue).
   */
  public Future<JsonObject> cancel(ServiceRequest request) {
    String caller = Callers.signedIn(request);
    UUID id = Input.of(request.body(), Set.of("id")).uuid("id");
    return OrderReads.visible(store, request, id).compose(order -> {
      order.state().check(OrderState.CANCELLED);
      Future<Void> stockBack = order.state() == OrderState.PAID
          ? catalogue.returnSold(order.reservationId(), request.requestId())
          : catalogue.release(order.reservationId(), request.requestId());
      return stockBack.compose(v -> move(order, OrderState.CANCELLED, caller));
    }).map(Order::toJson);
  }

  /** The service's own move: an unpaid order past its window is cancelled and its stock released. */
  public Future<Order> expire(Order order, String requestId) {
    return catalogue.release(order.reservationId(), requestId).compose(v -> {
      Order cancelled = order.moveTo(OrderState.CANCELLED, now());
      return stored(store.update(cancelled, OrderEvents.of(cancelled, "payment-window-expired"), SERVICE_ACTOR));
    });
  }

  private Future<Order> adminOrder(ServiceRequest request) {
    UUID id = Input.of(request.body(), Set.of("id")).uuid("id");
    return store.find(id).compose(found -> found.map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(ServiceError.notFound("no order with id " + id).toException())));
  }

  private Future<Order> move(Order order, OrderState next, String actor) {
    Order moved = order.moveTo(next, now());
    return stored(store.update(moved, OrderEvents.of(moved), actor));
  }

  private Future<Order> stored(Future<Order> update) {
    return update.onSuccess(transitions::moved);
  }

  private static RuntimeException reservationEnded(Throwable e) {
    ServiceError error = ServiceError.from(e);
    if (error.code() == ErrorCode.CONFLICT) {
      return new ServiceError(ErrorCode.CONFLICT, "the order's stock is no longer held (its payment window is over)",
          "state").toException();
    }
    return error.toException();
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
