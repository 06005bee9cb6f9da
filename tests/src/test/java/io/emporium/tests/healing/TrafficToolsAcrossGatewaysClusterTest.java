package io.emporium.tests.healing;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.platform.mesh.balance.StableHash;
import io.emporium.testkit.Http;
import io.emporium.testkit.Tokens;
import io.emporium.tests.ChildJvms;
import io.emporium.tests.EmporiumProcess;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The traffic tools of the mesh (canary by header and by user share, mirroring, consistent hashing) are
 * set through the admin mesh API of one gateway JVM (A) and must hold in another (B) and in one that
 * starts after they were set (C): requests through B are routed by them, and B's {@code /api/mesh/stats}
 * shows them in the view of each of its gateway verticles. Two product JVMs of two versions on one
 * PostgreSQL database (the same answers, so a mirror compares like with like), on a private Hazelcast
 * loopback cluster. Routing is read from the calls each instance got in every gateway verticle's view:
 * health probes do not count there, so the numbers are exact.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrafficToolsAcrossGatewaysClusterTest {
  private static final Duration START_BOUND = Duration.ofSeconds(60);
  /** A published policy reaches every mesh at once (bus publish); the bound covers a loaded machine. */
  private static final Duration POLICY_BOUND = Duration.ofSeconds(10);
  private static final String STABLE = "1.0";
  private static final String CANARY = "2.0";
  private static final int GATEWAY_VERTICLES = 2;
  private static final int READS = 20;
  /** Every tool off: each test sets its own on this. */
  private static final JsonObject NO_TOOLS = new JsonObject().put("strategy", "round-robin").putNull("hashKey")
      .putNull("canary").putNull("mirror").putNull("split");

  @RegisterExtension
  static final ChildJvms jvms = ChildJvms.perClass();

  private static Path cluster;
  private static Database database;
  private static String stableNode;
  private static String canaryNode;
  private static URI gatewayA;
  private static URI gatewayB;
  private static String productId;

  @BeforeAll
  static void twoProductVersionsAndTwoGateways() throws Exception {
    database = Database.connect();
    cluster = Cluster.privateLoopbackOnFreePorts(jvms.directory());
    // The user service beside the stable version: gateways are ready only once it is discovered.
    stableNode = Cluster.nodeOf(startProduct("product-" + STABLE, STABLE, "product,user"));
    canaryNode = Cluster.nodeOf(startProduct("product-" + CANARY, CANARY, "product"));
    gatewayA = startGateway("gateway-a");
    gatewayB = startGateway("gateway-b");
    for (URI gateway : List.of(gatewayA, gatewayB)) {
      Cluster.await("both product versions in every verticle's view of " + gateway, START_BOUND,
          () -> Cluster.ready(gateway) && everyView(gateway, view -> onNode(view, stableNode) != null
              && onNode(view, canaryNode) != null));
    }
    productId = database.insertProduct(1_000);
  }

  @AfterAll
  static void closeDatabase() {
    if (database != null) {
      database.close();
    }
  }

  private static EmporiumProcess startProduct(String name, String version, String roles) {
    return jvms.startEmporium(name, Cluster.args(cluster, "--roles=" + roles, "--store=postgres",
        "--pg.timeout-ms=2000", "--instance.version=" + version),
        Map.of("EMPORIUM_PG_URL", Database.URL, "EMPORIUM_JWT_SECRET", Cluster.JWT_SECRET)).awaitReady();
  }

  private static URI startGateway(String name) {
    return jvms.startEmporium(name, Cluster.args(cluster, "--roles=gateway",
        "--instances.gateway=" + GATEWAY_VERTICLES, "--http.port=0", "--http.host=127.0.0.1",
        "--bus.timeout-ms=2000", "--ratelimit.enabled=false"),
        Map.of("EMPORIUM_JWT_SECRET", Cluster.JWT_SECRET)).awaitReady().baseUri();
  }

  @Test
  @Order(1)
  void aCanaryByHeaderSetThroughOneGatewayRoutesTheRequestsThatAskForItThroughTheOther() {
    long revision = policy(NO_TOOLS.copy().put("canary",
        new JsonObject().put("version", CANARY).put("byHeader", true).put("userPercent", 0)));
    awaitRevision(gatewayB, revision);
    assertThat(everyView(gatewayB, view -> CANARY.equals(product(view).getJsonObject("canary").getString("version"))
        && product(view).getJsonObject("canary").getBoolean("byHeader"))).as("B's stats show the canary").isTrue();

    Counts before = Counts.of(gatewayB);
    for (int i = 0; i < READS; i++) {
      read(gatewayB, Map.of("X-Emporium-Canary", CANARY));
    }
    Counts asked = Counts.of(gatewayB);
    assertThat(asked.callsOn(canaryNode) - before.callsOn(canaryNode)).as("canary reads on the canary").isEqualTo(READS);
    assertThat(asked.callsOn(stableNode) - before.callsOn(stableNode)).as("canary reads on the stable").isZero();
    assertThat(asked.canary("header") - before.canary("header")).as("B's canary calls by header").isEqualTo(READS);

    for (int i = 0; i < READS; i++) {
      read(gatewayB, Map.of());
    }
    Counts after = Counts.of(gatewayB);
    assertThat(after.callsOn(stableNode) - asked.callsOn(stableNode)).as("other reads on the stable").isEqualTo(READS);
    assertThat(after.callsOn(canaryNode) - asked.callsOn(canaryNode)).as("other reads on the canary").isZero();
  }

  @Test
  @Order(2)
  void aCanaryByUserShareSetThroughOneGatewaySendsExactlyThatShareOfUsersToItThroughTheOther() {
    int percent = 30;
    long revision = policy(NO_TOOLS.copy().put("canary",
        new JsonObject().put("version", CANARY).put("byHeader", false).put("userPercent", percent)));
    awaitRevision(gatewayB, revision);
    assertThat(everyView(gatewayB, view -> product(view).getJsonObject("canary").getInteger("userPercent") == percent))
        .as("B's stats show the user share").isTrue();

    List<String> users = IntStream.range(0, 40).mapToObj(i -> UUID.randomUUID().toString()).toList();
    // What every JVM computes alike for a user (VariantChoice: salted with the canary's version).
    long inShare = users.stream().filter(u -> StableHash.percentBucket("canary:" + CANARY + ":" + u) < percent).count();
    assertThat(inShare).as("users in the share, of 40").isBetween(1L, 39L);
    Counts before = Counts.of(gatewayB);
    int perUser = 3;
    for (String user : users) {
      String token = Tokens.user(Cluster.JWT_SECRET, user);
      for (int i = 0; i < perUser; i++) {
        read(gatewayB, Map.of("Authorization", "Bearer " + token));
      }
      // a header asks for nothing when the canary is not by header
      read(gatewayB, Map.of("Authorization", "Bearer " + token, "X-Emporium-Canary", CANARY));
    }
    Counts after = Counts.of(gatewayB);
    long expectedOnCanary = inShare * (perUser + 1);
    assertThat(after.callsOn(canaryNode) - before.callsOn(canaryNode)).as("reads of users in the share")
        .isEqualTo(expectedOnCanary);
    assertThat(after.callsOn(stableNode) - before.callsOn(stableNode)).as("reads of the other users")
        .isEqualTo((users.size() - inShare) * (perUser + 1));
    assertThat(after.canary("user") - before.canary("user")).as("B's canary calls by user").isEqualTo(expectedOnCanary);
    assertThat(after.canary("header") - before.canary("header")).as("B's canary calls by header").isZero();
  }

  @Test
  @Order(3)
  void aMirrorSetThroughOneGatewayCopiesTheOthersReadsToTheShadowAndComparesTheAnswers() {
    long revision = policy(NO_TOOLS.copy().put("mirror",
        new JsonObject().put("version", CANARY).put("percent", 100).put("maxInFlight", 64)));
    awaitRevision(gatewayB, revision);
    assertThat(everyView(gatewayB, view -> CANARY.equals(product(view).getJsonObject("mirror").getString("version"))))
        .as("B's stats show the mirror").isTrue();

    Counts before = Counts.of(gatewayB);
    for (int i = 0; i < READS; i++) {
      // the shadow answers only mirrored calls, whatever the caller asks
      read(gatewayB, Map.of("X-Emporium-Canary", CANARY));
    }
    // compared once both answers are in: after the caller got its own
    Cluster.await("every mirrored read compared in B", POLICY_BOUND, () -> {
      Counts now = Counts.of(gatewayB);
      return now.mirror("sent") - before.mirror("sent") == READS && now.mirror("match") + now.mirror("mismatch")
          + now.mirror("error") - before.mirror("match") - before.mirror("mismatch") - before.mirror("error") == READS;
    });
    Counts after = Counts.of(gatewayB);
    assertThat(after.mirror("match") - before.mirror("match")).as("shadow answers like the stable").isEqualTo(READS);
    assertThat(after.mirror("skipped") - before.mirror("skipped")).isZero();
    // the stable served every read; the shadow got the copies only
    assertThat(after.callsOn(stableNode) - before.callsOn(stableNode)).isEqualTo(READS);
    assertThat(after.callsOn(canaryNode) - before.callsOn(canaryNode)).isEqualTo(READS);
  }

  @Test
  @Order(4)
  void consistentHashingSetThroughOneGatewaySendsEachProductToOneInstanceThroughEitherGateway() {
    long revision = policy(NO_TOOLS.copy().put("strategy", "consistent-hash").put("hashKey", "payload.id"));
    awaitRevision(gatewayB, revision);
    assertThat(everyView(gatewayB, view -> "consistent-hash".equals(product(view).getString("strategy"))
        && "payload.id".equals(product(view).getString("hashKey")))).as("B's stats show the strategy").isTrue();

    List<String> products = IntStream.range(0, 12).mapToObj(i -> database.insertProduct(10)).toList();
    List<String> owners = new ArrayList<>();
    for (String product : products) {
      owners.add(ownerOf(product, List.of(gatewayB, gatewayA)));
    }
    assertThat(owners).as("products spread over both instances").contains(stableNode, canaryNode);
    assertThat(owners.get(0)).isEqualTo(ownerOf(products.get(0), List.of(gatewayB)));
  }

  @Test
  @Order(5)
  void aGatewayThatJoinsAfterThePoliciesWereSetAppliesThemFromItsFirstRequest() {
    long revision = policy(NO_TOOLS.copy().put("strategy", "consistent-hash").put("hashKey", "payload.id")
        .put("canary", new JsonObject().put("version", CANARY).put("byHeader", true).put("userPercent", 0)));
    awaitRevision(gatewayB, revision);
    URI late = startGateway("gateway-c");
    // Ready means both services are in its view; the stored policy was read before the verticles started.
    JsonObject expected = product(stats(gatewayA)).getJsonObject("policy");
    for (JsonObject view : Cluster.meshViews(late, GATEWAY_VERTICLES)) {
      assertThat(product(view).getLong("revision")).as("C's revision").isEqualTo(revision);
      assertThat(product(view).getJsonObject("policy")).as("C's policy").isEqualTo(expected);
    }
    Cluster.await("both product instances in every verticle's view of C", START_BOUND,
        () -> everyView(late, view -> onNode(view, stableNode) != null && onNode(view, canaryNode) != null));
    Counts before = Counts.of(late);
    for (int i = 0; i < READS; i++) {
      read(late, Map.of("X-Emporium-Canary", CANARY));
    }
    Counts after = Counts.of(late);
    assertThat(after.callsOn(canaryNode) - before.callsOn(canaryNode)).as("C's canary reads").isEqualTo(READS);
    assertThat(after.canary("header") - before.canary("header")).isEqualTo(READS);
  }

  /**
   * Reads the product three times through each gateway and answers the node of the one instance that took
   * them all: consistent hashing sends a key to the same instance in every gateway.
   */
  private static String ownerOf(String product, List<URI> gateways) {
    List<Counts> before = gateways.stream().map(Counts::of).toList();
    for (URI gateway : gateways) {
      for (int i = 0; i < 3; i++) {
        read(gateway, product, Map.of());
      }
    }
    long onStable = 0;
    long onCanary = 0;
    for (int g = 0; g < gateways.size(); g++) {
      Counts after = Counts.of(gateways.get(g));
      onStable += after.callsOn(stableNode) - before.get(g).callsOn(stableNode);
      onCanary += after.callsOn(canaryNode) - before.get(g).callsOn(canaryNode);
    }
    long reads = 3L * gateways.size();
    assertThat(List.of(onStable, onCanary)).as("reads of %s by instance (stable, canary)", product)
        .containsExactlyInAnyOrder(reads, 0L);
    return onStable == reads ? stableNode : canaryNode;
  }

  /** Sets the product service's policy through gateway A; answers its revision. */
  private static long policy(JsonObject document) {
    Http.Reply response = Cluster.call(gatewayA, "PUT", "/api/admin/mesh/services/product/policy",
        document.encode());
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json().getLong("revision");
  }

  private static void awaitRevision(URI gateway, long revision) {
    Cluster.await("policy revision " + revision + " in every verticle of " + gateway, POLICY_BOUND,
        () -> everyView(gateway, view -> product(view).getLong("revision") == revision));
  }

  private static void read(URI gateway, Map<String, String> headers) {
    read(gateway, productId, headers);
  }

  /** A product read past the gateway's cache (every read reaches the mesh); fails unless 200. */
  private static void read(URI gateway, String product, Map<String, String> headers) {
    Map<String, String> all = new HashMap<>(headers);
    all.put("Cache-Control", "no-cache");
    Http.Reply response = Http.to(gateway).send("GET", "/api/products/" + product, null, null, all);
    assertThat(response.status()).as("%s", response).isEqualTo(200);
  }

  private static JsonObject stats(URI gateway) {
    Http.Reply stats = Cluster.call(gateway, "GET", "/api/mesh/stats", null);
    assertThat(stats.status()).as(stats.body()).isEqualTo(200);
    return stats.json();
  }

  private static JsonObject product(JsonObject view) {
    return view.getJsonObject("services").getJsonObject("product");
  }

  private static boolean everyView(URI gateway, Predicate<JsonObject> holds) {
    return Cluster.meshViews(gateway, GATEWAY_VERTICLES).stream().allMatch(holds);
  }

  private static JsonObject onNode(JsonObject view, String node) {
    return product(view).getJsonArray("instances").stream().map(JsonObject.class::cast)
        .filter(i -> node.equals(i.getString("nodeId"))).findFirst().orElse(null);
  }

  /** A gateway JVM's product counters, every gateway verticle's view summed (a connection reaches one). */
  private record Counts(List<JsonObject> views) {
    static Counts of(URI gateway) {
      return new Counts(Cluster.meshViews(gateway, GATEWAY_VERTICLES).stream().map(view -> product(view)).toList());
    }

    long callsOn(String node) {
      return views.stream().map(product -> product.getJsonArray("instances").stream().map(JsonObject.class::cast)
          .filter(i -> node.equals(i.getString("nodeId"))).findFirst().orElse(null))
          .filter(Objects::nonNull).mapToLong(instance -> instance.getLong("calls")).sum();
    }

    long canary(String why) {
      return views.stream().mapToLong(product -> product.getJsonObject("canary").getJsonObject("calls").getLong(why))
          .sum();
    }

    long mirror(String counter) {
      return views.stream().mapToLong(product -> product.getJsonObject("mirror").getLong(counter)).sum();
    }
  }
}
