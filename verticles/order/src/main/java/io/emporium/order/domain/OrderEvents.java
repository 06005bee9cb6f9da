package io.emporium.order.domain;

import io.emporium.platform.outbox.OutboxEvent;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * The events the order service publishes through its outbox, one per change of state:
 * {@code order.placed}, {@code order.paid}, {@code order.shipped}, {@code order.delivered},
 * {@code order.cancelled}. Payload: {"orderId","userId","state","total":{"amount","currency"},"refundDue","reason"?}.
 */
public final class OrderEvents {
  private OrderEvents() {}

  public static String type(OrderState state) {
    return "order." + state.name().toLowerCase(Locale.ROOT);
  }

  /** The event announcing the order's current state. */
  public static OutboxEvent of(Order order) {
    return OutboxEvent.of(type(order.state()), payload(order));
  }

  /** The same, saying why (e.g. {@code payment-window-expired}). */
  public static OutboxEvent of(Order order, String reason) {
    return OutboxEvent.of(type(order.state()), payload(order).put("reason", reason));
  }

  private static JsonObject payload(Order order) {
    return new JsonObject()
        .put("orderId", order.id().toString())
        .put("userId", order.userId())
        .put("state", order.state().name())
        .put("total", Money.json(order.total(), order.currency()))
        .put("refundDue", order.refundDue());
  }
}
