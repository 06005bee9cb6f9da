package io.emporium.order;

import static io.emporium.order.OrderStoreContract.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.OrderAction;
import io.emporium.contract.ServiceException;
import io.emporium.order.actions.Checkout;
import io.emporium.order.domain.CheckoutKeys;
import io.emporium.order.fault.CrashPoints;
import io.emporium.order.store.OrderStore;
import io.emporium.platform.config.ConfigKey;
import io.emporium.platform.service.ServiceRequest;
import io.emporium.product.domain.ReservationItem;
import io.emporium.product.domain.ReservationRequest;
import io.emporium.product.domain.ReservationStatus;
import io.emporium.product.store.Recorder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The order service on a bus with a real product service: cart, checkout, idempotency, lifecycle, expiry. */
@ExtendWith(VertxExtension.class)
class OrderServiceTest {
  static final String ALICE = "00000000-0000-4000-8000-0000000a11ce";
  static final String BOB = "00000000-0000-4000-8000-000000000b0b";
  OrderBus bus;

  @BeforeEach
  void start(Vertx vertx) {
    bus = await(OrderBus.start(vertx, Map.of(ConfigKey.ORDER_PAYMENT_WINDOW_SECONDS, "900")));
  }

  @AfterEach
  void stop(Vertx vertx) {
    await(vertx.close());
  }

  static JsonObject item(UUID product, int quantity) {
    return new JsonObject().put("productId", product.toString()).put("quantity", quantity);
  }

  static ServiceException failure(Future<?> call) {
    try {
      await(call);
    } catch (ServiceException e) {
      return e;
    }
    throw new AssertionError("the call succeeded");
  }

  static void assertError(Future<?> call, ErrorCode code, String field) {
    ServiceException e = failure(call);
    assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
    assertThat(e.error().field()).isEqualTo(field);
  }

  JsonObject place(String user, String key, JsonObject body) {
    return await(bus.as(user, OrderAction.PLACE, body.copy().put("idempotencyKey", key)));
  }

  @Test
  void checkoutOfTheCartPricesFromTheCatalogueHoldsTheStockAndEmptiesTheCart() {
    UUID cup = bus.product("Cup", "12.90", 10);
    UUID pot = bus.product("Pot", "0.10", 5);
    await(bus.as(ALICE, OrderAction.CART_SET_ITEM, item(cup, 3)));
    JsonObject cart = await(bus.as(ALICE, OrderAction.CART_SET_ITEM, item(pot, 1)));
    assertThat(cart.getJsonObject("total")).isEqualTo(new JsonObject().put("amount", "38.80").put("currency", "EUR"));

    JsonObject order = place(ALICE, "k-1", new JsonObject());
    assertThat(order.getString("state")).isEqualTo("PLACED");
    assertThat(order.getJsonObject("total").getString("amount")).isEqualTo("38.80");
    assertThat(order.getJsonArray("lines").getJsonObject(0).getJsonObject("lineTotal").getString("amount"))
        .isEqualTo("38.70");
    assertThat(order.getString("id")).isEqualTo(CheckoutKeys.orderId(ALICE, "k-1").toString());
    assertThat(bus.stock(cup)).isEqualTo(7);
    assertThat(bus.stock(pot)).isEqualTo(4);
    assertThat(await(bus.as(ALICE, OrderAction.CART_GET, new JsonObject())).getJsonArray("lines")).isEmpty();
  }

