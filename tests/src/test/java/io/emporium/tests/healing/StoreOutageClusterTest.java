package io.emporium.tests.healing;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.platform.testing.PrivateRedis;
import io.emporium.tests.ChildJvms;
import io.emporium.tests.ClusterAdmin;
import io.emporium.tests.EmporiumProcess;
import io.emporium.tests.healing.Traffic.Call;
import io.emporium.tests.healing.Traffic.Outcome;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stores go away under load: a PostgreSQL server and a Redis server of the test's own (never the
 * machine's) are stopped while a gateway and a product JVM serve steady traffic.
 */
class StoreOutageClusterTest {
  private static final int STOCK = 100_000;

  @RegisterExtension
  static final ChildJvms jvms = ChildJvms.perClass();

  private static PrivatePostgres postgres;
  private static PrivateRedis redis;
  private static Database database;
  private static URI gateway;
  private static String productId;

  @BeforeAll
  static void privateStoresAProductJvmAndAGateway() throws Exception {
    postgres = PrivatePostgres.start();
    redis = PrivateRedis.start();
    Path cluster = Cluster.privateLoopback(jvms.directory());
    // Both services, so that the gateway has every service it needs and is ready.
    jvms.startEmporium("services", Cluster.args(cluster, "--roles=user,product", "--store=postgres", "--pg.timeout-ms=1000",
        "--pg.pool-size=4"), ClusterAdmin.env(Map.of("EMPORIUM_PG_URL", postgres.url(), "EMPORIUM_JWT_SECRET",
        Cluster.JWT_SECRET))).awaitReady();
    EmporiumProcess gatewayJvm = jvms.startEmporium("gateway", Cluster.args(cluster, "--roles=gateway",
        "--http.port=0", "--http.host=127.0.0.1", "--bus.timeout-ms=3000", "--health.timeout-ms=500",
        "--ratelimit.enabled=true", "--ratelimit.store=redis"), Map.of("EMPORIUM_JWT_SECRET", Cluster.JWT_SECRET,
        "EMPORIUM_REDIS_URL", redis.url())).awaitReady();
    gateway = gatewayJvm.baseUri();
    Cluster.await("the product instance in the gateway's view", Duration.ofSeconds(30),
        () -> Cluster.productInstances(gateway).size() == 1);
    Cluster.signIn(gateway);
    database = Database.connect(postgres.url());
    productId = database.insertProduct(STOCK);
  }

  @AfterAll
  static void stopStores() throws Exception {
    if (database != null) {
      database.close();
    }
    if (redis != null) {
      redis.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void whilePostgresIsDownRequestsFailFastWith503AndAfterwardsThePoolRecoversAndNoAcknowledgedWriteIsLost()
      throws Exception {
    AtomicLong n = new AtomicLong();
    // Reads of a product list (not cached by id) and stock writes of -1.
    Traffic traffic = Traffic.start(List.of(gateway), Cluster.admin(), 3, 10, () -> n.incrementAndGet() % 3 == 0
        ? new Call("write", "POST", "/api/admin/products/" + productId + "/stock", "{\"delta\":-1}")
        : new Call("GET", "GET", "/api/products?size=5&page=" + (1 + n.get() % 3), null));
    long stoppedAt;
    long restartedAt;
    long recoveredMs;
    try {
      Thread.sleep(1_500);
      postgres.stopServer();
      stoppedAt = System.nanoTime();
      Thread.sleep(3_000);
      postgres.startServer();
      restartedAt = System.nanoTime();
      recoveredMs = Cluster.await("a write acknowledged again", Duration.ofSeconds(15),
          () -> traffic.of("write").stream().anyMatch(o -> o.ok() && o.startedAtNanos() > restartedAt));
      Thread.sleep(1_000);
    } finally {
      traffic.close();
    }
    List<Outcome> all = traffic.outcomes();
    List<Outcome> whileDown = all.stream()
        .filter(o -> o.startedAtNanos() > stoppedAt + 300_000_000L && o.startedAtNanos() < restartedAt).toList();
    List<Outcome> failures = all.stream().filter(o -> !o.ok()).toList();
    long slowest = failures.stream().mapToLong(Outcome::millis).max().orElse(0);
    List<Outcome> writes = traffic.of("write");
    long acknowledged = writes.stream().filter(Outcome::ok).count();
    long applied = STOCK - database.stock(productId);
    System.out.printf("PostgreSQL stopped 3 s under load: %s; %d requests while down, slowest failure %d ms;"
        + " writes acknowledged again %d ms after the restart; applied %d, acknowledged %d%n", traffic.summary(),
        whileDown.size(), slowest, recoveredMs, applied, acknowledged);

    assertThat(whileDown).isNotEmpty().allSatisfy(o -> assertThat(o.status()).as("%s", o).isEqualTo(503));
    assertThat(failures).allSatisfy(o -> {
      assertThat(o.status()).as("%s", o).isEqualTo(503);
      assertThat(o.code()).as("%s", o).isEqualTo("UNAVAILABLE");
      // Fast: bounded by pg.timeout-ms (1 s), not by the bus timeout or a TCP timeout.
      assertThat(o.millis()).as("%s", o).isLessThan(2_500);
    });
    assertThat(database.stockAdjustments(productId)).isEqualTo(applied);
    assertThat(applied).isBetween(acknowledged, (long) writes.size());
    assertThat(all.stream().filter(o -> o.startedAtNanos() > restartedAt + recoveredMs * 1_000_000L))
        .isNotEmpty().allSatisfy(o -> assertThat(o.status()).as("%s", o).isEqualTo(200));
  }

  @Test
  void whenRedisDiesTheStackKeepsServingOnLocalLimitsAndStaysReady() throws Exception {
    Cluster.await("the gateway ready", Duration.ofSeconds(15), () -> Cluster.ready(gateway));
    Traffic traffic = Traffic.start(List.of(gateway), Cluster.admin(), 3, 10,
        () -> new Call("GET", "GET", "/api/products/" + productId, null));
    boolean readyWithoutRedis;
    try {
      Thread.sleep(1_000);
      redis.kill();
      Thread.sleep(3_000);
      readyWithoutRedis = Cluster.ready(gateway);
    } finally {
      traffic.close();
    }
    System.out.printf("Redis killed under load: %s; ready without Redis: %s%n", traffic.summary(), readyWithoutRedis);

    assertThat(traffic.outcomes()).hasSizeGreaterThan(50)
        .allSatisfy(o -> assertThat(o.status()).as("%s", o).isEqualTo(200));
    assertThat(readyWithoutRedis).isTrue();
  }
}
