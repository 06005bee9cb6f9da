package io.emporium.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.testkit.Http;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two gateway JVMs of one loopback Hazelcast cluster, the services in a third: a create sent with an
 * Idempotency-Key to gateway A, then the same request to gateway B (a client retrying through another
 * instance after a lost answer), gets A's answer from B, and the service created once (a second create
 * of the slug would be 409).
 */
class IdempotencyKeyAcrossGatewaysClusterTest {
  private static final String JWT_SECRET = "idempotency-cluster-jwt-" + UUID.randomUUID();
  private static final Duration DISCOVERY_BOUND = Duration.ofSeconds(30);

  @RegisterExtension
  static final ChildJvms jvms = ChildJvms.perClass();

  private static URI gatewayA;
  private static URI gatewayB;
  private static String admin;

  @BeforeAll
  static void threeJvms() {
    TestCluster cluster = TestCluster.loopback(jvms.directory(), IdempotencyKeyAcrossGatewaysClusterTest.class);
    List<String> clustered = List.of("--cluster.enabled=true", "--cluster.config=" + cluster.config());
    Map<String, String> env = ClusterAdmin.env(Map.of("EMPORIUM_JWT_SECRET", JWT_SECRET));
    // One after the other: the first JVM forms the cluster, the others join it.
    jvms.startEmporium("services", with(clustered, "--roles=user,product", "--catalogue.demo=false"), env)
        .awaitReady();
    gatewayA = jvms.startEmporium("gateway-a", with(clustered, "--roles=gateway", "--http.port=0",
        "--http.host=127.0.0.1"), env).awaitReady().baseUri();
    gatewayB = jvms.startEmporium("gateway-b", with(clustered, "--roles=gateway", "--http.port=0",
        "--http.host=127.0.0.1"), env).awaitReady().baseUri();
    admin = ClusterAdmin.signIn(gatewayA);
    Poll.until("gateway B reaches the product service", DISCOVERY_BOUND,
        () -> Http.to(gatewayB).get("/api/categories").status(), status -> status == 200);
  }

  @Test
  void theSameKeyThroughAnotherGatewayJvmReplaysTheFirstAnswerAndCreatesOnce() {
    String slug = "keyed-" + UUID.randomUUID().toString().substring(0, 8);
    String body = new JsonObject().put("slug", slug).put("name", "Keyed across gateways").encode();
    String key = UUID.randomUUID().toString();

    Http.Reply first = post(gatewayA, body, key);
    Http.Reply retry = post(gatewayB, body, key);

    assertThat(first.status()).as(first.body()).isEqualTo(201);
    assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(retry.status()).as("B ran the create again if this is 409: %s", retry.body()).isEqualTo(201);
    assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(retry.body()).isEqualTo(first.body());
    assertThat(retry.headers().firstValue("Location")).hasValue("/api/categories/" + slug);
    // the category exists once: a create without a key is refused as a duplicate, on either gateway
    assertThat(post(gatewayB, body, null).status()).isEqualTo(409);
    // and B's key with another body is a reuse, whichever gateway claimed it
    Http.Reply reused = post(gatewayB, new JsonObject().put("slug", slug + "-x").put("name", "Other")
        .encode(), key);
    assertThat(reused.status()).as(reused.body()).isEqualTo(422);
    assertThat(new JsonObject(reused.body()).getString("code")).isEqualTo("IDEMPOTENCY_KEY_REUSED");
  }

  private static Http.Reply post(URI gateway, String body, String key) {
    return Http.to(gateway).withBound(Duration.ofSeconds(15)).send("POST", "/api/admin/categories", body, admin,
        key == null ? Map.of() : Map.of("Idempotency-Key", key));
  }

  private static List<String> with(List<String> common, String... more) {
    List<String> all = new ArrayList<>(common);
    all.addAll(List.of(more));
    return all;
  }
}
