package io.emporium.order;

import static io.emporium.order.OrderStoreContract.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.platform.config.ConfigKey;
import io.emporium.platform.contract.OrderAction;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An order still unpaid past its payment window is cancelled by the service and its stock returned. */
@ExtendWith(VertxExtension.class)
class OrderExpiryTest {
  @AfterEach
  void stop(Vertx vertx) {
    await(vertx.close());
  }

  @Test
  void anUnpaidOrderPastItsWindowIsCancelledAndItsStockReturned(Vertx vertx) throws Exception {
    OrderBus bus = await(OrderBus.start(vertx, Map.of(ConfigKey.ORDER_PAYMENT_WINDOW_SECONDS, "1",
        ConfigKey.ORDER_SWEEP_SECONDS, "1")));
    UUID cup = bus.product("Cup", "12.90", 10);
    JsonObject order = await(bus.as(OrderServiceTest.ALICE, OrderAction.PLACE, new JsonObject()
        .put("idempotencyKey", "k").put("items", new JsonArray().add(OrderServiceTest.item(cup, 4)))));
    assertThat(bus.stock(cup)).isEqualTo(6);

    JsonObject byId = new JsonObject().put("id", order.getString("id"));
    long deadline = System.currentTimeMillis() + 10_000;
    String state = "PLACED";
    while (!"CANCELLED".equals(state) && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
      state = await(bus.as(OrderServiceTest.ALICE, OrderAction.GET, byId)).getString("state");
    }
    assertThat(state).isEqualTo("CANCELLED");
    assertThat(bus.stock(cup)).isEqualTo(10);
    assertThat(await(bus.module.store().audit(UUID.fromString(order.getString("id")))))
        .extracting(a -> a.actor()).containsExactly(OrderServiceTest.ALICE, "service:order");
  }
}
