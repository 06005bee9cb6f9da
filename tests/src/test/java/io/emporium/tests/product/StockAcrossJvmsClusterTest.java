package io.emporium.tests.product;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.testkit.Http;
import io.emporium.tests.ChildJvm;
import io.emporium.tests.ChildJvms;
import io.emporium.tests.ClusterAdmin;
import io.emporium.tests.EmporiumProcess;
import io.emporium.tests.MeshStats;
import io.emporium.tests.Poll;
import io.emporium.tests.TestCluster;
import io.vertx.core.json.JsonObject;
import java.io.File;
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
 * Stock is never oversold across JVMs: two product JVMs of the real jar on one PostgreSQL database and a
 * gateway JVM, on a private loopback Hazelcast cluster. 200 decrements of one on a stock of 100, sent at
 * once over HTTP (the gateway's mesh spreads them over both product JVMs), then 200 reservations of one
 * from another JVM straight on the event bus: each time exactly 100 succeed, 100 are CONFLICT, and the
 * stock ends at 0.
 */
class StockAcrossJvmsClusterTest {
  private static final Duration BOUND = Duration.ofSeconds(30);
  private static final String PG_URL = Optional.ofNullable(System.getenv("EMPORIUM_TEST_PG_URL"))
      .filter(u -> !u.isBlank()).orElse("postgresql://postgres@127.0.0.1:5432/emporium_test");
  private static final String SECRET = "stock-across-jvms-test-secret-0123456789abcdef";

  @RegisterExtension
  static final ChildJvms jvms = ChildJvms.perClass();

  private static Path cluster;
  private static URI gateway;
  private static String admin;
  private static String category;

  @BeforeAll
  static void twoProductJvmsAndAGateway() throws Exception {
    cluster = TestCluster.loopback(jvms.directory(), StockAcrossJvmsClusterTest.class).config();
    List<String> clustered = List.of("--cluster.enabled=true", "--cluster.config=" + cluster);
    Map<String, String> database = Map.of("EMPORIUM_PG_URL", PG_URL);
    // One after the other: the first JVM forms the cluster, the others join it.
    jvms.startEmporium("product-a", with(clustered, "--roles=product", "--store=postgres"), database).awaitReady();
    jvms.startEmporium("product-b", with(clustered, "--roles=product", "--store=postgres"), database).awaitReady();
    // With the user service, which the product JVMs confirm admin callers with.
    EmporiumProcess gatewayJvm = jvms.startEmporium("gateway", with(clustered, "--roles=gateway,user", "--http.port=0",
        "--http.host=127.0.0.1"), ClusterAdmin.env(Map.of("EMPORIUM_JWT_SECRET", SECRET))).awaitReady();
    gateway = gatewayJvm.baseUri();
    admin = ClusterAdmin.signIn(gateway);
    Poll.until("two product instances in the view of every gateway verticle", BOUND,
        () -> MeshStats.nodesInEveryView(meshStats(), "product").size(), n -> n == 2);
    category = "stock-" + UUID.randomUUID().toString().substring(0, 8);
    JsonObject created = send("POST", "/api/admin/categories", new JsonObject().put("slug", category)
        .put("name", "Stock test")).join();
    assertThat(created.getInteger("status")).as(created.encode()).isEqualTo(201);
  }

  @Test
  void twoHundredDecrementsOverHttpAcrossTwoProductJvmsSellExactly100() throws Exception {
    String id = product(100);
    Map<String, Long> before = callsPerInstance();
    List<CompletableFuture<JsonObject>> calls = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      calls.add(send("POST", "/api/admin/products/" + id + "/stock", new JsonObject().put("delta", -1)));
    }
    List<Integer> statuses = calls.stream().map(CompletableFuture::join).map(r -> r.getInteger("status")).toList();
    assertThat(statuses).filteredOn(s -> s == 200).hasSize(100);
    assertThat(statuses).filteredOn(s -> s == 409).hasSize(100);
    assertThat(stock(id)).isZero();
    Map<String, Long> after = callsPerInstance();
    assertThat(after.keySet()).hasSize(2);
    after.forEach((instance, calls2) -> assertThat(calls2 - before.getOrDefault(instance, 0L))
        .as("calls served by instance %s", instance).isGreaterThanOrEqualTo(50));
  }

  @Test
  void twoHundredReservationsFromAnotherJvmOnTheBusHoldExactly100() throws Exception {
    String id = product(100);
    ChildJvm storm = jvms.startMain("reservation-storm", classpath(), ReservationStorm.class.getName(),
        List.of(cluster.toString(), id, "200", jvms.clusterSecret()));
    assertThat(storm.waitForExit(Duration.ofSeconds(90))).as("exit code\n%s", storm.describe()).isZero();
    JsonObject counts = storm.stdout().lines().filter(l -> l.startsWith("{")).map(JsonObject::new).findFirst()
        .orElseThrow(() -> new AssertionError("no counts printed\n" + storm.describe()));
    assertThat(counts.getJsonArray("other")).as(counts.encode()).isEmpty();
    assertThat(counts.getInteger("held")).isEqualTo(100);
    assertThat(counts.getInteger("conflict")).isEqualTo(100);
    assertThat(stock(id)).isZero();
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static String product(int stock) {
    JsonObject body = new JsonObject().put("sku", "RACE-" + UUID.randomUUID().toString().substring(0, 8))
        .put("name", "Scarce cup").put("price", new JsonObject().put("amount", "9.90").put("currency", "EUR"))
        .put("category", category).put("stock", stock);
    JsonObject reply = send("POST", "/api/admin/products", body).join();
    assertThat(reply.getInteger("status")).as(reply.encode()).isEqualTo(201);
    return reply.getJsonObject("body").getString("id");
  }

  private static int stock(String id) {
    return send("GET", "/api/products/" + id, null).join().getJsonObject("body").getInteger("stock");
  }

  private static JsonObject meshStats() {
    JsonObject stats = send("GET", "/api/mesh/stats", null).join();
    assertThat(stats.getInteger("status")).as(stats.encode()).isEqualTo(200);
    return stats.getJsonObject("body");
  }

  /** Every gateway verticle's calls summed: which verticle took a request is not this test's business. */
  private static Map<String, Long> callsPerInstance() {
    return MeshStats.callsPerInstance(meshStats(), "product");
  }

  /** {"status", "body"} of one request with the admin token. */
  private static CompletableFuture<JsonObject> send(String method, String path, JsonObject body) {
    // the stock as stored: bus reservations reach the gateway's cache only through events, a little later
    return Http.to(gateway).withBound(Duration.ofSeconds(20))
        .sendAsync(method, path, body, admin, Map.of("Cache-Control", "no-cache"))
        .thenApply(r -> new JsonObject()
            .put("status", r.status()).put("body", r.body().isEmpty() ? null : new JsonObject(r.body())));
  }

  private static String classpath() {
    return Optional.ofNullable(System.getProperty("surefire.test.class.path"))
        .orElse(System.getProperty("java.class.path")).replace(File.pathSeparator + File.pathSeparator,
            File.pathSeparator);
  }

  private static List<String> with(List<String> first, String... more) {
    List<String> all = new ArrayList<>(first);
    all.addAll(List.of(more));
    return all;
  }
}
