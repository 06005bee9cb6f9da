package io.emporium.tests.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.platform.testing.PrometheusText;
import io.emporium.testkit.Http;
import io.emporium.testkit.Http.Reply;
import io.emporium.testkit.Tokens;
import io.emporium.tests.ChildJvms;
import io.emporium.tests.ClusterAdmin;
import io.emporium.tests.EmporiumProcess;
import io.emporium.tests.Metrics;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The order routes of the jar as users run it, on PostgreSQL: the cart, checkout with its Idempotency-Key,
 * reading, cancelling and the admins' moves, each with its error answers; and 50 users checking out the
 * last 20 units of one product at once.
 */
class OrderRoutesTest {
  private static final String PG_URL = Optional.ofNullable(System.getenv("EMPORIUM_TEST_PG_URL"))
      .filter(u -> !u.isBlank()).orElse("postgresql://postgres@127.0.0.1:5432/emporium_test");
  private static final String SECRET = "order-routes-test-secret-0123456789abcdef-" + UUID.randomUUID();
  private static final String SCRAPE_TOKEN = "scrape-" + UUID.randomUUID();

  @RegisterExtension
  static final ChildJvms jvms = ChildJvms.perClass();

  private static URI gateway;
  private static int port;
  private static String admin;
  private static String category;