  /**
   * The mesh may retry a checkout on another instance after an attempt's timeout (order.place is idempotent by
   * its key): the retry can read no order under the key, then find the cart emptied by the first attempt's
   * commit. It must answer that order, not "the cart is empty" (which the gateway would keep as the key's answer).
   */
  @Test
  void aCheckoutOfTheCartThatFindsItEmptiedByAnotherAttemptOfItsKeyAnswersThatOrder() {
    assertThat(OrderAction.PLACE.idempotent()).as("retried by the mesh").isTrue();
    assertThat(OrderAction.PLACE.readOnly()).as("never hedged or mirrored").isFalse();
    UUID cup = bus.product("Cup", "12.90", 10);
    await(bus.as(ALICE, OrderAction.CART_SET_ITEM, item(cup, 2)));
    JsonObject first = place(ALICE, "k-1", new JsonObject());
    // the retry's first read by key came before the first attempt's commit: it saw no order
    OrderStore store = bus.module.store();
    java.util.concurrent.atomic.AtomicBoolean before = new java.util.concurrent.atomic.AtomicBoolean(true);
    OrderStore raced = (OrderStore) java.lang.reflect.Proxy.newProxyInstance(OrderStore.class.getClassLoader(),
        new Class<?>[] {OrderStore.class}, (proxy, method, args) -> {
          if (method.getName().equals("findByKey") && before.getAndSet(false)) {
            return Future.succeededFuture(java.util.Optional.empty());
          }
          try {
            return method.invoke(store, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
    Checkout retry = new Checkout(raced, bus.module.catalogue(), bus.module.settings().paymentWindowSeconds(),
        bus.module.meters(), CrashPoints.none());

    JsonObject again = await(retry.place(new ServiceRequest(new JsonObject().put("idempotencyKey", "k-1"), "r-2",
        java.util.Optional.of(ALICE), java.util.Set.of("user"))));
    assertThat(again).isEqualTo(first);
    assertThat(bus.stock(cup)).as("reserved once").isEqualTo(8);
    assertThat(before).as("the retry read the key twice").isFalse();

    // a cart that is empty with no order under the key is still the client's mistake
    assertError(retry.place(new ServiceRequest(new JsonObject().put("idempotencyKey", "k-2"), "r-3",
        java.util.Optional.of(ALICE), java.util.Set.of("user"))), ErrorCode.VALIDATION, "items");
  }

  @Test
  void theSameKeyAnswersTheFirstOrderAndAnotherRequestUnderItIsRefused() {
    UUID cup = bus.product("Cup", "12.90", 10);
    JsonObject body = new JsonObject().put("items", new JsonArray().add(item(cup, 2)));
    JsonObject first = place(ALICE, "k-1", body);
    JsonObject again = place(ALICE, "k-1", body);
    assertThat(again).isEqualTo(first);
    assertThat(bus.stock(cup)).as("reserved once").isEqualTo(8);

    assertError(bus.as(ALICE, OrderAction.PLACE, new JsonObject().put("idempotencyKey", "k-1")
        .put("items", new JsonArray().add(item(cup, 3)))), ErrorCode.IDEMPOTENCY_KEY_REUSED, "idempotencyKey");
    assertThat(bus.stock(cup)).isEqualTo(8);
    JsonObject bobs = place(BOB, "k-1", body);
    assertThat(bobs.getString("id")).as("keys are per user").isNotEqualTo(first.getString("id"));
  }

  @Test
  void badCheckoutsAreRefusedNamingTheFieldAndChangeNothing() {
    UUID cup = bus.product("Cup", "12.90", 10);
    UUID dollar = bus.product("Mug", "3.00", "USD", 10);
    JsonObject items = new JsonObject().put("items", new JsonArray().add(item(cup, 1)));
    assertError(bus.as(ALICE, OrderAction.PLACE, items), ErrorCode.VALIDATION, "idempotencyKey");
    assertError(bus.anonymous(OrderAction.PLACE, items.copy().put("idempotencyKey", "k")), ErrorCode.UNAUTHORIZED,
        null);
    assertError(bus.as(ALICE, OrderAction.PLACE, new JsonObject().put("idempotencyKey", "k")), ErrorCode.VALIDATION,
        "items");
    assertError(bus.as(ALICE, OrderAction.PLACE, new JsonObject().put("idempotencyKey", "k")
        .put("items", new JsonArray().add(item(cup, 1)).add(item(dollar, 1)))), ErrorCode.VALIDATION,
        "items[1].productId");
    assertError(bus.as(ALICE, OrderAction.PLACE, new JsonObject().put("idempotencyKey", "k")
        .put("items", new JsonArray().add(item(UUID.randomUUID(), 1)))), ErrorCode.VALIDATION, "items[0].productId");
    assertError(bus.as(ALICE, OrderAction.PLACE, new JsonObject().put("idempotencyKey", "k")
        .put("items", new JsonArray().add(item(cup, 0)))), ErrorCode.VALIDATION, "items[0].quantity");
    assertThat(bus.stock(cup)).isEqualTo(10);
    assertThat(await(bus.as(ALICE, OrderAction.LIST, new JsonObject())).getLong("total")).isZero();
  }

  @Test
  void tooLittleStockNamesEveryShortLineAndHoldsNothing() {
    UUID cup = bus.product("Cup", "12.90", 10);
    UUID pot = bus.product("Pot", "20.00", 1);
    UUID pan = bus.product("Pan", "30.00", 0);
    ServiceException e = failure(bus.as(ALICE, OrderAction.PLACE, new JsonObject().put("idempotencyKey", "k")
        .put("items", new JsonArray().add(item(cup, 2)).add(item(pot, 2)).add(item(pan, 1)))));
    assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
    assertThat(e.error().message()).contains("items[1].quantity").contains("items[2].quantity")
        .doesNotContain("items[0]");
    assertThat(List.of(bus.stock(cup), bus.stock(pot), bus.stock(pan))).containsExactly(10, 1, 0);
  }

  @Test
  void aRetryAfterACrashBetweenTheReservationAndTheCommitMakesOneOrderOnOneReservation() {
    UUID cup = bus.product("Cup", "12.90", 10);
    // The first attempt reserved under the key's reservation id, then its JVM died before the commit.
    // (it was made a while ago: it holds for less than a new payment window)
    Instant heldUntil = await(bus.products.reserve(new ReservationRequest(CheckoutKeys.reservationId(ALICE, "k-crash"),
        List.of(new ReservationItem(cup, 4)), Instant.now().plusSeconds(100)), Instant.now(), Recorder.system(0)))
        .expiresAt();
    assertThat(bus.stock(cup)).isEqualTo(6);

    JsonObject order = place(ALICE, "k-crash", new JsonObject().put("items", new JsonArray().add(item(cup, 4))));
    assertThat(order.getString("state")).isEqualTo("PLACED");
    assertThat(Instant.parse(order.getString("paymentDueAt"))).as("the payment is due while the stock is held")
        .isEqualTo(heldUntil);
    assertThat(bus.stock(cup)).as("the retry reused the held stock").isEqualTo(6);
    assertThat(place(ALICE, "k-crash", new JsonObject().put("items", new JsonArray().add(item(cup, 4)))))
        .isEqualTo(order);
    assertThat(await(bus.as(ALICE, OrderAction.LIST, new JsonObject())).getLong("total")).isEqualTo(1);
  }

  @Test
  void anOrderGoesFromPlacedToDeliveredByAdminsOnlyAndNoFurther() {
    UUID cup = bus.product("Cup", "12.90", 10);
    String id = place(ALICE, "k", new JsonObject().put("items", new JsonArray().add(item(cup, 1)))).getString("id");
    JsonObject byId = new JsonObject().put("id", id);
    assertError(bus.as(ALICE, OrderAction.ADMIN_PAID, byId), ErrorCode.FORBIDDEN, null);
    assertError(bus.admin(OrderAction.ADMIN_SHIPPED, byId), ErrorCode.CONFLICT, "state");
    assertThat(await(bus.admin(OrderAction.ADMIN_PAID, byId)).getString("state")).isEqualTo("PAID");
    assertThat(await(bus.admin(OrderAction.ADMIN_SHIPPED, byId)).getString("state")).isEqualTo("SHIPPED");
    assertError(bus.as(ALICE, OrderAction.CANCEL, byId), ErrorCode.CONFLICT, "state");
    JsonObject delivered = await(bus.admin(OrderAction.ADMIN_DELIVERED, byId));
    assertThat(delivered.getString("state")).isEqualTo("DELIVERED");
    assertThat(delivered.getLong("version")).isEqualTo(4);
    assertThat(bus.stock(cup)).as("sold, not returned").isEqualTo(9);
    assertThat(await(bus.module.store().audit(UUID.fromString(id)))).extracting(a -> a.action())
        .containsExactly("order.placed", "order.paid", "order.shipped", "order.delivered");
    assertError(bus.admin(OrderAction.ADMIN_PAID, new JsonObject().put("id", UUID.randomUUID().toString())),
        ErrorCode.NOT_FOUND, null);
  }

  @Test
  void cancellingAPlacedOrderReturnsItsStockAndAPaidOneOwesARefund() {
    UUID cup = bus.product("Cup", "12.90", 10);
    String placed = place(ALICE, "k1", new JsonObject().put("items", new JsonArray().add(item(cup, 3))))
        .getString("id");
    JsonObject cancelled = await(bus.as(ALICE, OrderAction.CANCEL, new JsonObject().put("id", placed)));
    assertThat(cancelled.getString("state")).isEqualTo("CANCELLED");
    assertThat(cancelled.getBoolean("refundDue")).isFalse();
    assertThat(bus.stock(cup)).isEqualTo(10);
    assertError(bus.as(ALICE, OrderAction.CANCEL, new JsonObject().put("id", placed)), ErrorCode.CONFLICT, "state");

    String paid = place(ALICE, "k2", new JsonObject().put("items", new JsonArray().add(item(cup, 2))))
        .getString("id");
    await(bus.admin(OrderAction.ADMIN_PAID, new JsonObject().put("id", paid)));
    assertThat(bus.stock(cup)).isEqualTo(8);
    JsonObject refunded = await(bus.admin(OrderAction.CANCEL, new JsonObject().put("id", paid)));
    assertThat(refunded.getString("state")).isEqualTo("CANCELLED");
    assertThat(refunded.getBoolean("refundDue")).isTrue();
    assertThat(bus.stock(cup)).as("the paid order's sold units are back in stock").isEqualTo(10);
    assertThat(await(bus.products.findReservation(UUID.fromString(refunded.getString("reservationId"))))
        .orElseThrow().status()).isEqualTo(ReservationStatus.RETURNED);
    assertError(bus.admin(OrderAction.CANCEL, new JsonObject().put("id", paid)), ErrorCode.CONFLICT, "state");
    assertThat(bus.stock(cup)).as("cancelling again returns nothing more").isEqualTo(10);
  }

  @Test
  void anotherUsersOrderIsNotFoundButAnAdminSeesEveryOrder() {
    UUID cup = bus.product("Cup", "12.90", 10);
    String id = place(ALICE, "k", new JsonObject().put("items", new JsonArray().add(item(cup, 1)))).getString("id");
    assertError(bus.as(BOB, OrderAction.GET, new JsonObject().put("id", id)), ErrorCode.NOT_FOUND, null);
    assertError(bus.as(BOB, OrderAction.CANCEL, new JsonObject().put("id", id)), ErrorCode.NOT_FOUND, null);
    assertThat(await(bus.as(ALICE, OrderAction.GET, new JsonObject().put("id", id))).getString("id")).isEqualTo(id);
    assertThat(await(bus.admin(OrderAction.GET, new JsonObject().put("id", id))).getString("id")).isEqualTo(id);
    assertThat(await(bus.as(BOB, OrderAction.LIST, new JsonObject())).getJsonArray("items")).isEmpty();
    assertThat(await(bus.admin(OrderAction.ADMIN_LIST, new JsonObject().put("userId", ALICE).put("state", "PLACED")))
        .getLong("total")).isEqualTo(1);
    assertError(bus.as(ALICE, OrderAction.ADMIN_LIST, new JsonObject()), ErrorCode.FORBIDDEN, null);
    assertError(bus.admin(OrderAction.ADMIN_LIST, new JsonObject().put("state", "LOST")), ErrorCode.VALIDATION, "state");
  }

  @Test
  void theCartFlagsDeletedAndOutOfStockProductsInsteadOfDroppingThem() {
    UUID cup = bus.product("Cup", "12.90", 10);
    UUID gone = bus.product("Gone", "1.00", 10);
    UUID empty = bus.product("Empty", "1.00", 1);
    await(bus.as(ALICE, OrderAction.CART_SET_ITEM, item(cup, 1)));
    await(bus.as(ALICE, OrderAction.CART_SET_ITEM, item(gone, 1)));
    await(bus.as(ALICE, OrderAction.CART_SET_ITEM, item(empty, 2)));
    await(bus.products.delete(gone, java.util.Optional.empty(), Instant.now(), Recorder.system(0)));
    assertError(bus.as(ALICE, OrderAction.CART_SET_ITEM, item(UUID.randomUUID(), 1)), ErrorCode.NOT_FOUND, "productId");

    JsonArray lines = await(bus.as(ALICE, OrderAction.CART_GET, new JsonObject())).getJsonArray("lines");
    assertThat(lines).hasSize(3);
    assertThat(lines.getJsonObject(0).getBoolean("available")).isTrue();
    assertThat(lines.getJsonObject(1).getString("problem")).isEqualTo("deleted");
    assertThat(lines.getJsonObject(2).getString("problem")).isEqualTo("not-enough-stock");
    await(bus.as(ALICE, OrderAction.CART_SET_ITEM, item(gone, 0)));
    assertThat(await(bus.as(ALICE, OrderAction.CART_GET, new JsonObject())).getJsonArray("lines")).hasSize(2);
    await(bus.as(ALICE, OrderAction.CART_CLEAR, new JsonObject()));
    assertThat(await(bus.as(ALICE, OrderAction.CART_GET, new JsonObject())).getJsonArray("lines")).isEmpty();
    assertThatThrownBy(() -> await(bus.anonymous(OrderAction.CART_GET, new JsonObject())))
        .isInstanceOf(ServiceException.class);
  }
}
