package io.emporium.order.domain;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An order. Its lines are priced in one currency; the total is the sum of the line totals, computed here.
 * The reservation holds its stock at the product service; the idempotency key and the fingerprint of the
 * request that placed it let a retry of that request find it again.
 *
 * @param refundDue true once a paid order is cancelled: the payment is owed back
 * @param paymentDueAt an order still PLACED after this is cancelled and its stock returned
 * @param version 1 when placed, one more at each change of state
 */
public record Order(UUID id, String userId, OrderState state, List<OrderLine> lines, String currency,
    UUID reservationId, String idempotencyKey, String fingerprint, boolean refundDue, Instant paymentDueAt,
    Instant createdAt, Instant updatedAt, long version) {

  public Order {
    lines = List.copyOf(lines);
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("an order has at least one line");
    }
  }

  /** A new order, PLACED at {@code now}. */
  public static Order placed(UUID id, String userId, List<OrderLine> lines, String currency, UUID reservationId,
      String idempotencyKey, String fingerprint, Instant paymentDueAt, Instant now) {
    return new Order(id, userId, OrderState.PLACED, lines, currency, reservationId, idempotencyKey, fingerprint,
        false, paymentDueAt, now, now, 1);
  }

  public BigDecimal total() {
    return Money.sum(lines.stream().map(OrderLine::lineTotal).toList());
  }

  /**
   * This order in state {@code next} (CONFLICT when that move is not legal). A paid order that is
   * cancelled owes its payment back.
   */
  public Order moveTo(OrderState next, Instant now) {
    state.check(next);
    boolean refund = refundDue || (state == OrderState.PAID && next == OrderState.CANCELLED);
    return new Order(id, userId, next, lines, currency, reservationId, idempotencyKey, fingerprint, refund,
        paymentDueAt, createdAt, now, version + 1);
  }

  /** This order owing its payment back (a cancelled order whose payment was taken though never recorded). */
  public Order owingRefund() {
    return new Order(id, userId, state, lines, currency, reservationId, idempotencyKey, fingerprint, true,
        paymentDueAt, createdAt, updatedAt, version);
  }

  public boolean ownedBy(String caller) {
    return userId.equals(caller);
  }

  /** The order as clients see it (the key and fingerprint stay inside the service). */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("userId", userId)
        .put("state", state.name())
        .put("lines", new JsonArray(lines.stream().map(l -> l.toJson(currency)).toList()))
        .put("total", Money.json(total(), currency))
        .put("reservationId", reservationId.toString())
        .put("refundDue", refundDue)
        .put("paymentDueAt", paymentDueAt.toString())
        .put("createdAt", createdAt.toString())
        .put("updatedAt", updatedAt.toString())
        .put("version", version);
  }

  /** The lines as stored (a JSON array). */
  public JsonArray linesJson() {
    return new JsonArray(lines.stream().map(l -> l.toJson(currency)).toList());
  }

  public static List<OrderLine> linesFrom(JsonArray json) {
    return json.stream().map(o -> OrderLine.fromJson((JsonObject) o)).toList();
  }
}
