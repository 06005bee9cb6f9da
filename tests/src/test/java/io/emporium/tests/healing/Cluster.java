package io.emporium.tests.healing;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.testkit.Http;
import io.emporium.testkit.Tokens;
import io.emporium.tests.ClusterAdmin;
import io.emporium.tests.EmporiumProcess;
import io.emporium.tests.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the self-healing tests share: a private loopback cluster, admin calls, polling. */
final class Cluster {
  static final String JWT_SECRET = "self-healing-tests-jwt-secret-" + UUID.randomUUID();
  /**
   * Until {@link #signIn}: a token for a made-up admin, enough for the gateway's own admin routes.
   * Catalogue writes need a real one (the product service confirms admins with the user service).
   */
  private static volatile String admin = Tokens.admin(JWT_SECRET);
  private static final Pattern NODE = Pattern.compile("clustered, node ([0-9a-f-]{36})");
  private static final Duration READY_BOUND = Duration.ofSeconds(3);

  private Cluster() {}

  /** Signs in the bootstrap admin ({@link ClusterAdmin}) through {@code gateway}; every later call uses it. */
  static void signIn(URI gateway) {
    admin = ClusterAdmin.signIn(gateway);
  }

  /** The admin token the calls of this class carry. */
  static String admin() {
    return admin;
  }

  /** cluster-config/loopback.xml under a cluster name of this run, so no other cluster joins. */
  static Path privateLoopback(Path directory) throws IOException {
    Path source = Path.of(System.getProperty("emporium.root"), "cluster-config", "loopback.xml");
    String name = "emporium-healing-" + UUID.randomUUID().toString().substring(0, 8);
    String xml = Files.readString(source).replaceFirst("<cluster-name>[^<]*</cluster-name>",
        "<cluster-name>" + name + "</cluster-name>");
    assertThat(xml).contains(name);
    Path config = directory.resolve("hazelcast-" + name + ".xml");
    Files.writeString(config, xml);
    return config;
  }

  /**
   * {@link #privateLoopback} on ten free ports of its own instead of 5701-5710: the merge search of a JVM
   * thawed after a pause then finds nothing but its own cluster's members (it waits on every listed port
   * where nothing answers), and the merge comes seconds after SIGCONT, as in tests/bench/failover.sh,
   * not 30-38 s later as on the shared ports.
   */
  static Path privateLoopbackOnFreePorts(Path directory) throws IOException {
    Path config = privateLoopback(directory);
    TestCluster.moveToFreePorts(config);
    return config;
  }

  /**
   * {@link #privateLoopbackOnFreePorts} with only the first {@code members} ports listed as members: the JVMs
   * this test starts, one after the other, take them in order. Each listed address where nothing listens
   * costs a thawed JVM's split-brain search 5 s per round (Hazelcast waits that long for a connection to
   * each, one after the other): with 10 listed and 4 in use, a gateway was back 4-40 s after SIGCONT,
   * depending on the order the addresses were tried in.
   */
  static Path privateLoopbackOfMembers(Path directory, int members) throws IOException {
    Path config = privateLoopbackOnFreePorts(directory);
    String xml = Files.readString(config);
    Matcher listed = Pattern.compile("\\s*<member>127\\.0\\.0\\.1:(\\d+)</member>").matcher(xml);
    StringBuilder kept = new StringBuilder();
    int count = 0;
    while (listed.find()) {
      listed.appendReplacement(kept, ++count <= members ? Matcher.quoteReplacement(listed.group()) : "");
    }
    listed.appendTail(kept);
    assertThat(count).as("members listed in %s", config).isGreaterThanOrEqualTo(members);
    assertThat(Pattern.compile("<member>").matcher(kept).results().count()).isEqualTo(members);
    Files.writeString(config, kept.toString());
    return config;
  }

  static List<String> args(Path cluster, String... more) {
    List<String> args = new ArrayList<>(List.of("--cluster.enabled=true", "--cluster.config=" + cluster));
    args.addAll(List.of(more));
    return args;
  }

  static String nodeOf(EmporiumProcess process) {
    Matcher m = NODE.matcher(process.stdout());
    assertThat(m.find()).as("node id in the banner of\n%s", process.describe()).isTrue();
    return m.group(1);
  }

  /** A call with the admin token, past the gateway's GET cache. */
  static Http.Reply call(URI gateway, String method, String path, String body) {
    return Http.to(gateway).send(method, path, body, admin, Map.of("Cache-Control", "no-cache"));
  }

  /** A GET as an anonymous client sends it, which the gateway may answer from its cache. */
  static Http.Reply callCached(URI gateway, String path) {
    return Http.to(gateway).get(path);
  }

  /** The product instances in this gateway's mesh view, each with its nodeId, calls and circuit. */
  static JsonArray productInstances(URI gateway) {
    Http.Reply stats = call(gateway, "GET", "/api/mesh/stats", null);
    assertThat(stats.status()).as(stats.body()).isEqualTo(200);
    return stats.json().getJsonObject("services").getJsonObject("product").getJsonArray("instances");
  }

  /**
   * The mesh view of each of the gateway JVM's verticles, ordered by mesh id (the {@code verticles} of
   * {@code /api/mesh/stats}); fails unless exactly {@code verticles} views answered.
   */
  static List<JsonObject> meshViews(URI gateway, int verticles) {
    Http.Reply stats = call(gateway, "GET", "/api/mesh/stats", null);
    assertThat(stats.status()).as(stats.body()).isEqualTo(200);
    JsonObject body = stats.json();
    assertThat(body.getInteger("verticlesUnanswered")).as(stats.body()).isZero();
    List<JsonObject> views = body.getJsonArray("verticles").stream().map(JsonObject.class::cast).toList();
    assertThat(views.stream().map(view -> view.getString("meshId")).distinct())
        .as("views of %s's gateway verticles", gateway).hasSize(verticles);
    return views;
  }

  static JsonObject instanceOn(URI gateway, String nodeId) {
    return productInstances(gateway).stream().map(JsonObject.class::cast)
        .filter(i -> nodeId.equals(i.getString("nodeId"))).findFirst().orElse(null);
  }

  /** Whether the gateway answers ready within 3 s; no answer at all is not ready. */
  static boolean ready(URI gateway) {
    try {
      return Http.to(gateway).withBound(READY_BOUND).get("/api/health/ready").status() == 200;
    } catch (UncheckedIOException e) {
      return false;
    }
  }

  /** Milliseconds until {@code done} holds; fails after {@code bound}. */
  static long await(String what, Duration bound, BooleanSupplier done) {
    long started = System.nanoTime();
    long deadline = started + bound.toNanos();
    while (System.nanoTime() < deadline) {
      if (done.getAsBoolean()) {
        return (System.nanoTime() - started) / 1_000_000;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
    throw new AssertionError(what + ": not within " + bound.toMillis() + " ms");
  }
}
