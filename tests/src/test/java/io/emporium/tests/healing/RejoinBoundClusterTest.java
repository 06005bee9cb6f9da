package io.emporium.tests.healing;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.platform.testing.Ports;
import io.emporium.testkit.Http;
import io.emporium.tests.ChildJvms;
import io.emporium.tests.EmporiumProcess;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A JVM cut off from the cluster that cannot rejoin within {@code cluster.rejoin-bound-ms} reports not
 * ready at once and not live past the bound, so an orchestrator replaces it; once another member is there
 * again it is connected, ready and live again. Here its only peer is killed ({@code kill -9}: no goodbye),
 * which leaves it alone when it was not, with nobody to merge with; a peer stopped gracefully (SIGTERM: a
 * goodbye) cuts nobody off.
 */
class RejoinBoundClusterTest {
  private static final long BOUND_MS = 5_000;

  @RegisterExtension
  static final ChildJvms jvms = ChildJvms.perTest();

  private static final Duration PROBE_BOUND = Duration.ofSeconds(3);

  private Path cluster;

  private EmporiumProcess product(String name, int managementPort) {
    return jvms.startEmporium(name, Cluster.args(cluster, "--roles=product", "--management.port=" + managementPort,
        "--cluster.rejoin-bound-ms=" + BOUND_MS)).awaitReady();
  }

  @Test
  void aJvmLeftAloneWithoutAGoodbyeIsNotReadyAtOnceNotLivePastTheBoundAndBothAgainWhenAMemberReturns()
      throws Exception {
    cluster = Cluster.privateLoopback(jvms.directory());
    int port = Ports.free();
    URI survivor = URI.create("http://127.0.0.1:" + port);
    product("product-a", port);
    EmporiumProcess peer = product("product-b", Ports.free());
    Cluster.await("product-a ready with its peer", Duration.ofSeconds(20), () -> status(survivor, "ready") == 200);

    peer.kill9();
    long killedAt = System.nanoTime();
    long notReadyMs = Cluster.await("product-a not ready once alone", Duration.ofSeconds(10),
        () -> status(survivor, "ready") == 503);
    assertThat(status(survivor, "live")).as("live within the bound").isEqualTo(200);
    Cluster.await("product-a not live past the bound", Duration.ofMillis(BOUND_MS + 5_000),
        () -> status(survivor, "live") == 503);
    long notLiveMs = (System.nanoTime() - killedAt) / 1_000_000;
    assertThat(notLiveMs).as("not live only after the bound").isGreaterThanOrEqualTo(BOUND_MS);
    assertThat(status(survivor, "ready")).isEqualTo(503);

    EmporiumProcess returned = product("product-c", Ports.free());
    long backMs = Cluster.await("product-a connected again once a member is back", Duration.ofSeconds(20),
        () -> status(survivor, "live") == 200 && status(survivor, "ready") == 200);
    System.out.printf("a JVM left alone by kill -9 of its peer: not ready after %d ms, not live after %d ms (bound %d"
        + " ms), live and ready again %d ms after a new member started%n", notReadyMs, notLiveMs, BOUND_MS, backMs);

    // A graceful stop says goodbye: the survivor stays ready.
    returned.sigterm();
    returned.waitForExit(Duration.ofSeconds(30));
    Thread.sleep(2_000);
    assertThat(status(survivor, "ready")).as("ready after its peer stopped gracefully").isEqualTo(200);
  }

  /** The probe's status, or 0 when nothing answered within 3 s. */
  private static int status(URI base, String probe) {
    try {
      return Http.to(base).withBound(PROBE_BOUND).get("/api/health/" + probe).status();
    } catch (UncheckedIOException e) {
      return 0;
    }
  }
}
