package io.emporium.tests.healing;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.tests.ChildJvms;
import io.emporium.tests.ClusterAdmin;
import io.emporium.tests.EmporiumProcess;
import io.emporium.tests.healing.Traffic.Call;
import io.emporium.tests.healing.Traffic.Outcome;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A JVM frozen (SIGSTOP) longer than Hazelcast's heartbeat limit (4 s on loopback) is expelled; thawed
 * (SIGCONT), it must find itself cut off and rejoin (Hazelcast's split-brain merge, every 5 s on
 * loopback), republish its discovery records, and take traffic again, with no read failing meanwhile.
 * A gateway JVM that was out must not serve from its level-one cache what changed while it was out.
 * Two product JVMs on PostgreSQL, a user JVM and two gateway JVMs.
 */
class PausedJvmRejoinClusterTest {
  private static final Duration START_BOUND = Duration.ofSeconds(60);
  /** Well past the 4 s heartbeat limit: the others expel the frozen JVM. */
  private static final long FREEZE_MS = 15_000;
  /** What the issue asks: back in the gateway's view within 60 s of SIGCONT. */
  private static final Duration REJOIN_BOUND = Duration.ofSeconds(60);
  private static final long SETTLE_MS = 8_000;

  @RegisterExtension
  static final ChildJvms jvms = ChildJvms.perClass();

  private static Path cluster;
  private static Database database;
  private static EmporiumProcess productB;
  private static EmporiumProcess gateway1;
  private static URI observed;
  private static URI other;
  private static String productId;

  @BeforeAll
  static void twoProductJvmsAUserJvmAndTwoGateways() throws Exception {
    database = Database.connect();
    cluster = Cluster.privateLoopback(jvms.directory());
    jvms.startEmporium("users", Cluster.args(cluster, "--roles=user"),
        ClusterAdmin.env(Map.of("EMPORIUM_JWT_SECRET", Cluster.JWT_SECRET))).awaitReady();
    startProduct("product-a");
    productB = startProduct("product-b");
    gateway1 = startGateway("gateway-1");
    observed = gateway1.baseUri();
    other = startGateway("gateway-2").baseUri();
    for (URI gateway : List.of(observed, other)) {
      Cluster.await("both product instances in " + gateway + "'s view", START_BOUND,
          () -> Cluster.productInstances(gateway).size() == 2);
    }
    productId = database.insertProduct(100_000);
    Cluster.signIn(other);
  }

  @AfterAll
  static void closeDatabase() {
    if (database != null) {
      database.close();
    }
  }

  private static EmporiumProcess startProduct(String name) {
    return jvms.startEmporium(name, Cluster.args(cluster, "--roles=product", "--store=postgres",
        "--pg.timeout-ms=2000"), Map.of("EMPORIUM_PG_URL", Database.URL)).awaitReady();
  }

  private static EmporiumProcess startGateway(String name) {
    // Short bus timeouts and fast probes, as in ProductCrashClusterTest; a long cache TTL, so that only a
    // dropped level one (not an expiry) makes a thawed gateway answer fresh.
    return jvms.startEmporium(name, Cluster.args(cluster, "--roles=gateway", "--instances.gateway=1",
        "--http.port=0", "--http.host=127.0.0.1", "--bus.timeout-ms=1000", "--mesh.health.interval-ms=2000",
        "--mesh.breaker.failure-threshold=3", "--mesh.breaker.reset-timeout-ms=1000",
        "--mesh.retry.budget-percent=100", "--ratelimit.enabled=false", "--cache.ttl-seconds=300"),
        Map.of("EMPORIUM_JWT_SECRET", Cluster.JWT_SECRET)).awaitReady();
  }

  /** The product service's call timeout, cluster-wide, through the mesh policy API. */
  private static void productTimeout(int timeoutMs) {
    HttpResponse<String> response = Cluster.call(observed, "PUT", "/api/admin/mesh/services/product/policy",
        "{\"timeoutMs\":" + timeoutMs + "}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    for (URI gateway : List.of(observed, other)) {
      Cluster.await("timeout " + timeoutMs + " in " + gateway, Duration.ofSeconds(5), () -> new JsonObject(
          Cluster.call(gateway, "GET", "/api/admin/mesh/services/product/policy", null).body()).encode()
          .contains("\"timeoutMs\":" + timeoutMs));
    }
  }

  /**
   * Both gateways see both product instances, and the cluster had a while to settle: a merge moves
   * partitions for seconds after it ends, and a second freeze in that time has been seen to split off a
   * healthy member too (Hazelcast's explicit suspicions); two pauses seconds apart are not what this tests.
   */
  private static void settled() throws InterruptedException {
    for (URI gateway : List.of(observed, other)) {
      Cluster.await("both product instances in " + gateway + "'s view", START_BOUND,
          () -> Cluster.ready(gateway) && Cluster.productInstances(gateway).size() == 2);
    }
    Thread.sleep(SETTLE_MS);
  }

  private static Call read() {
    return new Call("GET", "GET", "/api/products/" + productId, null);
  }

