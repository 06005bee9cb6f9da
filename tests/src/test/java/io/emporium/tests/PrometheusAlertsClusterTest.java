package io.emporium.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.platform.testing.Ports;
import io.emporium.testkit.Http;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
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
 * The repository's alert rules in a real Prometheus ({@link PrometheusServer}: Debian's server with the
 * repository's configuration, evaluated every second) scraping a real cluster: a JVM with the gateway and the
 * product and order services, and one with the user service. A security rule fires for real (a run of failed logins
 * locks more than ten emails), and with the user service gone {@code EmporiumServiceWithoutInstances} fires
 * for it, named by its own label (the scrape configuration's {@code service} label did hide it), then
 * resolves once the service is back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrometheusAlertsClusterTest {
  private static final String SCRAPE_TOKEN = "scrape-" + UUID.randomUUID();
  private static final String SECRET = "prometheus-alerts-test-secret-0123456789abcdef";
  /** The rule's {@code for} (1 minute) and a few scrapes and evaluations. */
  private static final Duration FIRES_WITHIN = Duration.ofSeconds(100);
  /** A login hashes a password on a loaded machine: longer than the kit's bound for another JVM. */
  private static final Duration LOGIN_BOUND = Duration.ofSeconds(30);

  @RegisterExtension
  static final ChildJvms jvms = ChildJvms.perClass();

  private static List<String> userArgs;
  private static Map<String, String> env;
  private static EmporiumProcess userJvm;
  private static URI gateway;
  private static PrometheusServer prometheus;

  @BeforeAll
  static void aClusterScrapedByPrometheus() throws Exception {
    TestCluster cluster = TestCluster.loopback(jvms.directory(), PrometheusAlertsClusterTest.class);
    List<String> common = List.of("--cluster.enabled=true", "--cluster.config=" + cluster.config());
    env = ClusterAdmin.env(Map.of("EMPORIUM_METRICS_TOKEN", SCRAPE_TOKEN, "EMPORIUM_JWT_SECRET", SECRET));
    int userManagementPort = Ports.free();
    // Two failures lock an email; the gateway's rate limits are off so that every attempt reaches the service.
    userArgs = with(common, "--roles=user", "--management.port=" + userManagementPort, "--auth.lockout.threshold=2",
        "--auth.lockout.base-seconds=300");
    userJvm = jvms.startEmporium("user", userArgs, env).awaitReady();
    EmporiumProcess gatewayJvm = jvms.startEmporium("gateway", with(common, "--roles=gateway,product,order",
        "--http.port=0", "--http.host=127.0.0.1", "--ratelimit.enabled=false"), env).awaitReady();
    gateway = gatewayJvm.baseUri();
    prometheus = PrometheusServer.start(jvms.directory().resolve("prometheus"), SCRAPE_TOKEN, Map.of(
        "emporium-gateway", List.of("127.0.0.1:" + gatewayJvm.httpPort()),
        "emporium-user", List.of("127.0.0.1:" + userManagementPort)));
    Poll.until("Prometheus scraped the gateway's view of the user service", FIRES_WITHIN, Duration.ofSeconds(1),
        () -> prometheus.query("emporium_mesh_instances{destination_service=\"user\", service=\"gateway\"}"),
        result -> result.size() == 1);
  }

  @AfterAll
  static void stopPrometheus() {
    if (prometheus != null) {
      prometheus.close();
    }
  }

  @Test
  @Order(1)
  void noSeriesOfOursHasALabelPrometheusHadToRename() {
    assertThat(prometheus.query("{__name__=~\"emporium_.+\", exported_service!=\"\"}")).isEmpty();
    assertThat(prometheus.query("{__name__=~\"emporium_.+\", exported_instance!=\"\"}")).isEmpty();
    assertThat(prometheus.query("{__name__=~\".+\", exported_job!=\"\"}")).isEmpty();
  }

  @Test
  @Order(2)
  void aRunOfFailedLoginsThatLocksMoreThanTenEmailsFiresTheLockoutSpikeAlert() {
    for (int i = 0; i < 12; i++) {
      String email = "guessed-" + i + "-" + UUID.randomUUID().toString().substring(0, 8) + "@alerts.test";
      for (int attempt = 0; attempt < 2; attempt++) {
        assertThat(login(email, "not the password " + attempt)).isEqualTo(401);
      }
      assertThat(login(email, "not the password")).as("locked").isEqualTo(429);
    }
    List<JsonObject> firing = Poll.until("EmporiumAccountLockoutSpike fires", FIRES_WITHIN, Duration.ofSeconds(1),
        () -> prometheus.alerts("EmporiumAccountLockoutSpike", "firing"), alerts -> !alerts.isEmpty());
    assertThat(firing.get(0).getJsonObject("labels").getMap())
        .containsEntry("category", "security").containsEntry("severity", "page");
  }

  @Test
  @Order(3)
  void aServiceWithoutInstancesFiresForThatServiceAndResolvesWhenItIsBack() {
    userJvm.sigterm();
    assertThat(userJvm.waitForExit(Duration.ofSeconds(30))).as("exit status after SIGTERM").isIn(0, 143);
    List<JsonObject> firing = Poll.until("EmporiumServiceWithoutInstances fires for the user service", FIRES_WITHIN,
        Duration.ofSeconds(1), () -> prometheus.alerts("EmporiumServiceWithoutInstances", "firing"),
        alerts -> !alerts.isEmpty());
    assertThat(firing).extracting(a -> a.getJsonObject("labels").getString("destination_service"))
        .containsExactly("user");
    assertThat(firing.get(0).getJsonObject("annotations").getString("summary"))
        .isEqualTo("No instance of the user service is registered");

    userJvm = jvms.startEmporium("user-again", userArgs, env).awaitReady();
    Poll.until("EmporiumServiceWithoutInstances resolves", FIRES_WITHIN, Duration.ofSeconds(1),
        () -> prometheus.alerts("EmporiumServiceWithoutInstances", "firing").size()
            + prometheus.alerts("EmporiumServiceWithoutInstances", "pending").size(), count -> count == 0);
  }

  private static int login(String email, String password) {
    return Http.to(gateway).withBound(LOGIN_BOUND).send("POST", "/api/auth/login",
        new JsonObject().put("email", email).put("password", password), null).status();
  }

  private static List<String> with(List<String> common, String... more) {
    List<String> all = new java.util.ArrayList<>(common);
    all.addAll(List.of(more));
    return all;
  }
}
