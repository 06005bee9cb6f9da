package io.emporium.product;

import static io.emporium.product.ProductBodies.cup;
import static io.emporium.product.store.Fixtures.await;
import static io.emporium.product.store.Fixtures.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.Headers;
import io.emporium.contract.ProductAction;
import io.emporium.contract.ServiceError;
import io.emporium.platform.config.EmporiumConfig;
import io.emporium.platform.metrics.EmporiumMetrics;
import io.emporium.platform.security.CallerSignatures;
import io.emporium.product.store.Fixtures;
import io.emporium.product.store.InMemoryProductRepository;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Admin and stock reservation actions check the caller themselves, whatever the gateway did: a caller without a
 * valid signature, anonymous or a plain user is refused, counted and changes nothing.
 */
@ExtendWith(VertxExtension.class)
class CallerChecksTest {
  private ProductBus bus;

  @BeforeEach
  void start(Vertx vertx) {
    bus = await(ProductBus.start(vertx, new InMemoryProductRepository(), 1));
    await(bus.admin(ProductAction.ADMIN_CATEGORY_CREATE, new JsonObject().put("slug", "kitchen").put("name",
        "Kitchen")));
  }

  /** Closes this test's Vert.x (and with it its pools) before the next test opens new ones. */
  @AfterEach
  void closeVertx(Vertx vertx) {
    Fixtures.await(vertx.close());
  }

  @Test
  void anAdminCallerWithoutAValidSignatureIsRefusedCountedAndChangesNothing() {
    // Counted where an operator is told (emporium_bus_caller_refusals_total, alert EmporiumBusCallerRefused).
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    EmporiumMetrics.bind(bus.vertx, EmporiumMetrics.on(registry));
    String admin = ProductBus.ADMIN;
    DeliveryOptions unsigned = bare(ProductAction.ADMIN_CREATE).addHeader(Headers.CALLER_ID, admin)
        .addHeader(Headers.CALLER_ROLES, "admin,user");
    DeliveryOptions otherSecret = CallerSignatures.of(new EmporiumConfig.Secret("not-the-cluster-secret-0123456789abcdef"),
        30).sign(bare(ProductAction.ADMIN_CREATE), ProductAction.ADMIN_CREATE.wireName(), admin, List.of("admin"));
    DeliveryOptions userPromoted = ProductBus.SIGNATURES.sign(bare(ProductAction.ADMIN_CREATE),
        ProductAction.ADMIN_CREATE.wireName(), ProductBus.USER, List.of("user"));
    userPromoted.getHeaders().set(Headers.CALLER_ROLES, "admin,user");
    DeliveryOptions otherAction = ProductBus.SIGNATURES.sign(bare(ProductAction.ADMIN_CREATE),
        ProductAction.ADMIN_QUEUE_STATS.wireName(), admin, List.of("admin"));

    for (DeliveryOptions forged : List.of(unsigned, otherSecret, userPromoted, otherAction)) {
      ServiceError error = failure(bus.raw(cup("FORGED-1"), forged));
      assertThat(error.code()).as(forged.getHeaders().toString()).isEqualTo(ErrorCode.UNAUTHORIZED);
    }
    assertThat(registry.get("emporium.bus.caller.refusals").tag("destination_service", "product").counter().count())
        .isEqualTo(4);
    JsonObject listing = await(bus.anonymous(ProductAction.LIST, new JsonObject()));
    assertThat(listing.getJsonArray("items")).isEmpty();
    // The same request signed as a gateway signs it goes through.
    assertThat(await(bus.admin(ProductAction.ADMIN_CREATE, cup("FORGED-1"))).getString("sku")).isEqualTo("FORGED-1");
  }

  private static DeliveryOptions bare(ProductAction action) {
    return new DeliveryOptions().setSendTimeout(15_000).addHeader(Headers.ACTION, action.wireName());
  }

  @Test
  void adminActionsCheckTheCallerThemselves() {
    assertThat(failure(bus.anonymous(ProductAction.ADMIN_CREATE, cup("X"))).code()).isEqualTo(ErrorCode.UNAUTHORIZED);
    assertThat(failure(bus.user(ProductAction.ADMIN_CREATE, cup("X"))).code()).isEqualTo(ErrorCode.FORBIDDEN);
    for (ProductAction action : new ProductAction[] {ProductAction.ADMIN_UPDATE, ProductAction.ADMIN_DELETE,
        ProductAction.ADMIN_SET_FEATURED, ProductAction.ADMIN_ADJUST_STOCK, ProductAction.ADMIN_BULK,
        ProductAction.ADMIN_CATEGORY_CREATE, ProductAction.ADMIN_CATEGORY_DELETE, ProductAction.ADMIN_AUDIT,
        ProductAction.ADMIN_QUEUE_STATS}) {
      assertThat(failure(bus.user(action, new JsonObject())).code()).as(action.wireName())
          .isEqualTo(ErrorCode.FORBIDDEN);
    }
  }

  @Test
  void stockReservationActionsRefuseAnonymousCallersAndUsersAndHoldNothingForThem() {
    String id = await(bus.admin(ProductAction.ADMIN_CREATE, cup("RES-ID-1"))).getString("id");
    JsonObject reserve = new JsonObject().put("reservationId", UUID.randomUUID().toString())
        .put("items", new JsonArray().add(new JsonObject().put("productId", id).put("quantity", 1)));
    assertThat(failure(bus.anonymous(ProductAction.STOCK_RESERVE, reserve)).code()).isEqualTo(ErrorCode.UNAUTHORIZED);
    assertThat(failure(bus.user(ProductAction.STOCK_RESERVE, reserve)).code()).isEqualTo(ErrorCode.FORBIDDEN);
    JsonObject byId = new JsonObject().put("reservationId", reserve.getString("reservationId"));
    assertThat(failure(bus.anonymous(ProductAction.STOCK_RELEASE, byId)).code()).isEqualTo(ErrorCode.UNAUTHORIZED);
    assertThat(failure(bus.anonymous(ProductAction.STOCK_CONFIRM, byId)).code()).isEqualTo(ErrorCode.UNAUTHORIZED);
    assertThat(failure(bus.anonymous(ProductAction.STOCK_RETURN, byId)).code()).isEqualTo(ErrorCode.UNAUTHORIZED);
    assertThat(failure(bus.user(ProductAction.STOCK_RETURN, byId)).code()).isEqualTo(ErrorCode.FORBIDDEN);
    int before = await(bus.anonymous(ProductAction.GET, new JsonObject().put("id", id))).getInteger("stock");

    assertThat(await(bus.service(ProductAction.STOCK_RESERVE, reserve)).getString("status")).isEqualTo("held");
    assertThat(await(bus.anonymous(ProductAction.GET, new JsonObject().put("id", id))).getInteger("stock"))
        .isEqualTo(before - 1);
  }
}
