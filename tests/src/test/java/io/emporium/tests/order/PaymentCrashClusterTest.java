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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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
  private static final Duration BOUND = Duration.ofSeconds(60);
  private static final String HALT_AFTER_CONFIRM = "-Demporium.fault.order.halt-after-confirm=true";
  private static final int WINDOW_SECONDS = 8;
  private static final String PG_URL = Optional.ofNullable(System.getenv("EMPORIUM_TEST_PG_URL"))
      .filter(u -> !u.isBlank()).orElse("postgresql://postgres@127.0.0.1:5432/emporium_test");
  private static final String SECRET = "payment-crash-test-secret-0123456789abcdef-" + UUID.randomUUID();
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
    Path cluster = TestCluster.loopback(jvms.directory(), PaymentCrashClusterTest.class).onFreePorts().config();
    clustered = List.of("--cluster.enabled=true", "--cluster.config=" + cluster, "--store=postgres");
    jvms.startEmporium("product", with(clustered, "--roles=product", "--stock.sweep-interval-ms=500"),
        Map.of("EMPORIUM_PG_URL", PG_URL)).awaitReady();
    gateway = jvms.startEmporium("gateway", with(clustered, "--roles=gateway,user", "--http.port=0",
            "--http.host=127.0.0.1", "--ratelimit.enabled=false"),
        ClusterAdmin.env(Map.of("EMPORIUM_JWT_SECRET", SECRET, "EMPORIUM_PG_URL", PG_URL))).awaitReady().baseUri();
    admin = ClusterAdmin.signIn(gateway);
    category = "paycrash-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(send("POST", "/api/admin/categories", admin, new JsonObject().put("slug", category)
        .put("name", "Payment crash"), null).status()).isEqualTo(201);
  }

  @Test
  void aPaymentWhoseWriteWasLostEndsInACancelledOrderOwingARefundWithItsUnitsBack() {
    String kettle = product(10);
    String alice = AdminTokens.user(SECRET, UUID.randomUUID().toString());
    EmporiumProcess first = startOrderJvm("order-1", true);
    Reply placed = send("POST", "/api/orders", alice, items(kettle, 3), "alice-1");
    assertThat(placed.status()).as(placed.body()).isEqualTo(201);
    String id = placed.json().getString("id");
    assertThat(stock(kettle)).isEqualTo(7);

    Reply cut = send("POST", "/api/admin/orders/" + id + "/paid", admin, null, null);
    assertThat(cut.status()).as(cut.body()).isIn(502, 503, 504);
    assertThat(first.waitForExit(Duration.ofSeconds(30))).as(first.describe()).isEqualTo(86);
    assertThat(first.stderr()).contains("CRASH POINT emporium.fault.order.halt-after-confirm");
    Poll.until("the halted order JVM out of the gateway's view", BOUND, () -> instances("order").size(),
        n -> n == 0);
    assertThat(stock(kettle)).as("sold by the confirmation, though the order was never written PAID").isEqualTo(7);
    startOrderJvm("order-2", false);

    // past the window and the grace for a payment in flight (2 x bus.timeout-ms = 10 s), the sweeper converges
    JsonObject cancelled = Poll.until("the order cancelled by the sweeper",
        Duration.ofSeconds(WINDOW_SECONDS + 10 + 40), () -> order(id), o -> "CANCELLED".equals(o.getString("state")));
    assertThat(cancelled.getBoolean("refundDue")).as("the payment was taken: it is owed back").isTrue();
    assertThat(Instant.parse(cancelled.getString("updatedAt")))
        .isAfterOrEqualTo(Instant.parse(placed.json().getString("paymentDueAt")).plusSeconds(10));
    assertThat(stock(kettle)).as("the sold units are back, once").isEqualTo(10);
    assertProblem(send("POST", "/api/admin/orders/" + id + "/paid", admin, null, null), 409);
    assertThat(stock(kettle)).isEqualTo(10);
  }

  private static JsonObject order(String id) {
    return send("GET", "/api/orders/" + id, admin, null, null).json();
  }

  private static void assertProblem(Reply reply, int status) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
  }

  private static EmporiumProcess startOrderJvm(String name, boolean haltAfterConfirm) {
    EmporiumProcess jvm = jvms.startEmporium(name, haltAfterConfirm ? List.of(HALT_AFTER_CONFIRM) : List.of(),
        with(clustered, "--roles=order", "--order.payment-window-seconds=" + WINDOW_SECONDS, "--order.sweep-seconds=1"),
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
