package io.emporium.launcher.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.emporium.gateway.monitoring.MonitoringAccess;
import io.emporium.launcher.EmporiumSystem;
import io.emporium.launcher.RunningSystem;
import io.emporium.launcher.TestAdmin;
import io.emporium.platform.config.ConfigKey;
import io.emporium.platform.config.TestConfigs;
import io.emporium.platform.testing.Ports;
import io.emporium.platform.testing.PrometheusText;
import io.emporium.testkit.Http;
import io.emporium.testkit.Http.Reply;
import io.emporium.testkit.Tokens;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@code /metrics} and {@code /api/metrics/summary} of a whole system in one JVM: who may read them,
 * that every access is audited, and that a scripted workload moves exactly the counters it should.
 */
class MetricsEndpointTest {
  static final String SCRAPE_TOKEN = "scrape-token-for-tests-" + UUID.randomUUID();
  static final String SECRET = "product-routes-test-secret-0123456789abcdef";
  private static RunningSystem system;
  private static int port;
  private static int managementPort;
  private static String catalogueAdmin;
  private static final ListAppender<ILoggingEvent> AUDIT = new ListAppender<>();

  private static final long PRODUCT_INSTANCES = 3;

  @BeforeAll
  static void start() throws Exception {
    managementPort = Ports.free();
    system = EmporiumSystem.start(TestConfigs.with(Map.of(
            ConfigKey.HTTP_PORT, "0",
            ConfigKey.HTTP_HOST, "127.0.0.1",
            ConfigKey.MANAGEMENT_PORT, String.valueOf(managementPort),
            ConfigKey.METRICS_TOKEN, SCRAPE_TOKEN,
            ConfigKey.JWT_SECRET, SECRET,
            ConfigKey.ADMIN_EMAIL, TestAdmin.EMAIL,
            ConfigKey.ADMIN_PASSWORD, TestAdmin.PASSWORD,
            // not the default (one per core): the summary must count what was deployed
            ConfigKey.INSTANCES_PRODUCT, String.valueOf(PRODUCT_INSTANCES))))
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    port = system.httpPort().orElseThrow();
    catalogueAdmin = TestAdmin.token(system);
    Logger audit = (Logger) LoggerFactory.getLogger(MonitoringAccess.AUDIT_LOGGER);
    audit.setLevel(ch.qos.logback.classic.Level.INFO);
    audit.addAppender(AUDIT);
    AUDIT.start();
  }

