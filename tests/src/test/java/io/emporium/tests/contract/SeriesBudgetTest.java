package io.emporium.tests.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.platform.testing.PrometheusText;
import io.emporium.tests.ChildJvms;
import io.emporium.tests.EmporiumProcess;
import io.emporium.tests.ProductTable;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a Prometheus gets from a whole system after the black-box workload of the contract check (every
 * route, every error status it documents, the documentation page and its assets): at most
 * {@value #SERIES_BUDGET} series, names {@code promtool check metrics} finds nothing to say about, and the
 * documentation's assets counted under a route of their own.
 */
class SeriesBudgetTest {
  /** The most series one JVM with every role may expose after the workload. */
  static final int SERIES_BUDGET = 1_500;

  @RegisterExtension
  static final ChildJvms jvms = ChildJvms.perClass();

  private static final String ADMIN_EMAIL = "admin@series.test";
  private static final String ADMIN_PASSWORD = "Series-Admin-Passw0rd-9";

  private static String exposition;
  private static PrometheusText scrape;

  @BeforeAll
  static void aWholeSystemAfterTheWorkload() {
    String redis = Optional.ofNullable(System.getenv("EMPORIUM_TEST_REDIS_URL")).filter(u -> !u.isBlank())
        .orElse("redis://127.0.0.1:6379");
    // As in production: PostgreSQL (its statements are timed by table) and Redis (its commands too).
    EmporiumProcess system = jvms.startEmporium("system", List.of("--http.port=0", "--catalogue.demo=true",
        "--store=postgres", "--redis.url=" + redis,
        "--admin.email=" + ADMIN_EMAIL, "--admin.password=" + ADMIN_PASSWORD,
        "--jwt.secret=series-budget-secret-" + java.util.UUID.randomUUID(),
        "--http.max-body-bytes=" + CatalogueWorkload.MAX_BODY_BYTES,
        "--http.max-url-length=" + CatalogueWorkload.MAX_URL_LENGTH,
        "--http.max-header-bytes=" + CatalogueWorkload.MAX_HEADER_BYTES,
        "--auth.lockout.threshold=2", "--auth.lockout.base-seconds=300"),
        Map.of("EMPORIUM_PG_URL", ProductTable.url())).awaitReady();
    URI base = system.baseUri();
    Api api = new Api("system", base, Collections.synchronizedList(new ArrayList<>()));
    IdentityWorkload identity = new IdentityWorkload(api);
    identity.run(ADMIN_EMAIL, ADMIN_PASSWORD);
    new CatalogueWorkload(api, identity.adminToken, identity.userToken).run();
    OperationsWorkload.run(api, identity.adminToken, identity.userToken);
    documentation(api);
    exposition = api.must(Call.of("GET /metrics").token(identity.adminToken).expect(200)).body();
    scrape = new PrometheusText(exposition);
  }

  /** The documentation page, its script, an asset of Swagger UI, one that does not exist, and a path nothing serves. */
  private static void documentation(Api api) {
    api.must(Call.of("GET /docs").expect(200));
    api.must(Call.of("GET /docs/init.js").expect(200));
    api.must(Call.of("GET /docs/swagger-ui.css").expect(200));
    api.must(Call.of("GET /docs/no-such-asset.js").expect(404));
    api.must(Call.of("GET /openapi.json").expect(200));
    api.must(Call.of("GET /no/such/page").expect(404));
  }

  @Test
  void theSystemExposesAtMostItsSeriesBudgetAfterTheWorkload() {
    Map<String, Integer> byFamily = new TreeMap<>();
    scrape.all().forEach(s -> byFamily.merge(family(s.name()), 1, Integer::sum));
    String largest = byFamily.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(12).map(e -> e.getKey() + " " + e.getValue()).toList().toString();
    System.out.printf("[SeriesBudgetTest] %d series after the workload; largest families: %s%n", scrape.all().size(),
        largest);
    // The workload reached the routes: the count is of a system that served them, not of an idle one.
    assertThat(scrape.count("emporium_http_requests_total")).isGreaterThan(60);
    assertThat(scrape.all().size()).as("series after the workload (largest families: %s)", largest)
        .isLessThanOrEqualTo(SERIES_BUDGET);
  }

  @Test
  void oneRequestDurationFamilyIsKept() {
    assertThat(scrape.has("emporium_http_request_duration_seconds_bucket")).isTrue();
    assertThat(scrape.has("vertx_http_server_response_time_seconds_bucket")).isFalse();
  }

  @Test
  void theDocumentationsAssetsAreCountedUnderTheirOwnRouteNotAsUnmatched() {
    assertThat(scrape.sum("emporium_http_requests_total", "route", "/docs/*", "status_class", "2xx")).isEqualTo(1);
    assertThat(scrape.sum("emporium_http_requests_total", "route", "/docs/*", "status_class", "4xx")).isEqualTo(1);
    assertThat(scrape.sum("emporium_http_requests_total", "route", "unmatched", "status_class", "2xx")).isZero();
  }

  @Test
  void promtoolCheckMetricsFindsNothingToSayAboutARealScrape() throws Exception {
    Path file = jvms.directory().resolve("scrape.txt");
    Files.writeString(file, exposition);
    Process promtool;
    try {
      promtool = new ProcessBuilder("promtool", "check", "metrics").redirectInput(file.toFile())
          .redirectErrorStream(true).start();
    } catch (IOException missing) {
      throw new AssertionError("promtool is not installed: run the tests with `bash tests/run.sh`, which installs"
          + " it (apt-get install prometheus)", missing);
    }
    String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(output.lines().filter(line -> !line.isBlank()).toList()).as("promtool check metrics").isEmpty();
    assertThat(promtool.exitValue()).as(output).isZero();
  }

  /** The family of a series: its name less a histogram's or summary's suffix. */
  private static String family(String name) {
    for (String suffix : new String[] {"_bucket", "_count", "_sum", "_max"}) {
      if (name.endsWith(suffix)) {
        return name.substring(0, name.length() - suffix.length());
      }
    }
    return name;
  }
}