  @Test
  void aProductJvmExpelledAfterAPauseRejoinsAndTakesTrafficAgainWithNoReadFailing() throws Exception {
    // Calls already sent to the frozen JVM wait until the others expel it (~4 s), then fail over to the
    // other instance (a read is retried); a shorter timeout would answer them 504 instead. Cutting that
    // wait is the mesh's business (hedged reads), not this test's.
    productTimeout(10_000);
    settled();
    String frozenNode = Cluster.nodeOf(productB);
    Traffic traffic = Traffic.start(List.of(observed), Cluster.admin(), 4, 5, reads());
    long backMs = -1;
    AssertionError notBack = null;
    try {
      Thread.sleep(1_000);
      ProcessSignals.stop(productB.jvm().pid());
      try {
        Cluster.await("the frozen instance expelled from " + observed + "'s view", Duration.ofMillis(FREEZE_MS),
            () -> Cluster.instanceOn(observed, frozenNode) == null);
        Thread.sleep(FREEZE_MS - 5_000);
      } finally {
        ProcessSignals.cont(productB.jvm().pid());
      }
      long thawedAt = System.nanoTime();
      try {
        Cluster.await("two product instances in " + observed + "'s view again", REJOIN_BOUND,
            () -> Cluster.productInstances(observed).size() == 2 && Cluster.instanceOn(observed, frozenNode) != null);
        backMs = (System.nanoTime() - thawedAt) / 1_000_000;
        long callsWhenBack = Cluster.instanceOn(observed, frozenNode).getLong("calls");
        Cluster.await("reads reaching the rejoined instance", Duration.ofSeconds(15),
            () -> Cluster.instanceOn(observed, frozenNode).getLong("calls") > callsWhenBack + 5);
      } catch (AssertionError e) {
        notBack = e;
      }
      Thread.sleep(1_000);
    } finally {
      traffic.close();
    }
    List<Outcome> reads = traffic.of("GET");
    long failed = reads.stream().filter(o -> !o.ok()).count();
    long unavailable = reads.stream().filter(o -> o.status() == 503).count();
    long maxStall = reads.stream().mapToLong(Outcome::millis).max().orElse(0);
    System.out.printf("SIGSTOP %d s of a product JVM, then SIGCONT: %d reads, %d failed (%d answered 503), max stall"
        + " %d ms; the gateway saw two instances again %s after SIGCONT; %s%n", FREEZE_MS / 1000, reads.size(), failed,
        unavailable, maxStall, backMs < 0 ? "not within " + REJOIN_BOUND.toSeconds() + " s" : backMs + " ms",
        traffic.summary());

    if (notBack != null) {
      throw notBack;
    }
    assertThat(productB.stdout() + productB.stderr()).as("the thawed JVM knew it was cut off and republished")
        .contains("cut off from the cluster").contains("republished");
    assertThat(reads).hasSizeGreaterThan(100).allSatisfy(o -> assertThat(o.status()).as("%s", o).isEqualTo(200));
    assertThat(Cluster.ready(observed)).isTrue();
  }

  @Test
  void aGatewayJvmExpelledAfterAPauseRejoinsAndServesNothingItMissedFromItsLevelOneCache() throws Exception {
    settled();
    // Cached in gateway-1's level one (no Cache-Control: no-cache), with a 300 s TTL.
    long stockBefore = stockIn(cachedRead(observed));
    assertThat(stockIn(cachedRead(observed))).isEqualTo(stockBefore);
    Traffic traffic = Traffic.start(List.of(other), Cluster.admin(), 4, 5, reads());
    long backMs;
    try {
      Thread.sleep(1_000);
      ProcessSignals.stop(gateway1.jvm().pid());
      try {
        Thread.sleep(8_000);
        // While gateway-1 is out: a write through the other gateway, which cannot reach its cache.
        HttpResponse<String> write = Cluster.call(other, "POST", "/api/admin/products/" + productId + "/stock",
            "{\"delta\":-7}");
        assertThat(write.statusCode()).as(write.body()).isEqualTo(200);
        Thread.sleep(FREEZE_MS - 8_000);
      } finally {
        ProcessSignals.cont(gateway1.jvm().pid());
      }
      long thawedAt = System.nanoTime();
      // Right after SIGCONT it still holds its old view for a moment: wait for the rejoin first.
      Cluster.await("gateway-1 rejoined, ready again, with both product instances", REJOIN_BOUND,
          () -> saysRejoined(gateway1) && Cluster.ready(observed) && Cluster.productInstances(observed).size() == 2);
      backMs = (System.nanoTime() - thawedAt) / 1_000_000;
    } finally {
      traffic.close();
    }
    long expected = database.stock(productId);
    long servedAfter = stockIn(cachedRead(observed));
    List<Outcome> reads = traffic.of("GET");
    System.out.printf("SIGSTOP %d s of a gateway JVM, then SIGCONT: ready again with both product instances %d ms"
        + " after SIGCONT; its cached read says stock %d (database %d, before the write %d); reads through the other"
        + " gateway meanwhile: %s%n", FREEZE_MS / 1000, backMs, servedAfter, expected, stockBefore, traffic.summary());

    assertThat(gateway1.stdout() + gateway1.stderr()).contains("cut off from the cluster").contains("level one dropped");
    assertThat(servedAfter).as("gateway-1's answer after it rejoined").isEqualTo(expected).isNotEqualTo(stockBefore);
    assertThat(reads).hasSizeGreaterThan(100).allSatisfy(o -> assertThat(o.status()).as("%s", o).isEqualTo(200));
    assertThat(backMs).isLessThan(REJOIN_BOUND.toMillis());
  }

  private static java.util.function.Supplier<Call> reads() {
    return PausedJvmRejoinClusterTest::read;
  }

  private static boolean saysRejoined(EmporiumProcess process) {
    String out = process.stdout();
    return out.contains("rejoined the cluster") || out.contains("merge done");
  }

  private static HttpResponse<String> cachedRead(URI gateway) {
    return Cluster.callCached(gateway, "/api/products/" + productId);
  }

  private static long stockIn(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonObject body = new JsonObject(response.body());
    JsonObject product = body.containsKey("data") ? body.getJsonObject("data") : body;
    return product.getLong("stock");
  }
}