  @AfterAll
  static void stop() throws Exception {
    system.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  static Reply get(int port, String path, String bearer) {
    return Http.on(port).get(path, bearer);
  }

  static Reply post(String path, JsonObject body, String bearer) {
    return Http.on(port).send("POST", path, body, bearer);
  }

  static PrometheusText scrape() throws Exception {
    Reply response = get(port, "/metrics", SCRAPE_TOKEN);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return new PrometheusText(response.body());
  }

  /**
   * A scrape once {@code recorded} holds (or after a second): a request is counted when its answer has
   * been written, which can be just after the client has read it and sent the scrape on another connection.
   */
  static PrometheusText scrapeOnce(Predicate<PrometheusText> recorded) throws Exception {
    PrometheusText scrape = scrape();
    for (int i = 0; i < 50 && !recorded.test(scrape); i++) {
      Thread.sleep(20);
      scrape = scrape();
    }
    return scrape;
  }

  @Test
  void anonymousAndWrongTokensAreRefusedAndAudited() throws Exception {
    int before = AUDIT.list.size();
    assertThat(get(port, "/metrics", null).status()).isEqualTo(401);
    assertThat(get(port, "/metrics", "not-the-token").status()).isEqualTo(401);
    assertThat(get(port, "/metrics", Tokens.user(SECRET)).status()).isEqualTo(403);
    assertThat(get(port, "/api/metrics/summary", null).status()).isEqualTo(401);
    assertThat(get(port, "/api/metrics/summary", SCRAPE_TOKEN).status()).as("the scrape token opens /metrics only")
        .isEqualTo(401);
    assertThat(get(port, "/api/metrics/summary", Tokens.user(SECRET)).status()).isEqualTo(403);
    assertThat(get(managementPort, "/metrics", null).status()).isEqualTo(401);
    Thread.sleep(200); // the audit line is written when the answer has gone
    // A granted line of another test's last scrape may land after `before` (seen in CI: it too is written when
    // its answer has gone); this test's seven requests were all refused (their statuses say so above).
    List<ILoggingEvent> lines;
    synchronized (AUDIT) { // logback appends under the appender's lock, from the event loops
      lines = List.copyOf(AUDIT.list.subList(before, AUDIT.list.size()));
    }
    assertThat(lines)
        .extracting(ILoggingEvent::getFormattedMessage)
        .filteredOn(line -> !line.endsWith(": granted"))
        .hasSize(7)
        .allSatisfy(line -> assertThat(line).contains("refused"));
  }

  @Test
  void scrapeTokenAndAdminTokenAreGrantedOnBothPorts() throws Exception {
    String admin = Tokens.admin(SECRET);
    Reply byToken = get(port, "/metrics", SCRAPE_TOKEN);
    assertThat(byToken.status()).isEqualTo(200);
    assertThat(byToken.header("Content-Type")).startsWith("text/plain; version=0.0.4");
    assertThat(get(port, "/metrics", admin).status()).isEqualTo(200);
    assertThat(get(managementPort, "/metrics", SCRAPE_TOKEN).status()).isEqualTo(200);
    assertThat(get(managementPort, "/metrics", admin).status()).isEqualTo(200);
    assertThat(get(port, "/api/metrics/summary", admin).status()).isEqualTo(200);
    Thread.sleep(200);
    assertThat(AUDIT.list).anySatisfy(event -> {
      assertThat(event.getFormattedMessage()).contains("/metrics").contains(MonitoringAccess.SCRAPE_PRINCIPAL)
          .contains("granted");
      assertThat(event.getKeyValuePairs()).anySatisfy(kv -> assertThat(kv.key).isEqualTo("clientIp"));
    });
  }

  @Test
  void withoutAReceiverNoTraceIsMadeNotEvenOneItsCallerRecorded() throws Exception {
    Reply plain = get(port, "/api/products/" + UUID.randomUUID(), null);
    Reply recordedByCaller = Http.on(port).send("GET", "/api/products/" + UUID.randomUUID(), null, null,
        Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
    assertThat(plain.status()).isEqualTo(404);
    assertThat(plain.header("X-Trace-Id")).isNull();
    assertThat(recordedByCaller.header("X-Trace-Id")).isNull();
  }

  @Test
  void exposesVertxJvmProcessAndSystemMeters() throws Exception {
    get(port, "/api/products/" + UUID.randomUUID(), null);
    PrometheusText scrape = scrape();
    for (String name : new String[] {"vertx_http_server_requests_total",
        "vertx_eventbus_sent_total", "vertx_eventbus_handlers", "vertx_pool_in_use", "jvm_memory_used_bytes",
        "jvm_gc_memory_allocated_bytes_total", "jvm_gc_overhead", "jvm_threads_live_threads", "process_cpu_usage", "system_cpus",
        "process_cpu_time_seconds_total",
        "process_uptime_seconds", "process_files_open_files", "emporium_http_requests_total",
        "emporium_http_request_duration_seconds_bucket", "emporium_http_payload_size_bytes"}) {
      assertThat(scrape.has(name)).as(name).isTrue();
    }
    // Names promtool accepts: no gauge ending in _count, no abbreviated unit.
    assertThat(scrape.has("system_cpu_count")).isFalse();
    assertThat(scrape.has("process_cpu_time_ns_total")).isFalse();
    // Bounded labels: templates, never a path with an id in it (only the mesh's circuit names an instance).
    assertThat(scrape.all()).noneSatisfy(s -> assertThat(s.labels()).anySatisfy((label, v) -> {
      assertThat(label).isNotEqualTo("destination_instance");
      assertThat(v).matches(".*[0-9a-f]{8}-[0-9a-f]{4}-.*");
    }));
    assertThat(scrape.count("vertx_http_server_requests_total", "route", "/api/products/:id")).isPositive();
    assertThat(scrape.all()).allSatisfy(s -> assertThat(s.labels()).containsKeys("application", "node", "roles"));
  }

  @Test
  void workloadMovesExactlyItsCounters() throws Exception {
    // A real admin: the product service confirms admin callers with the user service.
    String admin = catalogueAdmin;
    String route = "/api/products/:id";
    awaitLevelOneCache();
    PrometheusText before = scrape();
    Reply created = post("/api/admin/products", new JsonObject().put("sku", "MET-" + UUID.randomUUID())
        .put("name", "Metered cup").put("price", new JsonObject().put("amount", "3.50").put("currency", "EUR"))
        .put("stock", 4), admin);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = new JsonObject(created.body()).getString("id");
    // The creation's event comes from the outbox relay (polled) and drops the product's cached answers in each
    // gateway instance when it arrives there: arriving between two of the reads below, it turns a hit into a
    // fill (CI saw 3 hits, not 4). The reads start once it has been published, which leaves only a gateway
    // event loop that has not run yet; and the counter is checked against the answers the client saw.
    scrapeOnce(s -> delta(before, s, "emporium_events_published_total", "type", "product.created") >= 1);
    int hitsSeen = 0;
    for (int i = 0; i < 5; i++) {
      Reply read = get(port, "/api/products/" + id, null);
      assertThat(read.status()).isEqualTo(200);
      assertThat(read.header("X-Cache")).isIn("HIT", "MISS");
      hitsSeen += "HIT".equals(read.header("X-Cache")) ? 1 : 0;
    }
    assertThat(hitsSeen).as("the reads after the first fill are answered from level one").isPositive();
    for (int i = 0; i < 3; i++) {
      assertThat(get(port, "/api/products/" + UUID.randomUUID(), null).status()).isEqualTo(404);
    }
    for (int i = 0; i < 2; i++) {
      assertThat(get(port, "/api/products/not-a-uuid", null).status()).isEqualTo(400);
    }
    assertThat(get(port, "/no/such/route", null).status()).isEqualTo(404);
    String counter = "emporium_http_requests_total";
    PrometheusText after = scrapeOnce(s -> delta(before, s, counter, "route", route) >= 10
        && delta(before, s, "vertx_http_server_requests_total", "route", route) >= 10
        && delta(before, s, counter, "route", "unmatched") >= 1);
    assertThat(delta(before, after, counter, "route", route, "status_class", "2xx")).isEqualTo(5);
    assertThat(delta(before, after, counter, "route", route, "status_class", "4xx")).isEqualTo(5);
    assertThat(delta(before, after, counter, "route", "/api/admin/products", "method", "POST", "status_class", "2xx"))
        .isEqualTo(1);
    assertThat(delta(before, after, counter, "route", "unmatched", "status_class", "4xx")).isEqualTo(1);
    assertThat(delta(before, after, "emporium_http_request_duration_seconds_count", "route", route)).isEqualTo(10);
    // The histogram has its service-level buckets, and each one is cumulative.
    assertThat(after.count("emporium_http_request_duration_seconds_bucket", "route", route)).isEqualTo(10);
    assertThat(after.sum("emporium_http_request_duration_seconds_bucket", "route", route, "le", "+Inf"))
        .isEqualTo(after.sum("emporium_http_request_duration_seconds_count", "route", route));
    // Vert.x's own counter, labelled by the same template.
    assertThat(delta(before, after, "vertx_http_server_requests_total", "route", route, "code", "200")).isEqualTo(5);
    assertThat(delta(before, after, "emporium_product_creations_total")).isEqualTo(1);
    // The GET cache: the first read of the product fills level one, the reads after it are hits (all four,
    // unless the creation's event came between them); the counter moves by the hits the client was told.
    assertThat(delta(before, after, "emporium_cache_lookups_total", "level", "l1", "result", "hit")).isEqualTo(hitsSeen);
    assertThat(delta(before, after, "emporium_cache_lookups_total", "level", "l1", "result", "miss")).isGreaterThanOrEqualTo(4);
  }

  @Test
  void theDocumentationsAssetsAreCountedUnderARouteOfTheirOwn() throws Exception {
    PrometheusText before = scrape();
    assertThat(get(port, "/docs/swagger-ui.css", null).status()).isEqualTo(200);
    assertThat(get(port, "/docs/no-such-asset.js", null).status()).isEqualTo(404);
    String counter = "emporium_http_requests_total";
    PrometheusText after = scrapeOnce(s -> delta(before, s, counter, "route", "/docs/*") >= 2);
    assertThat(delta(before, after, counter, "route", "/docs/*", "status_class", "2xx")).isEqualTo(1);
    assertThat(delta(before, after, counter, "route", "/docs/*", "status_class", "4xx")).isEqualTo(1);
    assertThat(delta(before, after, counter, "route", "unmatched", "status_class", "2xx")).isZero();
  }

  /** A gateway keeps answers in level one only once the other gateways know it (seconds after start). */
  private static void awaitLevelOneCache() throws Exception {
    // Up to 20 s: on a loaded machine the peer listing and its settling time take several seconds, and a
    // test that went on without level one would count its misses as missing hits.
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    boolean hit = false;
    while (!hit && System.nanoTime() < giveUp) {
      hit = "HIT".equals(get(port, "/api/categories", null).header("X-Cache"));
      if (!hit) {
        Thread.sleep(50);
      }
    }
    assertThat(hit).as("level one of the GET cache answered within 20 s").isTrue();
  }

  @Test
  void summaryAgreesWithTheRegistry() throws Exception {
    for (int i = 0; i < 4; i++) {
      get(port, "/api/products/" + UUID.randomUUID(), null);
    }
    Reply response = get(port, "/api/metrics/summary", Tokens.admin(SECRET));
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonObject summary = new JsonObject(response.body());
    // Each counts what was answered before it: the scrape also counts the summary request, nothing else moved.
    PrometheusText scrape = scrape();
    double answered = scrape.sum("emporium_http_requests_total");
    assertThat(summary.getJsonObject("requests").getLong("total") + 1).isEqualTo((long) answered);
    assertThat(summary.getJsonObject("requests").getJsonObject("byStatusClass").getLong("4xx"))
        .isEqualTo((long) scrape.sum("emporium_http_requests_total", "status_class", "4xx"));
    JsonObject latency = summary.getJsonObject("latencyMs");
    assertThat(latency.getLong("count") + 1).isEqualTo((long) scrape.sum("emporium_http_request_duration_seconds_count"));
    assertThat(latency.getDouble("p50")).isPositive().isLessThanOrEqualTo(latency.getDouble("p99"));
    assertThat(summary.getLong("uptimeSeconds")).isNotNegative();
    assertThat(summary.getJsonObject("instances").getLong("product")).isEqualTo(PRODUCT_INSTANCES);
  }

  private static double delta(PrometheusText before, PrometheusText after, String name, String... labels) {
    return after.sum(name, labels) - before.sum(name, labels);
  }
}
