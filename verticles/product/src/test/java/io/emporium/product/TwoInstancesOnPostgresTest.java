package io.emporium.product;

import static io.emporium.product.store.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ProductAction;
import io.emporium.contract.ServiceException;
import io.emporium.product.store.Fixtures;
import io.emporium.product.store.Stores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two product verticle instances on PostgreSQL in one JVM, 200 callers at once through the bus (which
 * spreads them over both instances): stock of 100 never oversold, by adjustment or by reservation.
 */
@ExtendWith(VertxExtension.class)
class TwoInstancesOnPostgresTest {
  private ProductBus bus;
  private String productId;

  @BeforeEach
  void aProductWithAStockOf100(Vertx vertx) {
    bus = await(Stores.postgres(vertx, 16).compose(repository -> ProductBus.start(vertx, repository, 2)));
    await(bus.admin(ProductAction.ADMIN_CATEGORY_CREATE, new JsonObject().put("slug", "kitchen").put("name", "K")));
    productId = await(bus.admin(ProductAction.ADMIN_CREATE, ProductBodies.cup("RACE-1").put("stock", 100)))
        .getString("id");
  }
  /** Closes this test's Vert.x (and with it its pools) before the next test opens new ones. */
  @AfterEach
  void closeVertx(Vertx vertx) {
    Fixtures.await(vertx.close());
  }


  private static void exactlyHalfWin(List<Future<JsonObject>> calls) {
    await(Future.join(new ArrayList<>(calls)).otherwiseEmpty());
    assertThat(calls.stream().filter(Future::succeeded)).hasSize(100);
    assertThat(calls.stream().filter(Future::failed).map(f -> ((ServiceException) f.cause()).code()))
        .hasSize(100).containsOnly(ErrorCode.CONFLICT);
  }

  private int stock() {
    return await(bus.anonymous(ProductAction.GET, new JsonObject().put("id", productId))).getInteger("stock");
  }

  @Test
  void twoHundredConcurrentDecrementsOfOneOnAStockOf100() {
    List<Future<JsonObject>> calls = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      calls.add(bus.admin(ProductAction.ADMIN_ADJUST_STOCK, new JsonObject().put("id", productId).put("delta", -1)));
    }
    exactlyHalfWin(calls);
    assertThat(stock()).isZero();
  }

  @Test
  void twoHundredConcurrentReservationsOfOneOnAStockOf100() {
    List<Future<JsonObject>> calls = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      calls.add(bus.service(ProductAction.STOCK_RESERVE, new JsonObject()
          .put("reservationId", UUID.randomUUID().toString())
          .put("items", new JsonArray().add(new JsonObject().put("productId", productId).put("quantity", 1)))));
    }
    exactlyHalfWin(calls);
    assertThat(stock()).isZero();
  }

  @Test
  void theSameReservationSentTwentyTimesAtOnceHoldsOnce() {
    JsonObject reserve = new JsonObject().put("reservationId", UUID.randomUUID().toString())
        .put("items", new JsonArray().add(new JsonObject().put("productId", productId).put("quantity", 7)));
    List<Future<JsonObject>> calls = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      calls.add(bus.service(ProductAction.STOCK_RESERVE, reserve));
    }
    await(Future.join(new ArrayList<>(calls)).otherwiseEmpty());
    assertThat(calls).allMatch(Future::succeeded);
    assertThat(calls.stream().map(c -> c.result().getString("createdAt")).distinct()).hasSize(1);
    assertThat(stock()).isEqualTo(93);
  }
}
