package io.emporium.tests.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.testkit.Http;
import io.emporium.testkit.Tokens;
import io.emporium.tests.ChildJvms;
import io.emporium.tests.EmporiumProcess;
import io.emporium.tests.MeshStats;
import io.emporium.tests.Poll;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three JVMs of the real jar on a private loopback Hazelcast cluster: a gateway and two product
 * services on one PostgreSQL database. Under steady GET traffic one product JVM is killed with
 * {@code kill -9}: its instance must leave the gateway's mesh view ({@code /api/mesh/stats}) within
 * 5 s, and every call made after that must succeed on the survivor.
 */
class MeshFailoverClusterTest {
  private static final Duration START_BOUND = Duration.ofSeconds(30);
  private static final Duration LEAVE_BOUND = Duration.ofSeconds(5);
  /** Fine enough to time the leave, which the test reports. */
  private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
  private static final String PG_URL = Optional.ofNullable(System.getenv("EMPORIUM_TEST_PG_URL"))
      .filter(u -> !u.isBlank()).orElse("postgresql://postgres@127.0.0.1:5432/emporium_test");
  private static final Pattern NODE = Pattern.compile("clustered, node ([^,\\s]+),");

  @RegisterExtension
  static final ChildJvms jvms = ChildJvms.perClass();

  private static final String JWT_SECRET = randomSecret();
  private static Vertx vertx;
  private static Pool pool;
  private static EmporiumProcess doomed;
  private static EmporiumProcess survivor;
  private static URI gateway;
  private static UUID productId;

  @BeforeAll
  static void startGatewayAndTwoProductJvms() throws Exception {
    vertx = Vertx.vertx();
    pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(PG_URL)).with(new PoolOptions().setMaxSize(1))
        .using(vertx).build();
    await(pool.query("SELECT 1").execute(), "PostgreSQL at " + PG_URL + " (set EMPORIUM_TEST_PG_URL)");
    Path cluster = privateLoopbackCluster(jvms.directory());
    List<String> clustered = List.of("--cluster.enabled=true", "--cluster.config=" + cluster);
    Map<String, String> database = Map.of("EMPORIUM_PG_URL", PG_URL);

    // One after the other: the first JVM forms the cluster, the others join it.
    doomed = jvms.startEmporium("product-doomed", with(clustered, "--roles=product", "--store=postgres"), database)
        .awaitReady();
    survivor = jvms.startEmporium("product-survivor", with(clustered, "--roles=product", "--store=postgres"),
        database).awaitReady();
    EmporiumProcess gatewayJvm = jvms.startEmporium("gateway", with(clustered, "--roles=gateway", "--http.port=0",
            "--http.host=127.0.0.1", "--bus.timeout-ms=2000", "--mesh.health.interval-ms=500"),
        Map.of("EMPORIUM_JWT_SECRET", JWT_SECRET)).awaitReady();
    gateway = gatewayJvm.baseUri();

