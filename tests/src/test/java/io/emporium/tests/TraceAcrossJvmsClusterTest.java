package io.emporium.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.platform.testing.Ports;
import io.emporium.platform.testing.PrometheusText;
import io.emporium.testkit.Http;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
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
 * Two JVMs on a private loopback cluster, both exporting spans to a tiny OTLP receiver of the test: a
 * gateway JVM and a product JVM on PostgreSQL with its management server. One HTTP request is one
 * trace across both JVMs (the same trace id in the response header, in spans exported by each JVM and
 * in the product JVM's log line for the action); each JVM's /metrics counts exactly what it did.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TraceAcrossJvmsClusterTest {
  private static final Duration BOUND = Duration.ofSeconds(30);
  private static final String SECRET = "trace-across-jvms-test-secret-0123456789abcdef";
  private static final String SCRAPE_TOKEN = "scrape-" + UUID.randomUUID();

  @RegisterExtension
  static final ChildJvms jvms = ChildJvms.perClass();

  private static OtlpReceiver receiver;
  private static EmporiumProcess productJvm;
  private static URI gateway;
  private static int gatewayPort;
  private static String admin;
  private static int productManagementPort;

  @BeforeAll
  static void gatewayAndProductJvmsExportingSpans() throws Exception {
    receiver = new OtlpReceiver();
    TestCluster cluster = TestCluster.loopback(jvms.directory(), TraceAcrossJvmsClusterTest.class);
    productManagementPort = Ports.free();
    List<String> common = List.of("--cluster.enabled=true", "--cluster.config=" + cluster.config(),
        "--tracing.otlp-endpoint=" + receiver.endpoint(), "--tracing.sample-ratio=1");
    Map<String, String> env = Map.of("EMPORIUM_METRICS_TOKEN", SCRAPE_TOKEN, "EMPORIUM_JWT_SECRET", SECRET,
        "EMPORIUM_PG_URL", ProductTable.url());
    productJvm = jvms.startEmporium("product", with(common, "--roles=product", "--store=postgres",
        "--management.port=" + productManagementPort, "--log.levels=io.emporium.platform.service=DEBUG"), env)
        .awaitReady();
    // With the user service (in memory), which the product JVM confirms admin callers with.
    EmporiumProcess gatewayJvm = jvms.startEmporium("gateway", with(common, "--roles=gateway,user", "--http.port=0",
        "--http.host=127.0.0.1"), ClusterAdmin.env(env)).awaitReady();
    gateway = gatewayJvm.baseUri();
    gatewayPort = gatewayJvm.httpPort();
    admin = ClusterAdmin.signIn(gateway);
    Poll.until("the gateway sees the product service", BOUND,
        () -> send("GET", "/api/products/" + UUID.randomUUID(), null).status(), status -> status == 404);
  }

  @AfterAll
  static void stopReceiver() {
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  @Order(2)
  void oneRequestIsOneTraceAcrossTheGatewayAndTheProductJvm() {
    String id = createProduct();
    Http.Reply read = send("GET", "/api/products/" + id, null);
    assertThat(read.status()).isEqualTo(200);
    String traceId = read.headers().firstValue("X-Trace-Id").orElseThrow();
    assertThat(traceId).matches("[0-9a-f]{32}");
    Poll.until("spans of trace " + traceId + " exported by the gateway JVM and the product JVM", BOUND,
        () -> List.of(receiver.exported("gateway,user", traceId), receiver.exported("product", traceId)),
        both -> both.equals(List.of(true, true)));
    // The product JVM's log line for the action it served carries the same trace id.
    Poll.until("the product JVM logs the action with trace " + traceId, BOUND, () -> productJvm.stdout().lines()
        .filter(line -> line.contains("action product.get answered")).filter(line -> line.contains("trace=" + traceId))
        .count(), n -> n == 1L);
  }

  @Test
  @Order(1) // first: its counts are exact, and no event of another test may still be on its way
  void eachJvmCountsExactlyWhatItDid() {
    PrometheusText gatewayBefore = Metrics.scrape(gatewayPort, SCRAPE_TOKEN);
    PrometheusText productBefore = Metrics.scrape(productManagementPort, SCRAPE_TOKEN);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(createProduct());
    }
    for (int i = 0; i < 4; i++) {
      assertThat(send("GET", "/api/products/" + ids.get(0), null).status()).isEqualTo(200);
    }
    PrometheusText gatewayAfter = Metrics.scrape(gatewayPort, SCRAPE_TOKEN);
    // The gateway: requests by route template and status class, and mesh calls by action.
    assertThat(delta(gatewayBefore, gatewayAfter, "emporium_http_requests_total", "route", "/api/admin/products",
        "status_class", "2xx")).isEqualTo(3);
    assertThat(delta(gatewayBefore, gatewayAfter, "emporium_http_requests_total", "route", "/api/products/:id",
        "status_class", "2xx")).isEqualTo(4);
    assertThat(delta(gatewayBefore, gatewayAfter, "emporium_mesh_calls_total", "destination_service", "product",
        "action", "product.admin.create", "outcome", "success")).isEqualTo(3);
    assertThat(delta(gatewayBefore, gatewayAfter, "emporium_mesh_calls_total", "destination_service", "product",
        "action", "product.get", "outcome", "success")).isEqualTo(4);
    assertThat(gatewayAfter.sum("emporium_mesh_instances", "destination_service", "product")).isEqualTo(1);
    assertThat(gatewayAfter.has("emporium_db_operation_duration_seconds_count")).as("the gateway has no database")
        .isFalse();
    // The product JVM: its statements by operation and table, its business counter, its events.
    // Delivered is counted when the relay marks the row done, after the publish: wait for both.
    PrometheusText productAfter = Poll.until("the product JVM's relay publishes and marks delivered the three"
        + " product.created events", BOUND, () -> Metrics.scrape(productManagementPort, SCRAPE_TOKEN),
        m -> delta(productBefore, m, "emporium_events_published_total", "type", "product.created") == 3
            && delta(productBefore, m, "emporium_events_delivered_total", "type", "product.created") >= 3);
    assertThat(delta(productBefore, productAfter, "emporium_db_operations_total", "operation", "insert",
        "table", "product.products", "outcome", "success")).isEqualTo(3);
    assertThat(delta(productBefore, productAfter, "emporium_db_operations_total", "operation", "insert",
        "table", "product.outbox", "outcome", "success")).isGreaterThanOrEqualTo(3);
    assertThat(delta(productBefore, productAfter, "emporium_product_creations_total")).isEqualTo(3);
    assertThat(delta(productBefore, productAfter, "emporium_events_delivered_total", "type", "product.created"))
        .isEqualTo(3);
    assertThat(productAfter.sum("emporium_db_operation_duration_seconds_bucket", "operation", "insert", "le", "+Inf"))
        .isEqualTo(productAfter.sum("emporium_db_operation_duration_seconds_count", "operation", "insert"));
    assertThat(productAfter.has("emporium_http_requests_total")).as("the product JVM serves no API").isFalse();
    assertThat(productAfter.has("vertx_pool_in_use")).isTrue();
  }

  @Test
  @Order(3)
  void theManagementPortRefusesAnonymousScrapes() throws Exception {
    Http.Reply anonymous = Http.to(URI.create("http://127.0.0.1:" + productManagementPort)).get("/metrics");
    assertThat(anonymous.status()).isEqualTo(401);
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static double delta(PrometheusText before, PrometheusText after, String name, String... labels) {
    return after.sum(name, labels) - before.sum(name, labels);
  }

  private static String createProduct() {
    JsonObject body = new JsonObject().put("sku", "TRACE-" + UUID.randomUUID().toString().substring(0, 8))
        .put("name", "Traced cup").put("price", new JsonObject().put("amount", "4.20").put("currency", "EUR"))
        .put("stock", 7);
    Http.Reply created = send("POST", "/api/admin/products", body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return new JsonObject(created.body()).getString("id");
  }

  private static Http.Reply send(String method, String path, JsonObject body) {
    // Every read goes to the service (the gateway's GET cache would answer repeats itself).
    return Http.to(gateway).withBound(Duration.ofSeconds(20))
        .send(method, path, body, admin, Map.of("Cache-Control", "no-cache"));
  }

  private static List<String> with(List<String> base, String... more) {
    List<String> all = new ArrayList<>(base);
    all.addAll(List.of(more));
    return all;
  }
}
