package io.emporium.tests.order;

import static io.emporium.tests.order.OrderCrashCluster.items;
import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.testkit.Http.Reply;
import io.emporium.tests.ChildJvms;
import io.emporium.tests.EmporiumProcess;
import io.emporium.tests.Poll;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An order JVM dies (the test-only crash point {@code emporium.fault.order.halt-after-confirm}) after a
 * payment confirmed the order's reservation (its units sold) and before the order was written PAID. Another
 * order JVM's sweeper finds the order still PLACED past its payment window with its stock sold: once the grace
 * for a payment in flight is over, it returns the units to stock and cancels the order owing a refund.
 */
class PaymentCrashClusterTest {
  private static final String HALT_AFTER_CONFIRM = "emporium.fault.order.halt-after-confirm";
  private static final int WINDOW_SECONDS = 8;

  @RegisterExtension
  static final ChildJvms jvms = ChildJvms.perClass();

  private static OrderCrashCluster shop;

  @BeforeAll
  static void aProductJvmAndAGatewayOnAPrivateCluster() {
    shop = OrderCrashCluster.start(jvms, PaymentCrashClusterTest.class, "paycrash");
  }

  @Test
  void aPaymentWhoseWriteWasLostEndsInACancelledOrderOwingARefundWithItsUnitsBack() {
    String kettle = shop.product(10);
    String alice = shop.newUser();
    EmporiumProcess first = startOrderJvm("order-1", true);
    Reply placed = shop.send("POST", "/api/orders", alice, items(kettle, 3), "alice-1");
    assertThat(placed.status()).as(placed.body()).isEqualTo(201);
    String id = placed.json().getString("id");
    assertThat(shop.stock(kettle)).isEqualTo(7);

    Reply cut = shop.send("POST", "/api/admin/orders/" + id + "/paid", shop.admin(), null, null);
    assertThat(cut.status()).as(cut.body()).isIn(502, 503, 504);
    shop.halted(first, HALT_AFTER_CONFIRM);
    assertThat(shop.stock(kettle)).as("sold by the confirmation, though the order was never written PAID").isEqualTo(7);
    startOrderJvm("order-2", false);

    // past the window and the grace for a payment in flight (2 x bus.timeout-ms = 10 s), the sweeper converges
    JsonObject cancelled = Poll.until("the order cancelled by the sweeper",
        Duration.ofSeconds(WINDOW_SECONDS + 10 + 40), () -> order(id), o -> "CANCELLED".equals(o.getString("state")));
    assertThat(cancelled.getBoolean("refundDue")).as("the payment was taken: it is owed back").isTrue();
    assertThat(Instant.parse(cancelled.getString("updatedAt")))
        .isAfterOrEqualTo(Instant.parse(placed.json().getString("paymentDueAt")).plusSeconds(10));
    assertThat(shop.stock(kettle)).as("the sold units are back, once").isEqualTo(10);
    assertProblem(shop.send("POST", "/api/admin/orders/" + id + "/paid", shop.admin(), null, null), 409);
    assertThat(shop.stock(kettle)).isEqualTo(10);
  }

  private static JsonObject order(String id) {
    return shop.send("GET", "/api/orders/" + id, shop.admin(), null, null).json();
  }

  private static void assertProblem(Reply reply, int status) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
  }

  private static EmporiumProcess startOrderJvm(String name, boolean haltAfterConfirm) {
    return shop.startOrderJvm(name, WINDOW_SECONDS,
        Optional.of("-D" + HALT_AFTER_CONFIRM + "=true").filter(option -> haltAfterConfirm));
  }
}
