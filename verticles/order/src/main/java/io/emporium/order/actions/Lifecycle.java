package io.emporium.order.actions;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.emporium.order.catalogue.Catalogue;
import io.emporium.order.domain.Order;
import io.emporium.order.domain.OrderEvents;
import io.emporium.order.domain.OrderState;
import io.emporium.order.domain.OrderTransitions;
import io.emporium.order.fault.CrashPoints;
import io.emporium.order.payment.PaymentProvider;
import io.emporium.order.store.OrderStore;
import io.emporium.platform.service.Callers;
import io.emporium.platform.service.ServiceRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
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

  /** Reasons of the service's cancellations, in the {@code order.cancelled} event. */
  public static final String WINDOW_EXPIRED = "payment-window-expired";
  public static final String RESERVATION_GONE = "reservation-not-found";
  public static final String PAYMENT_NOT_RECORDED = "payment-not-recorded";

  private final OrderStore store;
  private final Catalogue catalogue;
  private final PaymentProvider payments;
  private final OrderTransitions transitions;
  private final CrashPoints crashPoints;
  private final Duration settleGrace;

  /**
   * @param settleGrace how long past its window an unpaid order whose stock was sold is left to a payment
   *     that may still be in flight, before {@link #expire} takes it for a payment whose write was lost
   */
  public Lifecycle(OrderStore store, Catalogue catalogue, PaymentProvider payments, OrderTransitions transitions,
      CrashPoints crashPoints, Duration settleGrace) {
    this.store = store;
    this.catalogue = catalogue;
    this.payments = payments;
    this.transitions = transitions;
    this.crashPoints = crashPoints;
    this.settleGrace = settleGrace;
  }

  /** admin: {"id"} -> PAID. The reservation is confirmed first: an expired one cannot be paid (CONFLICT). */
  public Future<JsonObject> paid(ServiceRequest request) {
    String admin = Callers.requireAdmin(request);
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
    String admin = Callers.requireAdmin(request);
    return adminOrder(request).compose(order -> move(order, OrderState.SHIPPED, admin)).map(Order::toJson);
  }

  public Future<JsonObject> delivered(ServiceRequest request) {
    String admin = Callers.requireAdmin(request);
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

  /**
   * The service's own move: an order still PLACED past its window is cancelled, with the reason, and its
   * stock given back, whatever became of its reservation:
   *
   * <ul>
   *   <li>held, or already released or expired: released (a no-op for the latter two), reason
   *       {@value #WINDOW_EXPIRED};
   *   <li>gone (retention deleted it long after it ended): nothing to give back, reason
   *       {@value #RESERVATION_GONE};
   *   <li>confirmed (sold): the payment went through but its write was lost (a crash between the
   *       confirmation and the write). Once {@code settleGrace} has passed, so no payment is still in flight,
   *       the sold units are returned and the order is cancelled owing a refund, reason
   *       {@value #PAYMENT_NOT_RECORDED}. Before that, CONFLICT, and the next sweep looks again.
   * </ul>
   */
  public Future<Order> expire(Order order, String requestId) {
    return catalogue.release(order.reservationId(), requestId).map(WINDOW_EXPIRED)
        .recover(e -> switch (ServiceError.from(e).code()) {
          case NOT_FOUND -> Future.succeededFuture(RESERVATION_GONE);
          case CONFLICT -> returnUnrecordedPayment(order, requestId);
          default -> Future.<String>failedFuture(e);
        })
        .compose(reason -> {
          Order moved = order.moveTo(OrderState.CANCELLED, now());
          Order cancelled = PAYMENT_NOT_RECORDED.equals(reason) ? moved.owingRefund() : moved;
          return stored(store.update(cancelled, OrderEvents.of(cancelled, reason), SERVICE_ACTOR));
        });
  }

  /** The reservation could not be released: it was sold. Returns its units once no payment can be in flight. */
  private Future<String> returnUnrecordedPayment(Order order, String requestId) {
    if (Instant.now().isBefore(order.paymentDueAt().plus(settleGrace))) {
      return Future.failedFuture(new ServiceError(ErrorCode.CONFLICT, "the stock of unpaid order " + order.id()
          + " was sold: a payment may still be recording; looked at again after the grace", "state").toException());
    }
    return catalogue.returnSold(order.reservationId(), requestId).map(PAYMENT_NOT_RECORDED);
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
