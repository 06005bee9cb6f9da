package io.emporium.tests;

import static io.emporium.tests.ProblemJson.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.testkit.Http;
import io.emporium.tests.example.OutsideClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two JVMs on a private loopback Hazelcast cluster: JVM 1 runs only the gateway, JVM 2 only the
 * product service on PostgreSQL. A product written to PostgreSQL can only reach JVM 1's HTTP port
 * across the cluster. Then an outside JVM, built from the contract document alone, uses the event-bus
 * contract directly (OutsideProgramClusterTest tries the rest of it), and finally JVM 2
 * stops gracefully and the gateway notices within 5 s.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterRequestTest {
  private static final Duration DISCOVERY_BOUND = Duration.ofSeconds(20);
  private static final Duration WITHDRAWAL_BOUND = Duration.ofSeconds(5);
  private static final Duration CLIENT_BOUND = Duration.ofSeconds(60);

  @RegisterExtension
  static final ChildJvms jvms = ChildJvms.perClass();

  private static ProductTable table;
  private static TestCluster cluster;
  private static EmporiumProcess productJvm;
  private static EmporiumProcess gatewayJvm;
  private static URI gateway;
  private static UUID productId;

  @BeforeAll
  static void startTwoJvmCluster() {
    // First: fail at once, with instructions, when PostgreSQL is missing.
    table = ProductTable.connect();
    cluster = TestCluster.loopback(jvms.directory(), ClusterRequestTest.class);
    List<String> clustered = List.of("--cluster.enabled=true", "--cluster.config=" + cluster.config());

    // One after the other: the first JVM forms the cluster and the second joins it (two JVMs that
    // start together may each form a cluster and merge only minutes later).
    productJvm = jvms.startEmporium("jvm2-product", concat(clustered, "--roles=product", "--store=postgres"),
        // The URL may carry a password: the environment keeps it out of the process list.
        Map.of("EMPORIUM_PG_URL", ProductTable.url())).awaitReady();
    gatewayJvm = jvms.startEmporium("jvm1-gateway", concat(clustered, "--roles=gateway", "--http.port=0",
        "--http.host=127.0.0.1"), Map.of("EMPORIUM_JWT_SECRET", randomSecret())).awaitReady();
    gateway = gatewayJvm.baseUri();
  }

  @AfterAll
  static void closeDatabase() {
    if (table != null) {
      table.close();
    }
  }

  @Test
  @Order(1)
  void eachJvmRunsOnlyItsRole() {
    // instances.gateway defaults to one per processor; the child JVM runs on this machine.
    int gateways = Runtime.getRuntime().availableProcessors();
    assertThat(gatewayJvm.stdout()).containsPattern("Emporium started: " + gateways + " gateway \\(clustered, node ")
        .doesNotContainPattern("Emporium started: .*product")
        .doesNotContain("Store: PostgreSQL");
    assertThat(productJvm.stdout()).containsPattern("Emporium started: 1 product \\(clustered, node ")
        .contains("Store: PostgreSQL at ")
        .doesNotContain("listening on")
        .doesNotContain("NOT durable");
  }

  @Test
  @Order(2)
  void theGatewayJvmSeesTheProductServiceUpOnPostgres() {
    JsonObject product = Poll.until("product service UP in JVM 1's health", DISCOVERY_BOUND,
        () -> Http.to(gateway).get("/api/health").json().getJsonObject("checks").getJsonObject("product"),
        check -> "UP".equals(check.getString("status")));

    assertThat(product.getString("store")).isEqualTo("postgres");
    assertThat(product.getString("database")).isEqualTo("UP");
    assertThat(product.getInteger("instances")).isEqualTo(1);
    assertThat(product.getInteger("healthy")).isEqualTo(1);
    // No JVM runs the user service, and health says so: the whole report is DOWN (503).
    Http.Reply health = Http.to(gateway).get("/api/health");
    assertThat(health.status()).isEqualTo(503);
    assertThat(health.json().getString("status")).isEqualTo("DOWN");
    assertThat(health.json().getJsonObject("checks").getJsonObject("user").getInteger("instances")).isZero();
    assertThat(health.json().getJsonObject("checks").getJsonObject("eventBus").getString("status")).isEqualTo("UP");
  }

  @Test
  @Order(3)
  void aProductWrittenToPostgresIsServedThroughTheGatewayJvm() {
    productId = UUID.randomUUID();
    String sku = "CUP-" + productId.toString().substring(0, 8);
    table.truncate();
    table.insert(productId, sku, "Espresso cup (cluster test)", "Porcelain, 90 ml", new BigDecimal("12.90"), "EUR",
        "kitchen", new JsonArray().add("cup").add("porcelain"), new JsonObject().put("colour", "white"), 25);

    Http.Reply response = Http.to(gateway).get("/api/products/" + productId);

    assertThat(response.status()).as("%s", response).isEqualTo(200);
    assertThat(response.contentType()).startsWith("application/json");
    JsonObject product = response.json();
    assertThat(product.getString("id")).isEqualTo(productId.toString());
    assertThat(product.getString("sku")).isEqualTo(sku);
    assertThat(product.getString("name")).isEqualTo("Espresso cup (cluster test)");
    assertThat(product.getString("description")).isEqualTo("Porcelain, 90 ml");
    assertThat(product.getJsonObject("price")).isEqualTo(new JsonObject().put("amount", "12.90").put("currency", "EUR"));
    assertThat(product.getString("category")).isEqualTo("kitchen");
    assertThat(product.getJsonArray("tags")).isEqualTo(new JsonArray().add("cup").add("porcelain"));
    assertThat(product.getJsonObject("attributes")).isEqualTo(new JsonObject().put("colour", "white"));
    assertThat(product.getInteger("stock")).isEqualTo(25);
    assertThat(product.getBoolean("featured")).isFalse();
    assertThat(product.getString("status")).isEqualTo("active");
    assertThat(product.getLong("version")).isEqualTo(1L);
    assertThat(response.header("X-Request-Id")).isNotNull();
  }

  @Test
  @Order(4)
  void anUnknownIdIs404AcrossJvms() {
    String path = "/api/products/" + UUID.randomUUID();

    JsonObject problem = assertProblem(Http.to(gateway).get(path), 404, "NOT_FOUND");
    assertThat(problem.getString("instance")).isEqualTo(path);
  }

  @Test
  @Order(5)
  void anOutsideJvmBuiltFromTheContractAloneGetsTheProduct() {
    assertThat(productId).as("the product of the previous test").isNotNull();

    // Its own build (tests/outside-client) with the documented dependencies, run with no JVM flag.
    ChildJvm found = OutsideClient.start(jvms, "outside-lookup-found", "ProductLookup",
        List.of(cluster.config().toString(), productId.toString()));
    int foundExit = found.waitForExit(CLIENT_BOUND);

    assertThat(foundExit).as("exit code\n%s", found.describe()).isZero();
    JsonObject reply = found.stdout().lines().filter(l -> l.startsWith("{")).map(JsonObject::new).findFirst()
        .orElseThrow(() -> new AssertionError("no JSON reply printed\n" + found.describe()));
    assertThat(reply.getString("id")).isEqualTo(productId.toString());
    assertThat(reply.getString("name")).isEqualTo("Espresso cup (cluster test)");
    assertThat(reply.getJsonObject("price").getString("amount")).isEqualTo("12.90");
    // Without the flags Hazelcast only warns (EVENT-BUS-CONTRACT.md, "Joining from another JVM").
    assertThat(found.stderr()).contains("Hazelcast is starting in a Java modular environment")
        .doesNotContain("NoClassDefFoundError");

    ChildJvm missing = OutsideClient.start(jvms, "outside-lookup-missing", "ProductLookup",
        List.of(cluster.config().toString(), UUID.randomUUID().toString()));
    int missingExit = missing.waitForExit(CLIENT_BOUND);

    assertThat(missingExit).as("exit code\n%s", missing.describe()).isEqualTo(1);
    assertThat(missing.stdout()).as("output\n%s", missing.describe())
        .containsPattern("FAILED NOT_FOUND \\{.*\"code\":\"NOT_FOUND\"");
  }

  @Test
  @Order(6)
  void afterSigtermOfTheProductJvmTheGatewayAnswers503Within5Seconds() {
    long sentAt = System.nanoTime();
    productJvm.sigterm();

    JsonObject product = Poll.until("product instances 0 in JVM 1's health", WITHDRAWAL_BOUND,
        () -> Http.to(gateway).get("/api/health").json().getJsonObject("checks").getJsonObject("product"),
        check -> Integer.valueOf(0).equals(check.getInteger("instances")));
    // Seen before the product JVM finished stopping, i.e. before it left the cluster: its record was
    // withdrawn by the graceful shutdown, not evicted after the member vanished (that would also fit 5 s).
    boolean stoppedBeforeWithdrawalSeen = productJvm.stdout().contains(EmporiumProcess.STOPPED);
    long withdrawnMs = elapsedMs(sentAt);
    // uncached: the gateway's cache may still hold the product, and would rightly answer it
    Http.Reply response = Http.to(gateway).getUncached("/api/products/" + productId);
    long unavailableMs = elapsedMs(sentAt);

    assertThat(product.getString("status")).isEqualTo("DOWN");
    JsonObject problem = assertProblem(response, 503, "UNAVAILABLE");
    assertThat(problem.getString("detail")).isNotBlank();
    assertThat(response.header("Retry-After")).as("Retry-After of %s", response)
        .isNotNull().satisfies(v -> assertThat(Integer.parseInt(v)).isPositive());
    assertThat(unavailableMs).as("ms from SIGTERM to the 503").isLessThanOrEqualTo(WITHDRAWAL_BOUND.toMillis());
    assertThat(stoppedBeforeWithdrawalSeen).as("the product JVM had already finished stopping when the gateway"
        + " saw its instance gone, so the withdrawal did not come from the graceful shutdown").isFalse();

    productJvm.waitForExit(Duration.ofSeconds(15));
    long exitedMs = elapsedMs(sentAt);
    System.out.printf("after SIGTERM: instance gone from the gateway's view at %d ms, 503 at %d ms, product JVM"
        + " exited at %d ms%n", withdrawnMs, unavailableMs, exitedMs);
    assertThat(productJvm.stdout()).contains("Emporium stopping").contains(EmporiumProcess.STOPPED);
    assertThat(productJvm.stderr()).doesNotContain("did not stop cleanly").doesNotContain("\tat ");
    assertThat(gatewayJvm.isAlive()).as("the gateway JVM keeps running").isTrue();
  }

  private static long elapsedMs(long since) {
    return (System.nanoTime() - since) / 1_000_000;
  }

  private static List<String> concat(List<String> first, String... more) {
    return java.util.stream.Stream.concat(first.stream(), Arrays.stream(more)).toList();
  }

  /** The gateway of a cluster must have a shared JWT secret; each run makes up its own. */
  private static String randomSecret() {
    byte[] bytes = new byte[36];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
