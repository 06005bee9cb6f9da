package io.emporium.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.testkit.Http;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the console says about readiness: a gateway started before the services it calls says it is
 * NOT ready and why (as /api/health/ready answers 503), then says when it becomes ready once a JVM
 * with those services joins the cluster.
 */
class StartupReadinessClusterTest {
  private static final Duration READY_BOUND = Duration.ofSeconds(30);

  @RegisterExtension
  static final ChildJvms jvms = ChildJvms.perClass();

  @Test
  void aGatewayWithoutItsServicesSaysWhatIsMissingThenWhenItIsReady() {
    TestCluster cluster = TestCluster.loopback(jvms.directory(), StartupReadinessClusterTest.class);
    List<String> clustered = List.of("--cluster.enabled=true", "--cluster.config=" + cluster.config());
    Map<String, String> jwt = Map.of("EMPORIUM_JWT_SECRET", randomSecret());
    EmporiumProcess gateway = jvms.startEmporium("gateway", with(clustered, "--roles=gateway", "--http.port=0",
        "--http.host=127.0.0.1"), jwt).awaitReady();
    URI base = gateway.baseUri();

    assertThat(gateway.stdout()).contains(EmporiumProcess.NOT_READY
            + ": user service not discovered, product service not discovered; ready: member of the cluster")
        .doesNotContain(EmporiumProcess.READY);
    assertThat(Http.to(base).get("/api/health/ready").status()).isEqualTo(503);

    jvms.startEmporium("services", with(clustered, "--roles=user,product", "--catalogue.demo=false"), jwt)
        .awaitReady();

    gateway.awaitStdout(EmporiumProcess.READY, READY_BOUND);
    String ready = gateway.stdout().lines().filter(l -> l.startsWith(EmporiumProcess.READY)).findFirst().orElseThrow();
    assertThat(ready).contains("user service discovered", "product service discovered", "member of the cluster")
        .containsPattern("\\(\\d+\\.\\d s after start\\)$");
    assertThat(Http.to(base).get("/api/health/ready").status()).isEqualTo(200);
  }

  private static List<String> with(List<String> common, String... more) {
    List<String> all = new ArrayList<>(common);
    all.addAll(List.of(more));
    return all;
  }

  private static String randomSecret() {
    byte[] bytes = new byte[36];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
