package io.emporium.tests.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.testkit.Tokens;
import io.emporium.tests.ChildJvms;
import io.emporium.tests.EmporiumProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The published contract, checked by tools nobody here wrote, against the jar as users run it:
 *
 * <ul>
 *   <li>a workload that exercises every operation of the served document and every error status it
 *       documents (but 500, which only a bug gives) goes through Stoplight Prism's validating proxy, and
 *       every answer must be one the document describes: status, content type, declared headers, body;
 *   <li>Redocly CLI lints the served document with the recommended rules ({@code tests/contract/redocly.yaml})
 *       and finds no error and no warning.
 * </ul>
 *
 * Two systems: the whole system in one JVM (the demo catalogue, small input limits, logins locked after two
 * failures), and a gateway alone with metrics off, for what clients get while the services are away (503)
 * or metrics are off.
 */
class ContractCheckTest {
  @RegisterExtension
  static final ChildJvms jvms = ChildJvms.perClass();

  private static final String ADMIN_EMAIL = "admin@contract.test";
  private static final String ADMIN_PASSWORD = "Contract-Admin-Passw0rd-9";
  private static final String JWT_SECRET = "contract-check-secret-" + java.util.UUID.randomUUID();
  /** Only a bug answers 500: documented on every operation, reached by no correct workload. */
  private static final Set<String> NOT_REACHABLE = Set.of("500");

  private static URI system;
  private static URI gatewayAlone;
  private static PrismProxy systemProxy;
  private static PrismProxy gatewayAloneProxy;

  @BeforeAll
  static void startBothSystemsBehindPrism() throws Exception {
    EmporiumProcess whole = jvms.startEmporium("system", List.of("--http.port=0", "--catalogue.demo=true",
        "--admin.email=" + ADMIN_EMAIL, "--admin.password=" + ADMIN_PASSWORD, "--jwt.secret=" + JWT_SECRET,
        "--http.max-body-bytes=" + CatalogueWorkload.MAX_BODY_BYTES,
        "--http.max-url-length=" + CatalogueWorkload.MAX_URL_LENGTH,
        "--http.max-header-bytes=" + CatalogueWorkload.MAX_HEADER_BYTES,
        "--auth.lockout.threshold=2", "--auth.lockout.base-seconds=300"));
    EmporiumProcess alone = jvms.startEmporium("gateway-alone", List.of("--http.port=0", "--roles=gateway",
        "--metrics.enabled=false", "--jwt.secret=" + JWT_SECRET));
    system = whole.awaitReady().baseUri();
    gatewayAlone = alone.awaitReady().baseUri();
    systemProxy = PrismProxy.start(jvms.directory().resolve("prism-system"), served(system), system);
    gatewayAloneProxy = PrismProxy.start(jvms.directory().resolve("prism-gateway-alone"), served(gatewayAlone),
        gatewayAlone);
  }

  @AfterAll
  static void stopProxies() {
    if (systemProxy != null) {
      systemProxy.close();
    }
    if (gatewayAloneProxy != null) {
      gatewayAloneProxy.close();
    }
  }

  @Test
  void everyAnswerOfAWorkloadOverEveryOperationAndErrorStatusIsDescribedByTheServedDocument() throws Exception {
    List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
    Api api = new Api("system", systemProxy.base(), answers);
    IdentityWorkload identity = new IdentityWorkload(api);
    identity.run(ADMIN_EMAIL, ADMIN_PASSWORD);
    new CatalogueWorkload(api, identity.adminToken, identity.userToken).run();
    new OrderWorkload(api, identity.adminToken, identity.userToken).run();
    OperationsWorkload.run(api, identity.adminToken, identity.userToken);
    OperationsWorkload.withoutServices(new Api("gateway alone", gatewayAloneProxy.base(), answers),
        Tokens.admin(JWT_SECRET));

    List<String> faults = new ArrayList<>();
    for (Answer answer : answers) {
      answer.faults().forEach(fault -> faults.add(answer + "\n    " + fault));
    }
    assertThat(faults).as("answers that fail the contract check (%d answers in all); Prism's log ends with:\n%s",
        answers.size(), systemProxy.logTail()).isEmpty();

    Map<String, Set<String>> documented = documentedStatuses(served(system));
    Set<String> exercised = answers.stream().map(a -> a.call().operation).collect(Collectors.toCollection(TreeSet::new));
    assertThat(exercised).as("operations the workload exercised").containsExactlyInAnyOrderElementsOf(
        documented.keySet());
    Set<String> statusesDocumented = documented.values().stream().flatMap(Set::stream)
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> statusesAnswered = answers.stream().map(a -> Integer.toString(a.status()))
        .collect(Collectors.toCollection(TreeSet::new));
    statusesDocumented.removeAll(NOT_REACHABLE);
    assertThat(statusesAnswered).as("every status the document gives an operation, answered at least once")
        .containsExactlyInAnyOrderElementsOf(statusesDocumented);
  }

  @Test
  void theServedDocumentPassesRedoclyLintWithoutErrorsOrWarnings() throws Exception {
    Path folder = jvms.directory().resolve("redocly");
    Files.createDirectories(folder);
    Path document = folder.resolve("openapi.json");
    Files.writeString(document, served(system).encodePrettily());

    ContractTools.Run lint = ContractTools.run(List.of(ContractTools.bin("redocly").toString(), "lint",
        "--config", ContractTools.home().resolve("redocly.yaml").toString(), "--format", "json",
        document.toString()), folder, Duration.ofMinutes(2));

    JsonObject report;
    try {
      report = new JsonObject(lint.stdout());
    } catch (RuntimeException notJson) {
      throw new AssertionError("redocly lint gave no JSON report (exit " + lint.exit() + "):\n" + lint.stdout()
          + "\n" + lint.stderr(), notJson);
    }
    List<String> problems = report.getJsonArray("problems", new JsonArray()).stream().map(p -> (JsonObject) p)
        .map(p -> p.getString("severity") + " " + p.getString("ruleId") + " at "
            + p.getJsonArray("location", new JsonArray()).stream().map(l -> ((JsonObject) l).getString("pointer"))
            .toList() + ": " + p.getString("message"))
        .toList();
    assertThat(problems).as("redocly lint's problems").isEmpty();
    assertThat(report.getJsonObject("totals").getInteger("errors")).isZero();
    assertThat(report.getJsonObject("totals").getInteger("warnings")).isZero();
    assertThat(lint.exit()).as("redocly lint's exit status").isZero();
  }

  /** The document as the gateway serves it. */
  private static JsonObject served(URI gateway) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        gateway.resolve("/openapi.json")).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET /openapi.json").isEqualTo(200);
    return new JsonObject(response.body());
  }

  /** Per operation ({@code GET /api/products/{id}}), the statuses the document gives it. */
  private static Map<String, Set<String>> documentedStatuses(JsonObject document) {
    Map<String, Set<String>> statuses = new TreeMap<>();
    document.getJsonObject("paths").forEach(path -> ((JsonObject) path.getValue()).forEach(operation ->
        statuses.put(operation.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey(),
            new TreeSet<>(((JsonObject) operation.getValue()).getJsonObject("responses").fieldNames()))));
    return statuses;
  }
}
