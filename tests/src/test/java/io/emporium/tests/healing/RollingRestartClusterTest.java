package io.emporium.tests.healing;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.tests.ChildJvms;
import io.emporium.tests.ClusterAdmin;
import io.emporium.tests.EmporiumProcess;
import io.emporium.tests.healing.Traffic.Call;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every JVM of a cluster (two gateways, two JVMs with the user and product services) restarted one at
 * a time under steady reads and writes, the way an orchestrator rolls a deployment: the replacement
 * starts and becomes ready first, the old one leaves the load balancer, then gets SIGTERM. Not one
 * request may fail.
 */
class RollingRestartClusterTest {
  private static final int STOCK = 100_000;

  @RegisterExtension
  static final ChildJvms jvms = ChildJvms.perClass();

  private static Database database;
  private static Path cluster;
  private final List<URI> known = new CopyOnWriteArrayList<>();
  private final List<URI> draining = new CopyOnWriteArrayList<>();

  @AfterAll
  static void closeDatabase() {
    if (database != null) {
      database.close();
    }
  }

  private static EmporiumProcess services(String name) {
    return jvms.startEmporium(name, Cluster.args(cluster, "--roles=user,product", "--store=postgres",
        "--shutdown.drain-ms=5000"), ClusterAdmin.env(Map.of("EMPORIUM_PG_URL", Database.URL, "EMPORIUM_JWT_SECRET",
        Cluster.JWT_SECRET))).awaitReady();
  }

  private static EmporiumProcess gateway(String name) {
    return jvms.startEmporium(name, Cluster.args(cluster, "--roles=gateway", "--http.port=0", "--http.host=127.0.0.1",
        "--bus.timeout-ms=5000", "--shutdown.drain-ms=5000", "--ratelimit.enabled=false"),
        Map.of("EMPORIUM_JWT_SECRET", Cluster.JWT_SECRET)).awaitReady();
  }

  @Test
  void restartingEveryJvmOneAtATimeUnderLoadFailsNoRequest() throws Exception {
    database = Database.connect();
    cluster = Cluster.privateLoopback(jvms.directory());
    List<EmporiumProcess> serviceJvms = new ArrayList<>(List.of(services("services-1"), services("services-2")));
    List<EmporiumProcess> gatewayJvms = new ArrayList<>(List.of(gateway("gateway-1"), gateway("gateway-2")));
    gatewayJvms.forEach(g -> known.add(g.baseUri()));
    for (URI uri : known) {
      Cluster.await(uri + " ready", Duration.ofSeconds(30), () -> Cluster.ready(uri));
    }
    String productId = database.insertProduct(STOCK);
    Cluster.signIn(known.get(0));
    AtomicLong n = new AtomicLong();
    Traffic traffic = Traffic.start(List.copyOf(known), Cluster.admin(), 3, 10, () -> n.incrementAndGet() % 4 == 0
        ? new Call("write", "POST", "/api/admin/products/" + productId + "/stock", "{\"delta\":-1}")
        : new Call("GET", "GET", "/api/products/" + productId, null));
    long trafficStarted = System.nanoTime();
    AtomicBoolean balancing = new AtomicBoolean(true);
    Thread balancer = new Thread(() -> balance(traffic, balancing), "load-balancer");
    balancer.setDaemon(true);
    balancer.start();
    List<String> steps = new ArrayList<>();
    try {
      Thread.sleep(1_000);
      for (int i = 0; i < 2; i++) {
        long started = System.nanoTime();
        EmporiumProcess replacement = services("services-" + (i + 1) + "-new");
        EmporiumProcess old = serviceJvms.set(i, replacement);
        retire(old);
        steps.add(step("services-" + (i + 1), trafficStarted, started));
      }
      for (int i = 0; i < 2; i++) {
        long started = System.nanoTime();
        EmporiumProcess replacement = gateway("gateway-" + (i + 1) + "-new");
        URI fresh = replacement.baseUri();
        Cluster.await(fresh + " ready", Duration.ofSeconds(30), () -> Cluster.ready(fresh));
        known.add(fresh);
        EmporiumProcess old = gatewayJvms.set(i, replacement);
        // The orchestrator takes the pod out of the endpoints, waits (preStop), then sends SIGTERM.
        draining.add(old.baseUri());
        Thread.sleep(1_000);
        retire(old);
        known.remove(old.baseUri());
        steps.add(step("gateway-" + (i + 1), trafficStarted, started));
      }
      Thread.sleep(1_000);
    } finally {
      balancing.set(false);
      traffic.close();
    }
    long acknowledged = traffic.of("write").stream().filter(Traffic.Outcome::ok).count();
    long applied = STOCK - database.stock(productId);
    System.out.printf("rolling restart of 4 JVMs under load (%s): %s; writes applied %d, acknowledged %d%n",
        String.join(", ", steps), traffic.summary(), applied, acknowledged);

    assertThat(traffic.outcomes()).hasSizeGreaterThan(100);
    // Only the failures, with when they started after the traffic did, so that a CI log shows them.
    assertThat(traffic.outcomes().stream().filter(o -> !o.ok())
        .map(o -> o + " at +" + (o.startedAtNanos() - trafficStarted) / 1_000_000 + " ms").toList())
        .as("failed requests (steps: %s; %s)", String.join(", ", steps), traffic.summary()).isEmpty();
    assertThat(applied).isEqualTo(acknowledged);
    assertThat(database.stockAdjustments(productId)).isEqualTo(applied);
  }

  /** "services-1 at +1000 ms, 12000 ms": when a JVM's replacement began, after the traffic started, and how long it took. */
  private static String step(String name, long trafficStarted, long started) {
    return name + " at +" + (started - trafficStarted) / 1_000_000 + " ms, " + (System.nanoTime() - started) / 1_000_000
        + " ms";
  }

  /** Graceful stop, as on SIGTERM from an orchestrator: it must exit by itself. */
  private static void retire(EmporiumProcess old) {
    old.sigterm();
    old.waitForExit(Duration.ofSeconds(30));
    assertThat(old.stdout()).as("a graceful stop\n%s", old.describe()).contains(EmporiumProcess.STOPPED);
  }

  /** A load balancer: only ready gateways that are not being taken out get traffic. */
  private void balance(Traffic traffic, AtomicBoolean running) {
    while (running.get()) {
      List<URI> ready = known.stream().filter(uri -> !draining.contains(uri) && Cluster.ready(uri)).toList();
      if (!ready.isEmpty()) {
        traffic.setRotation(ready);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
