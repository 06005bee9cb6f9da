package io.emporium.tests;

import static io.emporium.tests.ProblemJson.assertNoInternals;
import static io.emporium.tests.ProblemJson.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emporium.testkit.Http;
import io.vertx.core.json.JsonObject;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The README's first command: the jar with no configuration at all (only a free port instead of
 * 8080, so the test never collides with anything). One JVM for the class; the last test stops it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ZeroSetupModeTest {
  @RegisterExtension
  static final ChildJvms jvms = ChildJvms.perClass();

  private static EmporiumProcess emporium;
  private static URI base;

  @BeforeAll
  static void startWithoutConfiguration() {
    emporium = jvms.startEmporium("emporium", List.of("--http.port=0")).awaitReady();
    base = emporium.baseUri();
  }

  @Test
  @Order(1)
  void printsWhereItListensAndWarnsThatTheStoreIsNotDurable() {
    String out = emporium.stdout();
    // The default http.host binds every interface: the line says so, and names an address to use.
    assertThat(out).containsPattern("Emporium gateway listening on every interface \\(0\\.0\\.0\\.0\\) on port \\d+:"
        + " http://127\\.0\\.0\\.1:\\d+[ ,].*\\(health: /api/health\\)");
    assertThat(out).doesNotContain(EmporiumProcess.NOT_READY);
    assertThat(out.lines().filter(l -> l.startsWith(EmporiumProcess.READY + ": ")).findFirst()).as(out)
        .hasValueSatisfying(ready -> assertThat(ready).contains("user service discovered", "product service discovered",
            "user store reachable", "product store reachable"));
    assertThat(emporium.httpPort()).isBetween(1, 65_535);
    assertThat(out.lines().filter(l -> l.contains("WARNING") && l.contains("NOT durable")))
        .as("the not-durable warning in\n%s", out).hasSize(1);
    assertThat(out.indexOf("NOT durable")).as("the warning comes before '%s'", EmporiumProcess.READY)
        .isLessThan(out.indexOf(EmporiumProcess.READY));
    assertThat(emporium.stderr()).doesNotContain("\tat ").doesNotContain("Exception");
  }

  @Test
  @Order(2)
  void healthIsUpWithTheBusBothServicesAndTheMemoryStore() {
    Http.Reply response = Http.to(base).get("/api/health");

    assertThat(response.status()).as("%s", response).isEqualTo(200);
    assertThat(response.contentType()).startsWith("application/json");
    assertNoInternals(response);
    JsonObject health = response.json();
    assertThat(health.getString("status")).isEqualTo("UP");
    JsonObject checks = health.getJsonObject("checks");
    assertThat(checks.getJsonObject("eventBus").getString("status")).isEqualTo("UP");
    for (String service : List.of("user", "product")) {
      JsonObject check = checks.getJsonObject(service);
      assertThat(check).as("%s check in %s", service, health).isNotNull();
      assertThat(check.getString("status")).as("%s status", service).isEqualTo("UP");
      assertThat(check.getString("store")).as("%s store", service).isEqualTo("memory");
      // One instance per core in a single JVM (instances.* = auto), the child JVM seeing the cores this one does.
      int cores = Runtime.getRuntime().availableProcessors();
      assertThat(check.getInteger("instances")).as("%s instances", service).isEqualTo(cores);
      assertThat(check.getInteger("healthy")).as("%s healthy", service).isEqualTo(cores);
      assertThat(check.getString("database")).as("%s database", service).isEqualTo("UP");
    }
  }

  @Test
  @Order(3)
  void theFirstListingShowsTheDemoCatalogue() {
    Http.Reply response = Http.to(base).get("/api/products?size=3");

    assertThat(response.status()).as("%s", response).isEqualTo(200);
    JsonObject page = response.json();
    assertThat(page.getInteger("total")).as("%s", page).isEqualTo(320);
    assertThat(page.getJsonArray("items")).hasSize(3);
    assertThat(emporium.stdout() + emporium.stderr()).contains("demo catalogue loaded: 320 products");
  }

  @Test
  @Order(3)
  void anUnknownProductIs404ProblemWithTheRequestIdEchoed() {
    String path = "/api/products/" + UUID.randomUUID();
    Http.Reply response = Http.to(base).get(path);

    JsonObject problem = assertProblem(response, 404, "NOT_FOUND");
    assertThat(problem.getString("instance")).isEqualTo(path);
    assertThat(problem.getString("title")).isEqualTo("Not Found");
    assertThat(problem.containsKey("field")).isFalse();
  }

  @ParameterizedTest
  @Order(4)
  @ValueSource(strings = {"not-a-uuid", "1-2-3-4-5", "3fa85f64-5717-4562-b3fc-2c963f66afa6x",
      "3FA85F64-5717-4562-B3FC-2C963F66AFA6Z", "%27%20OR%201=1--"})
  void aMalformedIdIs400NamingTheField(String id) {
    Http.Reply response = Http.to(base).get("/api/products/" + id);

    JsonObject problem = assertProblem(response, 400, "VALIDATION");
    assertThat(problem.getString("field")).isEqualTo("id");
  }

  @ParameterizedTest
  @Order(5)
  @ValueSource(strings = {"/api/no-such-route", "/api/products/a/b", "/no-such-page"})
  void anUnknownRouteIs404Problem(String path) {
    assertProblem(Http.to(base).get(path), 404, "NOT_FOUND");
  }

  @Test
  @Order(6)
  void aWrongMethodIs405Problem() {
    assertProblem(Http.to(base).send("POST", "/api/health", null, null), 405, "METHOD_NOT_ALLOWED");
    assertProblem(Http.to(base).send("DELETE", "/api/products/" + UUID.randomUUID(), null, null), 405,
        "METHOD_NOT_ALLOWED");
  }

  @Test
  @Order(7)
  void sigtermStopsItGracefullyWithin15Seconds() {
    emporium.sigterm();
    emporium.waitForExit(Duration.ofSeconds(15));

    String out = emporium.stdout();
    assertThat(out).contains("Emporium stopping").contains(EmporiumProcess.STOPPED);
    assertThat(out.indexOf("Emporium stopping")).isLessThan(out.indexOf(EmporiumProcess.STOPPED));
    assertThat(emporium.stderr()).doesNotContain("did not stop cleanly").doesNotContain("\tat ");
    assertThatThrownBy(() -> Http.to(base).get("/api/health")).as("the port is closed once it stopped")
        .isInstanceOf(UncheckedIOException.class);
  }
}
