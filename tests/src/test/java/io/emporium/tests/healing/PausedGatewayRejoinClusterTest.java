package io.emporium.tests.healing;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.tests.ChildJvms;
import io.emporium.tests.EmporiumProcess;
import io.emporium.tests.healing.Traffic.Call;
import io.emporium.tests.healing.Traffic.Outcome;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A gateway JVM frozen (SIGSTOP) long enough to be expelled must, once thawed (SIGCONT), rejoin, be ready
 * again with the services in view, and not serve from its level-one cache anything that changed while it
 * was out; reads through the other gateway meanwhile all succeed. A JVM with the product and user
 * services on PostgreSQL, two gateway JVMs. The product side: {@link PausedJvmRejoinClusterTest}.
 */
class PausedGatewayRejoinClusterTest {
  private static final Duration START_BOUND = Duration.ofSeconds(60);
  /**
   * A heartbeat limit of 8 s instead of loopback's 4 s: with a gateway frozen on a loaded 2-core machine
   * (load average 16-19), healthy members missed 4 s of heartbeats and were split off too, twice in three
   * runs (they came back by the same merge, but reads through them failed meanwhile). This test is about
   * what a gateway does once back, not about how fast Hazelcast expels it.
   */
  private static final int HEARTBEAT_LIMIT_S = 8;
  private static final long FREEZE_MS = 18_000;
  private static final Duration REJOIN_BOUND = Duration.ofSeconds(60);
  private static final long SETTLE_MS = 5_000;

  @RegisterExtension
  static final ChildJvms jvms = ChildJvms.perClass();

  private static Path cluster;
  private static Database database;
  private static EmporiumProcess gateway1;
  private static URI observed;
  private static URI other;
  private static String productId;

  @BeforeAll
  static void aUserJvmAProductJvmAndTwoGateways() throws Exception {
    database = Database.connect();
    cluster = Cluster.privateLoopback(jvms.directory());
    String xml = Files.readString(cluster);
    String slower = xml.replace("<property name=\"hazelcast.max.no.heartbeat.seconds\">4</property>",
        "<property name=\"hazelcast.max.no.heartbeat.seconds\">" + HEARTBEAT_LIMIT_S + "</property>");
    assertThat(slower).isNotEqualTo(xml);
    Files.writeString(cluster, slower);
    // The user service beside the product service: three JVMs in all, as few as the scenario needs.
    jvms.startEmporium("services", Cluster.args(cluster, "--roles=product,user", "--store=postgres",
        "--pg.timeout-ms=2000"), Map.of("EMPORIUM_PG_URL", Database.URL, "EMPORIUM_JWT_SECRET", Cluster.JWT_SECRET))
        .awaitReady();
    gateway1 = startGateway("gateway-1");
    observed = gateway1.baseUri();
    other = startGateway("gateway-2").baseUri();
    productId = database.insertProduct(100_000);
  }

  @AfterAll
  static void closeDatabase() {
    if (database != null) {
      database.close();
    }
  }

  private static EmporiumProcess startGateway(String name) {
    // A long cache TTL: only a level one dropped at the rejoin (not an expiry) makes a thawed gateway answer fresh.
    return jvms.startEmporium(name, Cluster.args(cluster, "--roles=gateway", "--instances.gateway=1",
        "--http.port=0", "--http.host=127.0.0.1", "--bus.timeout-ms=1000", "--ratelimit.enabled=false",
        "--cache.ttl-seconds=300"), Map.of("EMPORIUM_JWT_SECRET", Cluster.JWT_SECRET)).awaitReady();
  }

  @Test
  void aGatewayJvmExpelledAfterAPauseRejoinsAndServesNothingItMissedFromItsLevelOneCache() throws Exception {
    for (URI gateway : List.of(observed, other)) {
      Cluster.await("the product instance in " + gateway + "'s view", START_BOUND,
          () -> Cluster.ready(gateway) && Cluster.productInstances(gateway).size() == 1);
    }
    Thread.sleep(SETTLE_MS);
    // Cached in gateway-1's level one (no Cache-Control: no-cache), with a 300 s TTL.
    long stockBefore = stockIn(cachedRead(observed));
    assertThat(stockIn(cachedRead(observed))).isEqualTo(stockBefore);
    assertThat(new JsonObject(Cluster.call(observed, "GET", "/api/cache/stats", null).body())
        .getJsonObject("levelOne").getLong("hits")).as("served from gateway-1's level one").isPositive();
    Traffic traffic = Traffic.start(List.of(other), Cluster.admin(), 4, 5,
        () -> new Call("GET", "GET", "/api/products/" + productId, null));
    long backMs;
    try {
      Thread.sleep(1_000);
      ProcessSignals.stop(gateway1.jvm().pid());
      try {
        Thread.sleep(FREEZE_MS / 2);
        // While gateway-1 is out, the product changes behind every cache's back (no event at all): only a
        // level one dropped at the rejoin makes gateway-1 answer the new stock before its 300 s TTL.
        database.setStock(productId, stockBefore - 7);
        Thread.sleep(FREEZE_MS / 2);
      } finally {
        ProcessSignals.cont(gateway1.jvm().pid());
      }
      long thawedAt = System.nanoTime();
      // Right after SIGCONT it still holds its old view for a moment: wait for the rejoin first.
      Cluster.await("gateway-1 rejoined, ready again, with the product instance", REJOIN_BOUND,
          () -> saysRejoined(gateway1) && Cluster.ready(observed) && Cluster.productInstances(observed).size() == 1);
      backMs = (System.nanoTime() - thawedAt) / 1_000_000;
    } finally {
      traffic.close();
    }
    long expected = database.stock(productId);
    long servedAfter = stockIn(cachedRead(observed));
    List<Outcome> reads = traffic.of("GET");
    System.out.printf("SIGSTOP %d s of a gateway JVM, then SIGCONT: ready again with the product instance %d ms"
        + " after SIGCONT; its cached read says stock %d (database %d, before the change %d); reads through the other"
        + " gateway meanwhile: %s%n", FREEZE_MS / 1000, backMs, servedAfter, expected, stockBefore, traffic.summary());

    assertThat(gateway1.stdout() + gateway1.stderr()).contains("cut off from the cluster").contains("level one dropped");
    assertThat(servedAfter).as("gateway-1's answer after it rejoined").isEqualTo(expected).isEqualTo(stockBefore - 7);
    assertThat(reads).hasSizeGreaterThan(100).allSatisfy(o -> assertThat(o.status()).as("%s", o).isEqualTo(200));
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
