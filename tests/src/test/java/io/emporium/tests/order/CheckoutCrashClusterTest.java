package io.emporium.tests.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.tests.AdminTokens;
import io.emporium.tests.ChildJvms;
import io.emporium.tests.ClusterAdmin;
import io.emporium.tests.EmporiumProcess;
import io.emporium.tests.Poll;
import io.emporium.tests.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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
  private static final Duration BOUND = Duration.ofSeconds(60);
  private static final String HALT_AFTER_RESERVATION = "-Demporium.fault.order.halt-after-reservation=true";
  /** The payment window (and reservation lifetime) of the order JVM whose checkout is never retried. */
  private static final int SHORT_WINDOW_SECONDS = 8;
  /** Long enough for the retried checkout's reservation to outlive starting the next order JVM. */
  private static final int LONG_WINDOW_SECONDS = 300;
  private static final String PG_URL = Optional.ofNullable(System.getenv("EMPORIUM_TEST_PG_URL"))
      .filter(u -> !u.isBlank()).orElse("postgresql://postgres@127.0.0.1:5432/emporium_test");
  private static final String SECRET = "checkout-crash-test-secret-0123456789abcdef-" + UUID.randomUUID();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @RegisterExtension
  static final ChildJvms jvms = ChildJvms.perClass();

  private static List<String> clustered;
  private static URI gateway;
  private static String admin;
  private static String category;

  @BeforeAll
  static void aProductJvmAndAGatewayOnAPrivateCluster() {
    Path cluster = TestCluster.loopback(jvms.directory(), CheckoutCrashClusterTest.class).onFreePorts().config();
    clustered = List.of("--cluster.enabled=true", "--cluster.config=" + cluster, "--store=postgres");
    jvms.startEmporium("product", with(clustered, "--roles=product", "--stock.sweep-interval-ms=500"),
        Map.of("EMPORIUM_PG_URL", PG_URL)).awaitReady();
    gateway = jvms.startEmporium("gateway", with(clustered, "--roles=gateway,user", "--http.port=0",
            "--http.host=127.0.0.1", "--ratelimit.enabled=false"),
        ClusterAdmin.env(Map.of("EMPORIUM_JWT_SECRET", SECRET, "EMPORIUM_PG_URL", PG_URL))).awaitReady().baseUri();
    admin = ClusterAdmin.signIn(gateway);
    category = "crash-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(send("POST", "/api/admin/categories", admin, new JsonObject().put("slug", category)
        .put("name", "Checkout crash"), null).status()).isEqualTo(201);
  }

  @Test
  void aCheckoutCutByACrashGivesOneOrderToARetryAndItsStockBackWithoutOne() {
    String kettle = product(10);
    String teapot = product(10);
    String alice = AdminTokens.user(SECRET, UUID.randomUUID().toString());
    String bob = AdminTokens.user(SECRET, UUID.randomUUID().toString());
    JsonObject threeKettles = items(kettle, 3);

    // Bob's checkout: the order JVM dies after the reservation, and Bob never comes back.
    EmporiumProcess first = startOrderJvm("order-1", SHORT_WINDOW_SECONDS, true);
    crashes(first, bob, items(teapot, 4), "bob-1");
    assertThat(stock(teapot)).as("held for an order that does not exist").isEqualTo(6);

    // Alice's checkout: cut the same way; her retry goes to an order JVM that does not crash.
    EmporiumProcess second = startOrderJvm("order-2", LONG_WINDOW_SECONDS, true);
    crashes(second, alice, threeKettles, "alice-1");
    assertThat(stock(kettle)).isEqualTo(7);
    startOrderJvm("order-3", LONG_WINDOW_SECONDS, false);

    Reply retried = send("POST", "/api/orders", alice, threeKettles, "alice-1");
    assertThat(retried.status()).as(retried.body()).isEqualTo(201);
    Reply again = send("POST", "/api/orders", alice, threeKettles, "alice-1");
    assertThat(again.status()).as(again.body()).isEqualTo(201);
    assertThat(again.json().getString("id")).isEqualTo(retried.json().getString("id"));
    assertThat(stock(kettle)).as("the retry holds the stock the crashed checkout held, not more").isEqualTo(7);
    JsonObject alicesOrders = send("GET", "/api/orders", alice, null, null).json();
    assertThat(alicesOrders.getInteger("total")).isEqualTo(1);
    assertThat(alicesOrders.getJsonArray("items").getJsonObject(0).getString("state")).isEqualTo("PLACED");

    // Bob's reservation expires with nobody to cancel an order: the product service gives the stock back.
    Poll.until("the stock of the checkout nobody retried back", Duration.ofSeconds(SHORT_WINDOW_SECONDS + 30),
        () -> stock(teapot), s -> s == 10);
    assertThat(send("GET", "/api/orders", bob, null, null).json().getInteger("total")).isZero();
    assertThat(stock(kettle)).as("Alice's order still holds its stock").isEqualTo(7);
  }

  /** Checks out through {@code jvm}, which halts after the reservation: the client sees a failure, not an order. */
  private static void crashes(EmporiumProcess jvm, String user, JsonObject items, String key) {
    Reply cut = send("POST", "/api/orders", user, items, key);
    assertThat(cut.status()).as(cut.body()).isIn(502, 503, 504);
    assertThat(jvm.waitForExit(Duration.ofSeconds(30))).as(jvm.describe()).isEqualTo(86);
    assertThat(jvm.stderr()).contains("CRASH POINT emporium.fault.order.halt-after-reservation");
    Poll.until("the halted order JVM out of the gateway's view", BOUND, () -> instances("order").size(),
        n -> n == 0);
  }

  private static EmporiumProcess startOrderJvm(String name, int windowSeconds, boolean haltAfterReservation) {
    EmporiumProcess jvm = jvms.startEmporium(name, haltAfterReservation ? List.of(HALT_AFTER_RESERVATION) : List.of(),
        with(clustered, "--roles=order", "--order.payment-window-seconds=" + windowSeconds, "--order.sweep-seconds=1"),
        Map.of("EMPORIUM_PG_URL", PG_URL)).awaitReady();
    Poll.until(name + " in the gateway's view", BOUND, () -> instances("order").size(), n -> n == 1);
    return jvm;
  }

  private static JsonObject items(String product, int quantity) {
    return new JsonObject().put("items", new JsonArray().add(new JsonObject().put("productId", product)
        .put("quantity", quantity)));
  }

  private static String product(int stock) {
    JsonObject body = new JsonObject().put("sku", "CRASH-" + UUID.randomUUID().toString().substring(0, 8))
        .put("name", "Crash kettle").put("price", new JsonObject().put("amount", "30.00").put("currency", "EUR"))
        .put("category", category).put("stock", stock);
    Reply created = send("POST", "/api/admin/products", admin, body, null);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().getString("id");
  }

  private static JsonArray instances(String service) {
    return send("GET", "/api/mesh/stats", AdminTokens.admin(SECRET), null, null).json().getJsonObject("services")
        .getJsonObject(service, new JsonObject()).getJsonArray("instances", new JsonArray());
  }

  private static int stock(String id) {
    return send("GET", "/api/products/" + id, null, null, null).json().getInteger("stock");
  }

  record Reply(int status, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  private static Reply send(String method, String path, String token, JsonObject body, String idempotencyKey) {
    HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve(path)).timeout(Duration.ofSeconds(40))
        .header("Cache-Control", "no-cache")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    try {
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.body());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static List<String> with(List<String> first, String... more) {
    List<String> all = new ArrayList<>(first);
    all.addAll(List.of(more));
    return all;
  }
}
