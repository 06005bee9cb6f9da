package io.emporium.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.platform.testing.Ports;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's {@code prometheus} server (tests/run.sh installs the package) running the repository's own
 * configuration against JVMs of a test: {@code docker/prometheus/prometheus.yml} copied with a 1 s scrape
 * and evaluation interval, the test's targets in place of Compose's host names, the test's token file and no
 * Alertmanager; its rule file is {@code docker/prometheus/alerts.yml} itself. The targets keep the labels the
 * real configuration gives them ({@code service}), which is how a label collision shows.
 */
public final class PrometheusServer implements AutoCloseable {
  private static final Pattern TARGETS = Pattern.compile("(?m)^(\\s*- targets: )\\[[^\\]]*\\]");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Process process;
  private final URI api;
  private final Path log;

  private PrometheusServer(Process process, URI api, Path log) {
    this.process = process;
    this.api = api;
    this.log = log;
  }

  /**
   * @param targets per job of the real configuration ({@code emporium-gateway}, {@code emporium-user},
   *     {@code emporium-product}), its {@code host:port} targets (empty: none)
   */
  public static PrometheusServer start(Path directory, String scrapeToken, Map<String, List<String>> targets)
      throws IOException {
    Path root = Path.of(EmporiumProcess.requiredProperty("emporium.root")).toAbsolutePath().normalize();
    Files.createDirectories(directory);
    Path token = directory.resolve("metrics-token");
    Files.writeString(token, scrapeToken);
    Path config = directory.resolve("prometheus.yml");
    Files.writeString(config, testCopy(Files.readString(root.resolve("docker/prometheus/prometheus.yml")),
        root.resolve("docker/prometheus/alerts.yml"), token, targets));
    int port = Ports.free();
    Path log = directory.resolve("prometheus.log");
    Process process;
    try {
      process = new ProcessBuilder("prometheus", "--config.file=" + config,
          "--storage.tsdb.path=" + directory.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
          "--log.level=warn").redirectErrorStream(true).redirectOutput(log.toFile()).start();
    } catch (IOException missing) {
      throw new AssertionError("prometheus is not installed: run the tests with `bash tests/run.sh`, which installs"
          + " it (apt-get install prometheus)", missing);
    }
    PrometheusServer server = new PrometheusServer(process, URI.create("http://127.0.0.1:" + port), log);
    Poll.until("Prometheus answers on port " + port + " (log " + log + ")", Duration.ofSeconds(30),
        server::ready, ready -> ready || !process.isAlive());
    assertThat(process.isAlive()).as("prometheus runs; its log:\n%s", server.log()).isTrue();
    return server;
  }

  /** The real configuration with the test's intervals, rule file, token file and targets; no Alertmanager. */
  static String testCopy(String real, Path rules, Path token, Map<String, List<String>> targets) {
    String copy = real.replaceAll("(?m)^(\\s*scrape_interval:).*$", "$1 1s")
        .replaceAll("(?m)^(\\s*scrape_timeout:).*$", "$1 1s")
        .replaceAll("(?m)^(\\s*evaluation_interval:).*$", "$1 1s")
        .replaceAll("(?m)^(\\s*- )alerts\\.yml\\s*$", "$1" + Matcher.quoteReplacement(rules.toString()))
        .replaceAll("(?m)^(\\s*credentials_file:).*$", "$1 " + Matcher.quoteReplacement(token.toString()))
        .replaceAll("(?ms)^alerting:.*?(?=^\\S)", "");
    StringBuilder out = new StringBuilder();
    Matcher jobs = Pattern.compile("(?m)^\\s*- job_name: (\\S+)").matcher(copy);
    List<Integer> starts = new ArrayList<>();
    List<String> names = new ArrayList<>();
    while (jobs.find()) {
      starts.add(jobs.start());
      names.add(jobs.group(1));
    }
    assertThat(names).as("jobs of docker/prometheus/prometheus.yml").containsAll(targets.keySet());
    int from = 0;
    for (int i = 0; i < names.size(); i++) {
      int start = starts.get(i);
      int end = i + 1 < names.size() ? starts.get(i + 1) : copy.length();
      out.append(copy, from, start);
      List<String> hosts = targets.getOrDefault(names.get(i), List.of());
      String list = hosts.stream().map(h -> "'" + h + "'").reduce((a, b) -> a + ", " + b).orElse("");
      out.append(TARGETS.matcher(copy.substring(start, end)).replaceAll("$1[" + list + "]"));
      from = end;
    }
    out.append(copy.substring(from));
    return out.toString();
  }

  private boolean ready() {
    try {
      return HTTP.send(HttpRequest.newBuilder(api.resolve("/-/ready")).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The alerts pending or firing now, as the HTTP API gives them ({@code labels}, {@code state}). */
  public List<JsonObject> alerts() {
    JsonArray alerts = get("/api/v1/alerts").getJsonObject("data").getJsonArray("alerts");
    return alerts.stream().map(a -> (JsonObject) a).toList();
  }

  /** The alerts named {@code name} in state {@code state}. */
  public List<JsonObject> alerts(String name, String state) {
    return alerts().stream().filter(a -> name.equals(a.getJsonObject("labels").getString("alertname"))
        && state.equals(a.getString("state"))).toList();
  }

  /** The result vector of an instant query. */
  public JsonArray query(String promql) {
    return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).getJsonObject("data")
        .getJsonArray("result");
  }

  private JsonObject get(String pathAndQuery) {
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(api.resolve(pathAndQuery))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as("GET %s: %s", pathAndQuery, response.body()).isEqualTo(200);
      return new JsonObject(response.body());
    } catch (IOException e) {
      throw new AssertionError("Prometheus did not answer GET " + pathAndQuery + "; its log:\n" + log(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Its log so far (for failure messages). */
  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
