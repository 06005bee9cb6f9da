package io.emporium.order;

import static io.emporium.order.OrderStoreContract.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.Addresses;
import io.emporium.contract.OrderAction;
import io.emporium.platform.config.ConfigKey;
import io.emporium.product.domain.ReservationStatus;
import io.emporium.product.store.Recorder;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An order still PLACED past its payment window converges: the service cancels it, says why in the
 * {@code order.cancelled} event, and gives its stock back exactly once, whatever became of its reservation
 * (held, expired first, deleted by retention, or sold by a payment whose write was lost).
 */
@ExtendWith(VertxExtension.class)
class OrderExpiryTest {
  private OrderBus bus;
  private final List<JsonObject> cancellations = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start(Vertx vertx) {
    // a 1 s window swept every second; a 500 ms bus timeout makes the grace for a payment in flight 1 s
    bus = await(OrderBus.start(vertx, Map.of(ConfigKey.ORDER_PAYMENT_WINDOW_SECONDS, "1",
        ConfigKey.ORDER_SWEEP_SECONDS, "1", ConfigKey.BUS_TIMEOUT_MS, "500")));
    vertx.eventBus().<JsonObject>consumer(Addresses.event("order.cancelled"),
        message -> cancellations.add(message.body().getJsonObject("payload")));
  }

  @AfterEach
  void stop(Vertx vertx) {
    await(vertx.close());
  }

  @Test
  void anUnpaidOrderPastItsWindowIsCancelledAndItsStockReturned() throws Exception {
    UUID cup = bus.product("Cup", "12.90", 10);
    JsonObject order = place(cup, 4, "k");
    assertThat(bus.stock(cup)).isEqualTo(6);

    JsonObject cancelled = cancelledInTime(order);
    assertThat(cancelled.getBoolean("refundDue")).isFalse();
    assertThat(bus.stock(cup)).isEqualTo(10);
    assertThat(await(bus.module.store().audit(UUID.fromString(order.getString("id")))))
        .extracting(a -> a.actor()).containsExactly(OrderServiceTest.ALICE, "service:order");
    assertThat(reasonOf(order)).isEqualTo("payment-window-expired");
  }

  @Test
  void aPlacedOrderWhoseReservationExpiredFirstIsCancelledAndItsStockCountedBackOnce() throws Exception {
    UUID cup = bus.product("Cup", "12.90", 10);
    JsonObject order = place(cup, 4, "k");
    // the product service's own sweeper got there first
    assertThat(await(bus.products.expireReservations(Instant.now().plusSeconds(3_600), 100, Recorder.system(0))))
        .isEqualTo(1);
    assertThat(bus.stock(cup)).isEqualTo(10);

    cancelledInTime(order);
    assertThat(bus.stock(cup)).as("the expired reservation's stock is not given back twice").isEqualTo(10);
    assertThat(reasonOf(order)).isEqualTo("payment-window-expired");
  }

  @Test
  void aPlacedOrderWhoseReservationIsGoneIsCancelledWithoutGivingAnythingBack() throws Exception {
    UUID cup = bus.product("Cup", "12.90", 10);
    JsonObject order = place(cup, 4, "k");
    Instant later = Instant.now().plusSeconds(3_600);
    await(bus.products.expireReservations(later, 100, Recorder.system(0)));
    assertThat(await(bus.products.purgeFinishedReservations(later.plusSeconds(1), 100))).isEqualTo(1);

    cancelledInTime(order);
    assertThat(bus.stock(cup)).isEqualTo(10);
    assertThat(reasonOf(order)).isEqualTo("reservation-not-found");
  }

  @Test
  void aPlacedOrderWhoseStockWasSoldByAPaymentNeverRecordedIsCancelledOwingARefundAndItsUnitsReturned()
      throws Exception {
    UUID cup = bus.product("Cup", "12.90", 10);
    JsonObject order = place(cup, 4, "k");
    UUID reservation = UUID.fromString(order.getString("reservationId"));
    // the payment confirmed the reservation, then its JVM died before writing the order PAID
    await(bus.products.confirm(reservation, Instant.now(), Recorder.system(0)));
    assertThat(bus.stock(cup)).isEqualTo(6);

    JsonObject cancelled = cancelledInTime(order);
    assertThat(cancelled.getBoolean("refundDue")).as("the payment was taken: it is owed back").isTrue();
    assertThat(bus.stock(cup)).as("the sold units are back, once").isEqualTo(10);
    assertThat(await(bus.products.findReservation(reservation)).orElseThrow().status())
        .isEqualTo(ReservationStatus.RETURNED);
    assertThat(reasonOf(order)).isEqualTo("payment-not-recorded");
    // not before the grace for a payment still in flight was over
    Instant due = Instant.parse(order.getString("paymentDueAt"));
    assertThat(Instant.parse(cancelled.getString("updatedAt"))).isAfterOrEqualTo(due.plusSeconds(1));
  }

  private JsonObject place(UUID product, int quantity, String key) {
    return await(bus.as(OrderServiceTest.ALICE, OrderAction.PLACE, new JsonObject()
        .put("idempotencyKey", key).put("items", new JsonArray().add(OrderServiceTest.item(product, quantity)))));
  }

  private JsonObject cancelledInTime(JsonObject order) throws InterruptedException {
    JsonObject byId = new JsonObject().put("id", order.getString("id"));
    long deadline = System.currentTimeMillis() + 10_000;
    JsonObject now = order;
    while (!"CANCELLED".equals(now.getString("state")) && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
      now = await(bus.as(OrderServiceTest.ALICE, OrderAction.GET, byId));
    }
    assertThat(now.getString("state")).isEqualTo("CANCELLED");
    return now;
  }

  /** The reason of the order's cancellation, as its event says (once the relay delivered it). */
  private String reasonOf(JsonObject order) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      Optional<JsonObject> event = cancellations.stream()
          .filter(e -> order.getString("id").equals(e.getString("orderId"))).findFirst();
      if (event.isPresent()) {
        return event.get().getString("reason");
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no order.cancelled event for " + order.getString("id") + " in " + cancellations);
  }
}