  @BeforeAll
  static void theWholeSystemOnPostgres() {
    EmporiumProcess system = jvms.startEmporium("system", List.of("--http.port=0", "--http.host=127.0.0.1",
            "--store=postgres",
            // the rate limits are for the internet, not for 50 users behind one address of a test
            "--ratelimit.enabled=false"),
        ClusterAdmin.env(Map.of("EMPORIUM_PG_URL", PG_URL, "EMPORIUM_JWT_SECRET", SECRET,
            "EMPORIUM_METRICS_TOKEN", SCRAPE_TOKEN))).awaitReady();
    gateway = system.baseUri();
    port = system.httpPort();
    admin = ClusterAdmin.signIn(gateway);
    category = "orders-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(send("POST", "/api/admin/categories", admin, new JsonObject().put("slug", category)
        .put("name", "Order test"), Map.of()).status()).isEqualTo(201);
  }

  @Test
  void theCartShowsCurrentProductsAndCheckoutIsIdempotentOnItsKey() {
    String alice = Tokens.user(SECRET, UUID.randomUUID().toString());
    String cup = product("12.90", 10);
    assertThat(send("GET", "/api/cart", alice, null, Map.of()).json().getJsonArray("lines")).isEmpty();
    Reply put = send("PUT", "/api/cart/items/" + cup, alice, new JsonObject().put("quantity", 3), Map.of());
    assertThat(put.status()).isEqualTo(200);
    assertThat(put.json().getJsonArray("lines").getJsonObject(0).getString("name")).isEqualTo("Order cup");
    assertThat(put.json().getJsonObject("total").getString("amount")).isEqualTo("38.70");
    assertProblem(send("PUT", "/api/cart/items/" + UUID.randomUUID(), alice, new JsonObject().put("quantity", 1),
        Map.of()), 404, "NOT_FOUND");
    assertProblem(send("PUT", "/api/cart/items/" + cup, alice, new JsonObject().put("quantity", -1), Map.of()),
        400, "VALIDATION");
    assertProblem(send("GET", "/api/cart", null, null, Map.of()), 401, "UNAUTHORIZED");

    Reply noKey = send("POST", "/api/orders", alice, new JsonObject(), Map.of());
    assertProblem(noKey, 400, "IDEMPOTENCY_KEY_REQUIRED");
    assertThat(noKey.json().getString("field")).isEqualTo("Idempotency-Key");
    assertThat(stock(cup)).isEqualTo(10);

    String key = UUID.randomUUID().toString();
    Reply placed = send("POST", "/api/orders", alice, null, Map.of("Idempotency-Key", key));
    assertThat(placed.status()).as(placed.body()).isEqualTo(201);
    JsonObject order = placed.json();
    assertThat(order.getString("state")).isEqualTo("PLACED");
    assertThat(order.getJsonObject("total")).isEqualTo(new JsonObject().put("amount", "38.70").put("currency", "EUR"));
    assertThat(placed.header("Location")).isEqualTo("/api/orders/" + order.getString("id"));
    assertThat(stock(cup)).isEqualTo(7);
    assertThat(send("GET", "/api/cart", alice, null, Map.of()).json().getJsonArray("lines")).isEmpty();

    Reply again = send("POST", "/api/orders", alice, null, Map.of("Idempotency-Key", key));
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.json()).isEqualTo(order);
    assertThat(stock(cup)).as("a retry orders nothing more").isEqualTo(7);
    Reply reused = send("POST", "/api/orders", alice, new JsonObject().put("items", new JsonArray()
        .add(new JsonObject().put("productId", cup).put("quantity", 1))), Map.of("Idempotency-Key", key));
    assertProblem(reused, 422, "IDEMPOTENCY_KEY_REUSED");
    assertThat(reused.json().getString("field")).isEqualTo("Idempotency-Key");

    Reply tooMany = send("POST", "/api/orders", alice, new JsonObject().put("items", new JsonArray()
        .add(new JsonObject().put("productId", cup).put("quantity", 8))), Map.of("Idempotency-Key", "k-" + key));
    assertProblem(tooMany, 409, "CONFLICT");
    assertThat(tooMany.json().getString("field")).isEqualTo("items[0].quantity");
    assertThat(stock(cup)).isEqualTo(7);
    assertThat(send("DELETE", "/api/cart", alice, null, Map.of()).status()).isEqualTo(204);
  }

  @Test
  void ordersAreReadByTheirOwnerMovedByAdminsAndCancelledWithTheirStockBack() {
    String userId = UUID.randomUUID().toString();
    String alice = Tokens.user(SECRET, userId);
    String bob = Tokens.user(SECRET, UUID.randomUUID().toString());
    String cup = product("5.00", 10);
    JsonObject items = new JsonObject().put("items", new JsonArray().add(new JsonObject().put("productId", cup)
        .put("quantity", 2)));
    String first = send("POST", "/api/orders", alice, items, Map.of("Idempotency-Key", "a-1")).json().getString("id");
    String second = send("POST", "/api/orders", alice, items, Map.of("Idempotency-Key", "a-2")).json().getString("id");
    assertThat(stock(cup)).isEqualTo(6);

    JsonObject mine = send("GET", "/api/orders?size=10", alice, null, Map.of()).json();
    assertThat(mine.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("id")).toList())
        .containsExactly(second, first);
    assertThat(mine.getInteger("total")).isEqualTo(2);
    assertThat(send("GET", "/api/orders/" + first, alice, null, Map.of()).status()).isEqualTo(200);
    assertProblem(send("GET", "/api/orders/" + first, bob, null, Map.of()), 404, "NOT_FOUND");
    assertThat(send("GET", "/api/orders/" + first, admin, null, Map.of()).status()).isEqualTo(200);
    assertProblem(send("GET", "/api/orders/not-a-uuid", alice, null, Map.of()), 400, "VALIDATION");

    Reply cancelled = send("POST", "/api/orders/" + first + "/cancel", alice, null, Map.of());
    assertThat(cancelled.json().getString("state")).isEqualTo("CANCELLED");
    assertThat(stock(cup)).isEqualTo(8);
    assertProblem(send("POST", "/api/orders/" + first + "/cancel", alice, null, Map.of()), 409, "CONFLICT");

    String path = "/api/admin/orders/" + second;
    assertProblem(send("POST", path + "/paid", alice, null, Map.of()), 403, "FORBIDDEN");
    assertProblem(send("POST", path + "/shipped", admin, null, Map.of()), 409, "CONFLICT");
    assertThat(send("POST", path + "/paid", admin, null, Map.of()).json().getString("state")).isEqualTo("PAID");
    assertThat(send("POST", path + "/shipped", admin, null, Map.of()).json().getString("state")).isEqualTo("SHIPPED");
    assertThat(send("POST", path + "/delivered", admin, null, Map.of()).json().getString("state"))
        .isEqualTo("DELIVERED");
    assertProblem(send("POST", "/api/admin/orders/" + UUID.randomUUID() + "/paid", admin, null, Map.of()), 404,
        "NOT_FOUND");
    assertThat(stock(cup)).as("the delivered order's stock stays sold").isEqualTo(8);

    JsonObject delivered = send("GET", "/api/admin/orders?state=DELIVERED&user=" + userId, admin, null, Map.of())
        .json();
    assertThat(delivered.getInteger("total")).isEqualTo(1);
    assertThat(delivered.getJsonArray("items").getJsonObject(0).getString("id")).isEqualTo(second);
    assertProblem(send("GET", "/api/admin/orders", alice, null, Map.of()), 403, "FORBIDDEN");
    assertProblem(send("GET", "/api/admin/orders?state=LOST", admin, null, Map.of()), 400, "VALIDATION");
  }

  @Test
  void aPaidOrderCancelledGivesItsUnitsBackOwesARefundAndCountsAsRefundedNotAsLessRevenue() {
    String alice = Tokens.user(SECRET, UUID.randomUUID().toString());
    String kettle = product("19.99", 5);
    JsonObject items = new JsonObject().put("items", new JsonArray().add(new JsonObject().put("productId", kettle)
        .put("quantity", 3)));
    PrometheusText before = Metrics.scrape(port, SCRAPE_TOKEN);
    String id = send("POST", "/api/orders", alice, items, Map.of("Idempotency-Key", "refund-1")).json().getString("id");
    assertThat(stock(kettle)).isEqualTo(2);
    JsonObject paid = send("POST", "/api/admin/orders/" + id + "/paid", admin, null, Map.of()).json();
    assertThat(paid.getString("state")).isEqualTo("PAID");
    assertThat(paid.getBoolean("refundDue")).isFalse();
    assertThat(stock(kettle)).as("paid: the units are sold").isEqualTo(2);

    Reply cancelled = send("POST", "/api/orders/" + id + "/cancel", alice, null, Map.of());
    assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
    assertThat(cancelled.json().getString("state")).isEqualTo("CANCELLED");
    assertThat(cancelled.json().getBoolean("refundDue")).isTrue();
    assertThat(stock(kettle)).as("the paid order's units are back in stock").isEqualTo(5);
    assertThat(send("GET", "/api/orders/" + id, alice, null, Map.of()).json().getBoolean("refundDue")).isTrue();
    assertProblem(send("POST", "/api/orders/" + id + "/cancel", admin, null, Map.of()), 409, "CONFLICT");
    assertThat(stock(kettle)).as("a second cancel returns nothing more").isEqualTo(5);

    PrometheusText after = Metrics.scrape(port, SCRAPE_TOKEN);
    assertThat(after.sum("emporium_order_revenue_cents_total", "currency", "EUR")
        - before.sum("emporium_order_revenue_cents_total", "currency", "EUR")).isEqualTo(5997);
    assertThat(after.sum("emporium_order_refunds_cents_total", "currency", "EUR")
        - before.sum("emporium_order_refunds_cents_total", "currency", "EUR")).isEqualTo(5997);
    assertThat(after.sum("emporium_order_transitions_total", "state", "cancelled")
        - before.sum("emporium_order_transitions_total", "state", "cancelled")).isEqualTo(1);
    assertThat(after.sum("emporium_stock_changes_total", "reason", "return")
        - before.sum("emporium_stock_changes_total", "reason", "return")).isEqualTo(1);
  }

  @Test
  void fiftyUsersCheckingOutTheLastTwentyUnitsAtOnceGetExactlyTwentyOrders() {
    String scarce = product("9.90", 20);
    List<CompletableFuture<Reply>> checkouts = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String user = Tokens.user(SECRET, UUID.randomUUID().toString());
      checkouts.add(sendAsync("POST", "/api/orders", user, new JsonObject().put("items", new JsonArray()
          .add(new JsonObject().put("productId", scarce).put("quantity", 1))), Map.of("Idempotency-Key", "last")));
    }
    List<Reply> replies = checkouts.stream().map(CompletableFuture::join).toList();
    assertThat(replies).extracting(r -> r.status()).filteredOn(s -> s == 201).hasSize(20);
    assertThat(replies).extracting(r -> r.status()).filteredOn(s -> s == 409).hasSize(30);
    assertThat(stock(scarce)).isZero();
    // every order holds its unit: the 20 orders are the 20 units taken, no more, no fewer
    List<String> orders = replies.stream().filter(r -> r.status() == 201).map(r -> r.json().getString("reservationId"))
        .distinct().toList();
    assertThat(orders).hasSize(20);
  }

  private static String product(String price, int stock) {
    JsonObject body = new JsonObject().put("sku", "ORD-" + UUID.randomUUID().toString().substring(0, 8))
        .put("name", "Order cup").put("price", new JsonObject().put("amount", price).put("currency", "EUR"))
        .put("category", category).put("stock", stock);
    Reply created = send("POST", "/api/admin/products", admin, body, Map.of());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().getString("id");
  }

  private static int stock(String id) {
    return send("GET", "/api/products/" + id, null, null, Map.of("Cache-Control", "no-cache")).json()
        .getInteger("stock");
  }

  private static void assertProblem(Reply reply, int status, String code) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(reply.json().getString("code")).as(reply.body()).isEqualTo(code);
  }

  private static Reply send(String method, String path, String token, JsonObject body, Map<String, String> headers) {
    return Http.to(gateway).withBound(Duration.ofSeconds(30)).send(method, path, body, token, headers);
  }

  private static CompletableFuture<Reply> sendAsync(String method, String path, String token, JsonObject body,
      Map<String, String> headers) {
    return Http.to(gateway).withBound(Duration.ofSeconds(30)).sendAsync(method, path, body, token, headers);
  }
}
