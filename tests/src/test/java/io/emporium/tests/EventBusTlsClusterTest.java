package io.emporium.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.testkit.Http;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The event bus between JVMs over mutual TLS, with certificates from {@code docker/make-dev-certs.sh}:
 * two JVMs whose certificates the cluster's CA signed exchange messages; a JVM with a certificate
 * from another CA, and one without TLS, join Hazelcast (its traffic is not the bus) but cannot get a
 * single message through.
 */
class EventBusTlsClusterTest {
  private static final String PASSWORD = "tls-test-" + Long.toHexString(System.nanoTime());
  private static final String SCRAPE_TOKEN = "scrape-" + Long.toHexString(System.nanoTime());

  @RegisterExtension
  static final ChildJvms jvms = ChildJvms.perClass();

  private static Path cluster;
  private static Path good;
  private static Path rogue;

  @BeforeAll
  static void certificatesAndAProductJvm() throws Exception {
    good = makeCertificates("good-ca", "product", "gateway");
    rogue = makeCertificates("rogue-ca", "rogue");
    cluster = TestCluster.loopback(jvms.directory(), EventBusTlsClusterTest.class).config();
    jvms.startEmporium("product", args("product", good.resolve("product.p12"), good, "--roles=product"), env())
        .awaitReady();
  }

  @Test
  void aJvmWithACertificateOfTheClusterCaExchangesMessages() {
    EmporiumProcess gateway = gateway("gateway", good.resolve("gateway.p12"), good, 3000);

    // The first request opens the TLS connection (1-2 s on a busy machine): the gateway's retries cover it.
    Http.Reply products = Poll.until("a 200 through the TLS event bus", Duration.ofSeconds(30),
        () -> Http.to(gateway.baseUri()).get("/api/products"), response -> response.status() == 200);

    assertThat(products.status()).as("%s", products).isEqualTo(200);
    assertThat(products.json().containsKey("items")).isTrue();
  }

  @Test
  void aJvmWithACertificateOfAnotherCaIsRefused() {
    EmporiumProcess gateway = gateway("rogue-gateway", rogue.resolve("rogue.p12"), rogue, 1000);

    assertRefused(gateway);
    // The refused handshakes are counted, on the connecting side (Vert.x 5.0.8 tells the accepting side nothing).
    Poll.until("the rogue gateway counted its refused handshakes", Duration.ofSeconds(10),
        () -> Metrics.scrape(gateway.httpPort(), SCRAPE_TOKEN).sum("emporium_bus_tls_handshake_failures_total",
            "side", "connecting"), failures -> failures >= 1);
  }

  @Test
  void aJvmWithoutTlsIsRefused() {
    List<String> plain = new ArrayList<>(List.of("--cluster.enabled=true", "--cluster.config=" + cluster,
        "--roles=gateway", "--http.port=0", "--http.host=127.0.0.1", "--bus.timeout-ms=1000"));
    EmporiumProcess gateway = jvms.startEmporium("plain-gateway", plain, Map.of("EMPORIUM_JWT_SECRET", secret()))
        .awaitReady();

    assertRefused(gateway);
  }

  private static void assertRefused(EmporiumProcess gateway) {
    // The product instance is discovered (Hazelcast is shared), but no request reaches it.
    for (int attempt = 0; attempt < 2; attempt++) {
      Http.Reply products = Http.to(gateway.baseUri()).get("/api/products");
      assertThat(products.status()).as("%s", products).isIn(503, 504);
    }
    assertThat(gateway.stdout() + gateway.stderr()).doesNotContain("\"items\"");
  }

  private static EmporiumProcess gateway(String name, Path keystore, Path certificates, int busTimeoutMs) {
    List<String> arguments = args(name, keystore, certificates, "--roles=gateway", "--http.port=0",
        "--http.host=127.0.0.1", "--bus.timeout-ms=" + busTimeoutMs);
    Map<String, String> environment = new java.util.HashMap<>(env());
    environment.put("EMPORIUM_JWT_SECRET", secret());
    environment.put("EMPORIUM_METRICS_TOKEN", SCRAPE_TOKEN);
    return jvms.startEmporium(name, arguments, environment).awaitReady();
  }

  private static List<String> args(String name, Path keystore, Path certificates, String... more) {
    List<String> arguments = new ArrayList<>(List.of("--cluster.enabled=true", "--cluster.config=" + cluster,
        "--cluster.tls.enabled=true", "--cluster.tls.keystore=" + keystore,
        "--cluster.tls.truststore=" + certificates.resolve("truststore.p12")));
    arguments.addAll(List.of(more));
    return arguments;
  }

  private static Map<String, String> env() {
    return Map.of("EMPORIUM_CLUSTER_TLS_KEYSTORE_PASSWORD", PASSWORD,
        "EMPORIUM_CLUSTER_TLS_TRUSTSTORE_PASSWORD", PASSWORD);
  }

  private static String secret() {
    return "jwt-secret-for-the-tls-test-0123456789abcdef";
  }

  /** Runs the repository's script, as an operator would, into a folder of its own (its own CA). */
  private static Path makeCertificates(String folder, String... nodes) throws IOException, InterruptedException {
    Path out = jvms.directory().resolve(folder);
    Path script = Path.of(System.getProperty("emporium.root"), "docker", "make-dev-certs.sh");
    List<String> command = new ArrayList<>(List.of("sh", script.toString(), out.toString()));
    command.addAll(List.of(nodes));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Path javaBin = Path.of(System.getProperty("java.home"), "bin");
    builder.environment().put("PATH", javaBin + java.io.File.pathSeparator + System.getenv("PATH"));
    builder.environment().put("CERT_PASSWORD", PASSWORD);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    for (String node : nodes) {
      assertThat(out.resolve(node + ".p12")).as(output).isRegularFile();
    }
    assertThat(out.resolve("truststore.p12")).isRegularFile();
    return out;
  }
}
