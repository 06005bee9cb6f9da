package io.emporium.user.notify;

import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.Set;

/**
 * Turns an order event (the order service's outbox envelope {"id","type","occurredAt","payload"} with
 * payload {"orderId","userId","state","total":{"amount","currency"},"refundDue","reason"?}) into the mail
 * its buyer gets: {@code order.placed}, {@code order.paid}, {@code order.shipped} and {@code order.cancelled}.
 * Other order events ({@code order.delivered}) tell nobody. The payload names the buyer by id only; the
 * address comes from the user service's own records.
 */
public final class OrderNotificationTemplates {
  /** The order events a buyer is told about. */
  public static final Set<String> NOTIFIED = Set.of("order.placed", "order.paid", "order.shipped", "order.cancelled");

  private OrderNotificationTemplates() {}

  /** Whether {@code envelope} is an order event that needs its buyer looked up: its user id, if so. */
  public static Optional<String> buyerOf(JsonObject envelope) {
    if (!(envelope.getValue("type") instanceof String type) || !NOTIFIED.contains(type)
        || !(envelope.getValue("id") instanceof String)
        || !(envelope.getValue("payload") instanceof JsonObject payload)
        || !(payload.getValue("userId") instanceof String userId)
        || !(payload.getValue("orderId") instanceof String)) {
      return Optional.empty();
    }
    return Optional.of(userId);
  }

  public static Optional<Notification> forEvent(JsonObject envelope, Recipient buyer) {
    if (buyerOf(envelope).isEmpty()) {
      return Optional.empty();
    }
    String id = envelope.getString("id");
    JsonObject payload = envelope.getJsonObject("payload");
    String order = payload.getString("orderId");
    String total = total(payload);
    String greeting = "Hello " + (buyer.name() == null || buyer.name().isBlank() ? "there" : buyer.name()) + ",\n\n";
    String footer = "\n-- Emporium";
    return Optional.of(switch (envelope.getString("type")) {
      case "order.placed" -> new Notification(id, buyer.userId(), buyer.email(), "Your Emporium order is placed",
          greeting + "we have your order " + order + " of " + total + ". Its items are held for you until it is"
              + " paid." + footer);
      case "order.paid" -> new Notification(id, buyer.userId(), buyer.email(), "Your Emporium order is paid",
          greeting + "we received the payment of " + total + " for your order " + order + "." + footer);
      case "order.shipped" -> new Notification(id, buyer.userId(), buyer.email(), "Your Emporium order is on its way",
          greeting + "your order " + order + " was shipped." + footer);
      default -> new Notification(id, buyer.userId(), buyer.email(), "Your Emporium order was cancelled",
          greeting + "your order " + order + " of " + total + " was cancelled" + why(payload) + "."
              + (Boolean.TRUE.equals(payload.getValue("refundDue")) ? " Its payment will be refunded to you." : "")
              + footer);
    });
  }

  private static String total(JsonObject payload) {
    if (payload.getValue("total") instanceof JsonObject total && total.getValue("amount") instanceof String amount
        && total.getValue("currency") instanceof String currency) {
      return amount + " " + currency;
    }
    return "its amount";
  }

  private static String why(JsonObject payload) {
    if (!(payload.getValue("reason") instanceof String reason)) {
      return "";
    }
    return switch (reason) {
      case "payment-window-expired" -> ": it was not paid in time and its items were put back on sale";
      case "payment-not-recorded" -> ": its payment could not be recorded";
      case "reservation-not-found" -> ": its items were no longer held for it";
      default -> "";
    };
  }
}
