package io.emporium.tests.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.testkit.Http;
import io.emporium.testkit.Tokens;
import io.emporium.tests.ChildJvms;
import io.emporium.tests.ClusterAdmin;
import io.emporium.tests.EmporiumProcess;
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

/**
 * What the order crash tests share: a product JVM and a gateway JVM (with the user role) in a private
 * cluster on PostgreSQL, a category for their products, order JVMs started on demand (with a crash point
 * or without), and a blocking client of the gateway that never reads from its cache.
 */
final class OrderCrashCluster {
  static final Duration BOUND = Duration.ofSeconds(60);
  private static final String PG_URL = Optional.ofNullable(System.getenv("EMPORIUM_TEST_PG_URL"))
      .filter(u -> !u.isBlank()).orElse("postgresql://postgres@127.0.0.1:5432/emporium_test");

  private final ChildJvms jvms;
  private final String secret;
  private final List<String> clustered;
  private final URI gateway;
  private final String admin;
  private final String category;

  private OrderCrashCluster(ChildJvms jvms, String secret, List<String> clustered, URI gateway, String admin,
      String category) {
    this.jvms = jvms;
    this.secret = secret;
    this.clustered = clustered;
    this.gateway = gateway;
    this.admin = admin;
    this.category = category;
  }

  /** Starts the product and gateway JVMs and makes the category (its slug begins with {@code name}). */
  static OrderCrashCluster start(ChildJvms jvms, Class<?> test, String name) {
    String secret = name + "-test-secret-0123456789abcdef-" + UUID.randomUUID();
    Path cluster = TestCluster.loopback(jvms.directory(), test).onFreePorts().config();
    List<String> clustered = List.of("--cluster.enabled=true", "--cluster.config=" + cluster, "--store=postgres");
    jvms.startEmporium("product", with(clustered, "--roles=product", "--stock.sweep-interval-ms=500"),
        Map.of("EMPORIUM_PG_URL", PG_URL)).awaitReady();
    URI gateway = jvms.startEmporium("gateway", with(clustered, "--roles=gateway,user", "--http.port=0",
            "--http.host=127.0.0.1", "--ratelimit.enabled=false"),
        ClusterAdmin.env(Map.of("EMPORIUM_JWT_SECRET", secret, "EMPORIUM_PG_URL", PG_URL))).awaitReady().baseUri();
    String admin = ClusterAdmin.signIn(gateway);
    String category = name + "-" + UUID.randomUUID().toString().substring(0, 8);
    OrderCrashCluster shop = new OrderCrashCluster(jvms, secret, clustered, gateway, admin, category);
    Http.Reply created = shop.send("POST", "/api/admin/categories", admin, new JsonObject().put("slug", category)
        .put("name", name), null);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return shop;
  }

  String admin() {
    return admin;
  }

  /** An access token of a new user. */
  String newUser() {
    return Tokens.user(secret, UUID.randomUUID().toString());
  }

  /**
   * An order JVM with a payment window (its reservations' lifetime) of {@code windowSeconds}, the sweeper
   * every second, and the crash point {@code crashPoint} (a -D option) when given; ready once the gateway sees it.
   */
  EmporiumProcess startOrderJvm(String name, int windowSeconds, Optional<String> crashPoint) {
    EmporiumProcess jvm = jvms.startEmporium(name, crashPoint.map(List::of).orElse(List.of()),
        with(clustered, "--roles=order", "--order.payment-window-seconds=" + windowSeconds, "--order.sweep-seconds=1"),
        Map.of("EMPORIUM_PG_URL", PG_URL)).awaitReady();
    Poll.until(name + " in the gateway's view", BOUND, () -> instances("order").size(), n -> n == 1);
    return jvm;
  }

  /** Waits until the JVM halted at its crash point (exit code 86) and the gateway no longer lists it. */
  void halted(EmporiumProcess jvm, String crashPoint) {
    assertThat(jvm.waitForExit(Duration.ofSeconds(30))).as(jvm.describe()).isEqualTo(86);
    assertThat(jvm.stderr()).contains("CRASH POINT " + crashPoint);
    Poll.until("the halted order JVM out of the gateway's view", BOUND, () -> instances("order").size(),
        n -> n == 0);
  }

  static JsonObject items(String product, int quantity) {
    return new JsonObject().put("items", new JsonArray().add(new JsonObject().put("productId", product)
        .put("quantity", quantity)));
  }

  /** A new product at 30.00 EUR with {@code stock} units; its id. */
  String product(int stock) {
    JsonObject body = new JsonObject().put("sku", "CRASH-" + UUID.randomUUID().toString().substring(0, 8))
        .put("name", "Crash kettle").put("price", new JsonObject().put("amount", "30.00").put("currency", "EUR"))
        .put("category", category).put("stock", stock);
    Http.Reply created = send("POST", "/api/admin/products", admin, body, null);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().getString("id");
  }

  int stock(String id) {
    return send("GET", "/api/products/" + id, null, null, null).json().getInteger("stock");
  }

  JsonArray instances(String service) {
    return send("GET", "/api/mesh/stats", Tokens.admin(secret), null, null).json().getJsonObject("services")
        .getJsonObject(service, new JsonObject()).getJsonArray("instances", new JsonArray());
  }

  Http.Reply send(String method, String path, String token, JsonObject body, String idempotencyKey) {
    return Http.to(gateway).withBound(Duration.ofSeconds(40)).send(method, path, body, token,
        Http.headers("Idempotency-Key", idempotencyKey, "Cache-Control", "no-cache"));
  }

  private static List<String> with(List<String> first, String... more) {
    List<String> all = new ArrayList<>(first);
    all.addAll(List.of(more));
    return all;
  }
}
