package io.emporium.tests.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.testkit.Http;
import io.emporium.testkit.Tokens;
import io.emporium.tests.ChildJvms;
import io.emporium.tests.ClusterAdmin;
import io.emporium.tests.EmporiumProcess;
import io.emporium.tests.MeshStats;
import io.emporium.tests.Poll;
import io.emporium.tests.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
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
 * No oversell across JVMs: two product JVMs and two order JVMs of the real jar on one PostgreSQL database,
 * and a gateway JVM, on a private loopback Hazelcast cluster. 50 users check out the last 20 units of one
 * product at once: exactly 20 orders, 30 answers 409, the stock at 0, both order JVMs served. Nobody pays:
 * once the payment window is over every order is cancelled by the order service and the 20 units are back,
 * no more and no fewer (no reservation is left without its order, none returned twice).
 */
class OrdersAcrossJvmsClusterTest {
  private static final Duration BOUND = Duration.ofSeconds(60);
  private static final int PAYMENT_WINDOW_SECONDS = 20;
  private static final String PG_URL = Optional.ofNullable(System.getenv("EMPORIUM_TEST_PG_URL"))
      .filter(u -> !u.isBlank()).orElse("postgresql://postgres@127.0.0.1:5432/emporium_test");
  private static final String SECRET = "orders-across-jvms-test-secret-0123456789abcdef";

  @RegisterExtension
  static final ChildJvms jvms = ChildJvms.perClass();

  private static URI gateway;
  private static String admin;
  private static String category;

  @BeforeAll
  static void twoProductJvmsTwoOrderJvmsAndAGateway() {
    Path cluster = TestCluster.loopback(jvms.directory(), OrdersAcrossJvmsClusterTest.class).config();
    List<String> clustered = List.of("--cluster.enabled=true", "--cluster.config=" + cluster, "--store=postgres");
    Map<String, String> database = Map.of("EMPORIUM_PG_URL", PG_URL);
    jvms.startEmporium("product-a", with(clustered, "--roles=product"), database).awaitReady();
    jvms.startEmporium("product-b", with(clustered, "--roles=product"), database).awaitReady();
    for (String name : List.of("order-a", "order-b")) {
      jvms.startEmporium(name, with(clustered, "--roles=order", "--order.payment-window-seconds="
          + PAYMENT_WINDOW_SECONDS, "--order.sweep-seconds=1"), database).awaitReady();
    }
    EmporiumProcess gatewayJvm = jvms.startEmporium("gateway", with(clustered, "--roles=gateway,user",
        "--http.port=0", "--http.host=127.0.0.1", "--ratelimit.enabled=false"),
        ClusterAdmin.env(Map.of("EMPORIUM_JWT_SECRET", SECRET, "EMPORIUM_PG_URL", PG_URL))).awaitReady();
    gateway = gatewayJvm.baseUri();
    admin = ClusterAdmin.signIn(gateway);
    Poll.until("two product and two order instances in the gateway's view", BOUND,
        () -> {
          JsonObject stats = meshStats();
          return MeshStats.nodesInEveryView(stats, "product").size() * 10
              + MeshStats.nodesInEveryView(stats, "order").size();
        }, n -> n == 22);
    category = "orders-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(send("POST", "/api/admin/categories", admin, new JsonObject().put("slug", category)
        .put("name", "Orders across JVMs"), null).join().getInteger("status")).isEqualTo(201);
  }

  @Test
  void fiftyUsersBuyTheLastTwentyUnitsAcrossJvmsAndUnpaidOrdersGiveThemBack() {
    JsonObject product = new JsonObject().put("sku", "LAST-" + UUID.randomUUID().toString().substring(0, 8))
        .put("name", "Last cup").put("price", new JsonObject().put("amount", "9.90").put("currency", "EUR"))
        .put("category", category).put("stock", 20);
    JsonObject created = send("POST", "/api/admin/products", admin, product, null).join();
    assertThat(created.getInteger("status")).as(created.encode()).isEqualTo(201);
    String id = created.getJsonObject("body").getString("id");

    List<CompletableFuture<JsonObject>> checkouts = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String user = Tokens.user(SECRET, UUID.randomUUID().toString());
      checkouts.add(send("POST", "/api/orders", user, new JsonObject().put("items", new JsonArray()
          .add(new JsonObject().put("productId", id).put("quantity", 1))), "last-units"));
    }
    List<JsonObject> replies = checkouts.stream().map(CompletableFuture::join).toList();
    List<Integer> statuses = replies.stream().map(r -> r.getInteger("status")).toList();
    assertThat(statuses).as(replies.toString()).filteredOn(s -> s == 201).hasSize(20);
    assertThat(statuses).filteredOn(s -> s == 409).hasSize(30);
    assertThat(stock(id)).isZero();
    List<String> orders = replies.stream().filter(r -> r.getInteger("status") == 201)
        .map(r -> r.getJsonObject("body").getString("id")).distinct().toList();
    assertThat(orders).hasSize(20);
    // every gateway verticle's calls summed: which verticle took a checkout is not this test's business
    assertThat(MeshStats.callsPerInstance(meshStats(), "order")).as("both order JVMs took checkouts").hasSize(2)
        .allSatisfy((instance, calls) -> assertThat(calls).as(instance).isPositive());

    // Nobody pays: past the window each order is cancelled and its unit returned, once.
    // (the database may hold other tests' orders: these 20 are read one by one)
    Poll.until("the 20 unpaid orders cancelled", Duration.ofSeconds(PAYMENT_WINDOW_SECONDS + 60),
        () -> orders.stream().filter(order -> !"CANCELLED".equals(send("GET", "/api/orders/" + order, admin, null,
            null).join().getJsonObject("body").getString("state"))).count(), left -> left == 0);
    assertThat(Poll.until("the 20 units back", Duration.ofSeconds(10), () -> stock(id), s -> s == 20)).isEqualTo(20);
  }

  private static JsonObject meshStats() {
    JsonObject stats = send("GET", "/api/mesh/stats", Tokens.admin(SECRET), null, null).join();
    assertThat(stats.getInteger("status")).as(stats.encode()).isEqualTo(200);
    return stats.getJsonObject("body");
  }

  private static int stock(String id) {
    return send("GET", "/api/products/" + id, null, null, null).join().getJsonObject("body").getInteger("stock");
  }

  /** {"status", "body"} of one request. */
  private static CompletableFuture<JsonObject> send(String method, String path, String token, JsonObject body,
      String idempotencyKey) {
    return Http.to(gateway).withBound(Duration.ofSeconds(30)).sendAsync(method, path, body, token,
            Http.headers("Idempotency-Key", idempotencyKey, "Cache-Control", "no-cache"))
        .thenApply(r -> new JsonObject().put("status", r.status())
            .put("body", r.body().isEmpty() ? null : new JsonObject(r.body())));
  }

  private static List<String> with(List<String> first, String... more) {
    List<String> all = new ArrayList<>(first);
    all.addAll(List.of(more));
    return all;
  }
}
