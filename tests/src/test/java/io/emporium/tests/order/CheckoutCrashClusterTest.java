package io.emporium.tests.order;

import static io.emporium.tests.order.OrderCrashCluster.items;
import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.testkit.Http.Reply;
import io.emporium.tests.ChildJvms;
import io.emporium.tests.EmporiumProcess;
import io.emporium.tests.Poll;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An order JVM dies (the test-only crash point {@code emporium.fault.order.halt-after-reservation}:
 * {@code Runtime.halt}, like kill -9) after the product service held a checkout's stock and before the order
 * was committed. A product JVM, a gateway+user JVM and order JVMs started one after another on a private
 * loopback cluster on free ports, on PostgreSQL:
 *
 * <ul>
 *   <li>the client retries with the same Idempotency-Key through another order JVM: exactly one order, the
 *       stock taken once;
 *   <li>a checkout nobody retries leaves a reservation without an order: its stock is back once the
 *       reservation (as long as the order JVM's payment window, short here) expires, and no order exists.
 * </ul>
 */
class CheckoutCrashClusterTest {
  private static final String HALT_AFTER_RESERVATION = "emporium.fault.order.halt-after-reservation";
  /** The payment window (and reservation lifetime) of the order JVM whose checkout is never retried. */
  private static final int SHORT_WINDOW_SECONDS = 8;
  /** Long enough for the retried checkout's reservation to outlive starting the next order JVM. */
  private static final int LONG_WINDOW_SECONDS = 300;

  @RegisterExtension
  static final ChildJvms jvms = ChildJvms.perClass();

  private static OrderCrashCluster shop;

  @BeforeAll
  static void aProductJvmAndAGatewayOnAPrivateCluster() {
    shop = OrderCrashCluster.start(jvms, CheckoutCrashClusterTest.class, "crash");
  }

  @Test
  void aCheckoutCutByACrashGivesOneOrderToARetryAndItsStockBackWithoutOne() {
    String kettle = shop.product(10);
    String teapot = shop.product(10);
    String alice = shop.newUser();
    String bob = shop.newUser();
    JsonObject threeKettles = items(kettle, 3);

    // Bob's checkout: the order JVM dies after the reservation, and Bob never comes back.
    EmporiumProcess first = startOrderJvm("order-1", SHORT_WINDOW_SECONDS, true);
    crashes(first, bob, items(teapot, 4), "bob-1");
    assertThat(shop.stock(teapot)).as("held for an order that does not exist").isEqualTo(6);

    // Alice's checkout: cut the same way; her retry goes to an order JVM that does not crash.
    EmporiumProcess second = startOrderJvm("order-2", LONG_WINDOW_SECONDS, true);
    crashes(second, alice, threeKettles, "alice-1");
    assertThat(shop.stock(kettle)).isEqualTo(7);
    startOrderJvm("order-3", LONG_WINDOW_SECONDS, false);

    Reply retried = shop.send("POST", "/api/orders", alice, threeKettles, "alice-1");
    assertThat(retried.status()).as(retried.body()).isEqualTo(201);
    Reply again = shop.send("POST", "/api/orders", alice, threeKettles, "alice-1");
    assertThat(again.status()).as(again.body()).isEqualTo(201);
    assertThat(again.json().getString("id")).isEqualTo(retried.json().getString("id"));
    assertThat(shop.stock(kettle)).as("the retry holds the stock the crashed checkout held, not more").isEqualTo(7);
    JsonObject alicesOrders = shop.send("GET", "/api/orders", alice, null, null).json();
    assertThat(alicesOrders.getInteger("total")).isEqualTo(1);
    assertThat(alicesOrders.getJsonArray("items").getJsonObject(0).getString("state")).isEqualTo("PLACED");

    // Bob's reservation expires with nobody to cancel an order: the product service gives the stock back.
    Poll.until("the stock of the checkout nobody retried back", Duration.ofSeconds(SHORT_WINDOW_SECONDS + 30),
        () -> shop.stock(teapot), s -> s == 10);
    assertThat(shop.send("GET", "/api/orders", bob, null, null).json().getInteger("total")).isZero();
    assertThat(shop.stock(kettle)).as("Alice's order still holds its stock").isEqualTo(7);
  }

  /** Checks out through {@code jvm}, which halts after the reservation: the client sees a failure, not an order. */
  private static void crashes(EmporiumProcess jvm, String user, JsonObject items, String key) {
    Reply cut = shop.send("POST", "/api/orders", user, items, key);
    assertThat(cut.status()).as(cut.body()).isIn(502, 503, 504);
    shop.halted(jvm, HALT_AFTER_RESERVATION);
  }

  private static EmporiumProcess startOrderJvm(String name, int windowSeconds, boolean haltAfterReservation) {
    return shop.startOrderJvm(name, windowSeconds,
        Optional.of("-D" + HALT_AFTER_RESERVATION + "=true").filter(option -> haltAfterReservation));
  }
}