    productId = UUID.randomUUID();
    await(pool.preparedQuery("INSERT INTO product.products (id, sku, name, description, price, currency, category,"
            + " tags, attributes, featured, stock, status, version) VALUES ($1, $2, 'Mesh cup', 'For the failover"
            + " test', $3, 'EUR', 'kitchen', $4, $5, false, 5, 'ACTIVE', 1)")
        .execute(Tuple.tuple().addUUID(productId).addString("MESH-" + productId.toString().substring(0, 8))
            .addBigDecimal(new BigDecimal("9.90")).addArrayOfString(new String[] {"cup"})
            .addValue(new JsonObject())), "insert the test product");
  }

  @AfterAll
  static void closeDatabase() {
    if (vertx != null) {
      vertx.close().await();
    }
  }

  @Test
  void aKilledProductJvmLeavesTheMeshWithinFiveSecondsAndLaterCallsAllSucceedOnTheSurvivor() throws Exception {
    String doomedNode = nodeOf(doomed);
    String survivorNode = nodeOf(survivor);
    Poll.until("both product instances in the view of every gateway verticle", START_BOUND, POLL_INTERVAL,
        () -> MeshStats.nodesInEveryView(meshStats(), "product"),
        nodes -> nodes.equals(Set.of(doomedNode, survivorNode)));
    // Both instances answer before anything is killed (round-robin reaches each; in whichever verticles took
    // the connections: their calls are summed).
    for (int i = 0; i < 10; i++) {
      assertThat(get("/api/products/" + productId).status()).isEqualTo(200);
    }
    assertThat(MeshStats.callsPerInstance(meshStats(), "product")).hasSize(2)
        .allSatisfy((instance, calls) -> assertThat(calls).as(instance).isPositive());

    Traffic traffic = Traffic.start(3, "/api/products/" + productId);
    Thread.sleep(500);
    long killedAt = System.nanoTime();
    doomed.kill9();
    Poll.until("the killed instance out of the view of every gateway verticle", LEAVE_BOUND, POLL_INTERVAL,
        () -> MeshStats.nodesInAnyView(meshStats(), "product"), nodes -> !nodes.contains(doomedNode));
    long goneAt = System.nanoTime();
    long goneMs = (goneAt - killedAt) / 1_000_000;
    Thread.sleep(2_000);
    List<Call> calls = traffic.stop();

    List<Call> later = calls.stream().filter(c -> c.sentAt() > goneAt).toList();
    List<Call> duringFailover = calls.stream().filter(c -> c.sentAt() >= killedAt && c.sentAt() <= goneAt).toList();
    List<Call> failedDuring = duringFailover.stream().filter(c -> c.status() != 200).toList();
    long slowest = later.stream().mapToLong(Call::millis).max().orElse(0);
    long slowestDuring = duringFailover.stream().mapToLong(Call::millis).max().orElse(0);
    System.out.printf("kill -9 of a product JVM: out of the mesh's view after %d ms; calls: %d in all, %d sent"
            + " between the kill and the removal (%d failed: %s; slowest %d ms), %d sent after it (all must be 200;"
            + " slowest %d ms)%n", goneMs, calls.size(), duringFailover.size(), failedDuring.size(),
        failedDuring.stream().map(c -> c.status() + "/" + c.millis() + "ms").toList(), slowestDuring, later.size(),
        slowest);

    assertThat(goneMs).isLessThanOrEqualTo(LEAVE_BOUND.toMillis());
    assertThat(later).hasSizeGreaterThan(20).allSatisfy(c -> assertThat(c.status()).as("%s", c).isEqualTo(200));
    for (JsonObject view : MeshStats.views(meshStats())) {
      assertThat(MeshStats.instances(view, "product")).as("view %s", view.getString("meshId")).singleElement()
          .satisfies(instance -> {
            assertThat(instance.getString("nodeId")).isEqualTo(survivorNode);
            assertThat(instance.getJsonObject("circuit").getString("state")).isEqualTo("CLOSED");
            assertThat(instance.getBoolean("available")).isTrue();
          });
    }
    assertThat(survivor.isAlive()).isTrue();
  }

  // ---- the traffic ----

  private record Call(long sentAt, int status, long millis) {}

  /** A few threads, each sending one GET after the other with a short pause: steady, bounded load. */
  private static final class Traffic {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<Thread> workers = new ArrayList<>();

    static Traffic start(int threads, String path) {
      Traffic traffic = new Traffic();
      for (int t = 0; t < threads; t++) {
        Thread worker = new Thread(() -> traffic.loop(path), "traffic-" + t);
        traffic.workers.add(worker);
        worker.start();
      }
      return traffic;
    }

    private void loop(String path) {
      while (running.get()) {
        long sent = System.nanoTime();
        int status;
        try {
          status = get(path).status();
        } catch (RuntimeException e) {
          status = -1;
        }
        calls.add(new Call(sent, status, (System.nanoTime() - sent) / 1_000_000));
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    List<Call> stop() throws InterruptedException {
      running.set(false);
      for (Thread worker : workers) {
        worker.join(15_000);
      }
      return List.copyOf(calls);
    }
  }

  // ---- small helpers ----

  private static JsonObject meshStats() {
    // The mesh stats are for admins.
    Http.Reply stats = Http.to(gateway).get("/api/mesh/stats", Tokens.admin(JWT_SECRET));
    assertThat(stats.status()).as(stats.body()).isEqualTo(200);
    return stats.json();
  }

  private static Http.Reply get(String path) {
    // uncached: the test is about where the mesh sends calls, which the gateway's cache would spare
    return Http.to(gateway).getUncached(path);
  }

  private static String nodeOf(EmporiumProcess process) {
    Matcher m = NODE.matcher(process.stdout());
    assertThat(m.find()).as("node id in the banner of\n%s", process.describe()).isTrue();
    return m.group(1);
  }

  /** The repository's loopback configuration under a cluster name of this run, so no other cluster joins. */
  private static Path privateLoopbackCluster(Path directory) throws IOException {
    Path source = Path.of(System.getProperty("emporium.root"), "cluster-config", "loopback.xml");
    String name = "emporium-mesh-test-" + UUID.randomUUID().toString().substring(0, 8);
    String xml = Files.readString(source).replaceFirst("<cluster-name>[^<]*</cluster-name>",
        "<cluster-name>" + name + "</cluster-name>");
    assertThat(xml).contains(name);
    return Files.writeString(directory.resolve("hazelcast-" + name + ".xml"), xml);
  }

  private static <T> T await(io.vertx.core.Future<T> future, String what) throws Exception {
    try {
      return future.await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(what + " failed: " + e, e);
    }
  }

  private static List<String> with(List<String> first, String... more) {
    List<String> all = new ArrayList<>(first);
    all.addAll(List.of(more));
    return all;
  }

  private static String randomSecret() {
    byte[] bytes = new byte[36];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
