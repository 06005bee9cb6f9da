package io.emporium.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.platform.testing.PrometheusText;
import io.emporium.testkit.Http;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The alert rules ({@code docker/prometheus/alerts.yml}) and the Grafana dashboard
 * ({@code docker/grafana/dashboards/emporium.json}) only name metrics that a running system exposes: one
 * JVM with every role on PostgreSQL and Redis runs a workload that touches every part (sign-up, logins,
 * products, stock, orders, events), then each metric name in each query must be in its /metrics.
 */
class MonitoringConfigMatchesTheSystemTest {
  private static final Duration BOUND = Duration.ofSeconds(40);
  private static final String SCRAPE_TOKEN = "scrape-" + UUID.randomUUID();
  private static final String SECRET = "monitoring-config-test-secret-0123456789abcdef";
  /** Series Prometheus makes itself, not the system. */
  private static final Set<String> PROMETHEUS_OWN = Set.of("up");
  private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left",
      "group_right", "and", "or", "unless", "bool", "offset", "inf", "nan");
  private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern NAME = Pattern.compile("(?<![\\w$.])([a-zA-Z_:][a-zA-Z0-9_:]*+)(?!\\s*\\()");

  @RegisterExtension
  static final ChildJvms jvms = ChildJvms.perClass();

  private static URI gateway;
  private static int port;
  private static PrometheusText exposed;

  @BeforeAll
  static void aWholeSystemAfterAWorkload() throws Exception {
    String redis = Optional.ofNullable(System.getenv("EMPORIUM_TEST_REDIS_URL")).filter(u -> !u.isBlank())
        .orElse("redis://127.0.0.1:6379");
    EmporiumProcess jvm = jvms.startEmporium("all-roles", List.of("--store=postgres", "--http.port=0",
        "--http.host=127.0.0.1", "--redis.url=" + redis, "--outbox.poll-ms=100"), ClusterAdmin.env(Map.of(
        "EMPORIUM_PG_URL", ProductTable.url(), "EMPORIUM_METRICS_TOKEN", SCRAPE_TOKEN,
        "EMPORIUM_JWT_SECRET", SECRET))).awaitReady();
    gateway = jvm.baseUri();
    port = jvm.httpPort();
    workload();
    exposed = Poll.until("events published, gauges sampled and Redis probed", BOUND,
        () -> Metrics.scrape(port, SCRAPE_TOKEN),
        m -> m.sum("emporium_events_published_total", "type", "user.registered") >= 1
            && m.sum("emporium_events_published_total", "type", "product.created") >= 1
            && m.sum("emporium_redis_up") == 1 && m.has("emporium_outbox_backlog")
            && m.has("emporium_users_active") && m.has("emporium_stock_below_threshold")
            && m.has("emporium_rate_limited_total")
            && m.sum("emporium_order_transitions_total", "state", "cancelled") >= 1
            && m.has("emporium_order_refunds_cents_total"));
  }

  private static void workload() {
    String email = "watcher-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    String password = "a long enough passphrase " + UUID.randomUUID();
    expect(201, send("POST", "/api/auth/register", new JsonObject().put("email", email).put("password", password)
        .put("name", "Watcher"), null));
    expect(200, send("POST", "/api/auth/login", new JsonObject().put("email", email).put("password", password), null));
    expect(401, send("POST", "/api/auth/login", new JsonObject().put("email", email).put("password", "wrong " + password),
        null));
    String admin = ClusterAdmin.signIn(gateway);
    Http.Reply created = send("POST", "/api/admin/products", new JsonObject()
        .put("sku", "WATCH-" + UUID.randomUUID().toString().substring(0, 8)).put("name", "Watched cup")
        .put("price", new JsonObject().put("amount", "5.00").put("currency", "EUR")).put("stock", 10), admin);
    expect(201, created);
    String id = new JsonObject(created.body()).getString("id");
    expect(200, send("POST", "/api/admin/products/" + id + "/stock", new JsonObject().put("delta", -8), admin));
    expect(200, send("GET", "/api/products/" + id, null, null));
    expect(404, send("GET", "/api/products/" + UUID.randomUUID(), null, null));
    orders(admin, id);
    rateLimitedOnce(admin);
  }

  /** A checkout refused (too little stock), one placed, paid and cancelled: checkouts, revenue and refunds exist. */
  private static void orders(String admin, String product) {
    JsonObject tooMany = new JsonObject().put("items", new JsonArray().add(new JsonObject().put("productId", product)
        .put("quantity", 3)));
    expect(409, send("POST", "/api/orders", tooMany, admin, Map.of("Idempotency-Key", "watch-" + UUID.randomUUID())));
    JsonObject one = new JsonObject().put("items", new JsonArray().add(new JsonObject().put("productId", product)
        .put("quantity", 1)));
    Http.Reply placed = send("POST", "/api/orders", one, admin,
        Map.of("Idempotency-Key", "watch-" + UUID.randomUUID()));
    expect(201, placed);
    String order = new JsonObject(placed.body()).getString("id");
    expect(200, send("POST", "/api/admin/orders/" + order + "/paid", null, admin));
    expect(200, send("POST", "/api/orders/" + order + "/cancel", null, admin));
  }

  /** A policy of one request in force for a moment (as the contract check does): the second read is refused. */
  private static void rateLimitedOnce(String admin) {
    Http.Reply inForce = send("GET", "/api/admin/gateway/rate-limits", null, admin);
    expect(200, inForce);
    JsonObject document = new JsonObject(inForce.body()).getJsonObject("document");
    JsonObject oneRequest = document.copy();
    oneRequest.getJsonObject("policies").put("watch-one", new JsonObject().put("key", "route").put("rate", 0.001)
        .put("burst", 1));
    oneRequest.getJsonObject("groups").put("read", new JsonArray().add("watch-one"));
    expect(200, send("PUT", "/api/admin/gateway/rate-limits", oneRequest, admin));
    expect(200, send("GET", "/api/categories", null, null));
    expect(429, send("GET", "/api/categories", null, null));
    expect(200, send("PUT", "/api/admin/gateway/rate-limits", document, admin));
  }

  @Test
  void everyAlertRuleNamesExposedMetrics() throws IOException {
    List<String> expressions = alertExpressions(Files.readAllLines(root().resolve("docker/prometheus/alerts.yml")));
    assertThat(expressions).hasSizeGreaterThanOrEqualTo(7);
    assertExposed("docker/prometheus/alerts.yml", expressions);
  }

  @Test
  void everyDashboardQueryNamesExposedMetrics() throws IOException {
    JsonObject dashboard = new JsonObject(Files.readString(root().resolve("docker/grafana/dashboards/emporium.json")));
    List<String> expressions = new ArrayList<>();
    for (Object p : dashboard.getJsonArray("panels")) {
      JsonArray targets = ((JsonObject) p).getJsonArray("targets", new JsonArray());
      targets.forEach(t -> expressions.add(((JsonObject) t).getString("expr")));
    }
    for (Object v : dashboard.getJsonObject("templating").getJsonArray("list")) {
      Object query = ((JsonObject) v).getValue("query");
      if (query instanceof JsonObject q && q.getString("query", "").startsWith("label_values(")) {
        String inner = q.getString("query");
        expressions.add(inner.substring("label_values(".length(), inner.indexOf(',')));
      }
    }
    assertThat(expressions).hasSizeGreaterThanOrEqualTo(30);
    assertExposed("the dashboard", expressions);
  }

  @Test
  void theNameExtractionFindsMetricsAndOnlyMetrics() {
    assertThat(metricNames("histogram_quantile(0.99, sum by (le, route) (rate(emporium_http_request_duration_seconds_bucket"
        + "{instance=~\"$instance\", route=\"/a\"}[$__rate_interval]))) > 0.5 and up == 0"))
        .containsExactlyInAnyOrder("emporium_http_request_duration_seconds_bucket", "up");
  }

  private static void assertExposed(String where, List<String> expressions) {
    Set<String> missing = new TreeSet<>();
    for (String expression : expressions) {
      for (String name : metricNames(expression)) {
        if (!PROMETHEUS_OWN.contains(name) && !exposed.has(name)) {
          missing.add(name);
        }
      }
    }
    assertThat(missing).as("metrics named in %s that the running system does not expose", where).isEmpty();
  }

  static Set<String> metricNames(String expression) {
    String text = expression.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
        .replaceAll("\\{[^}]*\\}", " ")
        .replaceAll("\\[[^\\]]*\\]", " ");
    text = GROUPING.matcher(text).replaceAll(" ");
    Set<String> names = new TreeSet<>();
    Matcher m = NAME.matcher(text);
    while (m.find()) {
      String word = m.group(1);
      if (!PROMQL_WORDS.contains(word.toLowerCase())) {
        names.add(word);
      }
    }
    return names;
  }

  /** The {@code expr} of each rule, one-line or a {@code |} block. */
  static List<String> alertExpressions(List<String> lines) {
    List<String> expressions = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int at = line.indexOf("expr:");
      if (at < 0 || line.strip().startsWith("#")) {
        continue;
      }
      String rest = line.substring(at + "expr:".length()).strip();
      if (!rest.equals("|") && !rest.equals(">")) {
        expressions.add(rest);
        continue;
      }
      int indent = at;
      StringBuilder block = new StringBuilder();
      while (i + 1 < lines.size() && (lines.get(i + 1).isBlank()
          || lines.get(i + 1).length() - lines.get(i + 1).stripLeading().length() > indent)) {
        block.append(lines.get(++i).strip()).append(' ');
      }
      expressions.add(block.toString().strip());
    }
    return expressions;
  }

  private static Path root() {
    return Path.of(EmporiumProcess.requiredProperty("emporium.root"));
  }

  private static void expect(int status, Http.Reply response) {
    assertThat(response.status()).as(response.request() + " " + response.body()).isEqualTo(status);
  }

  private static Http.Reply send(String method, String path, JsonObject body, String bearer) {
    return send(method, path, body, bearer, Map.of());
  }

  private static Http.Reply send(String method, String path, JsonObject body, String bearer,
      Map<String, String> headers) {
    // Every read goes to the service (the gateway's GET cache would answer repeats itself).
    Map<String, String> all = new HashMap<>(Map.of("Cache-Control", "no-cache"));
    all.putAll(headers);
    return Http.to(gateway).withBound(Duration.ofSeconds(20)).send(method, path, body, bearer, all);
  }
}
