package io.emporium.tests.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.tests.ChildJvms;
import io.emporium.tests.EmporiumProcess;
import io.emporium.tests.OtlpReceiver;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * No personal data in what is monitored: a whole system, every trace recorded and exported, runs the
 * black-box workload of the contract check (which registers a buyer with an email unique to this run, logs
 * it in, changes its password and profile), then failed logins for that email until it is locked. Neither
 * that email nor a password the workload used may then appear in {@code /metrics}, in any line the JVM
 * printed (its logs), or in any span it exported. Only the audit log (a table, read through the admin API)
 * may name the email.
 */
class PrivacyOfWhatIsMonitoredTest {
  @RegisterExtension
  static final ChildJvms jvms = ChildJvms.perClass();

  private static final String ADMIN_EMAIL = "admin@privacy.test";
  private static final String ADMIN_PASSWORD = "Privacy-Admin-Passw0rd-9";

  private static OtlpReceiver spans;
  private static EmporiumProcess system;
  private static String email;
  private static String metrics;
  private static String audit;

  @BeforeAll
  static void theWorkloadThenFailedLoginsForItsEmail() throws Exception {
    spans = new OtlpReceiver();
    system = jvms.startEmporium("system", List.of("--http.port=0", "--catalogue.demo=true",
        "--admin.email=" + ADMIN_EMAIL, "--admin.password=" + ADMIN_PASSWORD,
        "--jwt.secret=privacy-secret-" + java.util.UUID.randomUUID(),
        "--http.max-body-bytes=" + CatalogueWorkload.MAX_BODY_BYTES,
        "--http.max-url-length=" + CatalogueWorkload.MAX_URL_LENGTH,
        "--http.max-header-bytes=" + CatalogueWorkload.MAX_HEADER_BYTES,
        "--auth.lockout.threshold=2", "--auth.lockout.base-seconds=300",
        "--tracing.otlp-endpoint=" + spans.endpoint(), "--tracing.sample-ratio=1",
        // Everything the services say, not only warnings: a DEBUG line must not name anyone either.
        "--log.levels=io.emporium=DEBUG")).awaitReady();
    Api api = new Api("system", system.baseUri(), Collections.synchronizedList(new ArrayList<>()));
    IdentityWorkload identity = new IdentityWorkload(api);
    identity.run(ADMIN_EMAIL, ADMIN_PASSWORD);
    email = identity.email;
    new CatalogueWorkload(api, identity.adminToken, identity.userToken).run();
    OperationsWorkload.run(api, identity.adminToken, identity.userToken);
    JsonObject wrong = new JsonObject().put("email", email).put("password", "wrong-" + IdentityWorkload.NEW_PASSWORD);
    // The workload failed once for it already: two more lock it at the latest, the third is refused as locked.
    api.send(Call.of("POST /api/auth/login").json(wrong).expect(401));
    api.send(Call.of("POST /api/auth/login").json(wrong).expect(401));
    api.must(Call.of("POST /api/auth/login").json(wrong).expect(429));

    metrics = api.must(Call.of("GET /metrics").token(identity.adminToken).expect(200)).body();
    audit = api.must(Call.of("GET /api/admin/audit").token(identity.adminToken).at("/api/admin/audit?size=100")
        .expect(200)).body();
    // A stopped JVM has flushed its log and exported every span it still held.
    system.sigterm();
    assertThat(system.waitForExit(Duration.ofSeconds(30))).as("exit status after SIGTERM").isIn(0, 143);
  }

  @AfterAll
  static void stopReceiver() {
    if (spans != null) {
      spans.close();
    }
  }

  @Test
  void theAuditLogIsWhereTheEmailIs() {
    // The search below looks for what is there: the audit trail does name the email of the failed logins.
    assertThat(audit).contains(email);
  }

  @Test
  void metricsNameNoEmailAndNoPassword() {
    assertThat(metrics).doesNotContain(email);
    for (String secret : secrets()) {
      assertThat(metrics).doesNotContain(secret);
    }
  }

  @Test
  void noLogLineNamesTheEmailOrAPassword() {
    String logs = system.stdout() + "\n" + system.stderr();
    assertThat(logs).as("the JVM printed its log").contains(EmporiumProcess.READY);
    assertThat(logs.lines().filter(line -> line.contains(email)).toList()).as("log lines naming the email").isEmpty();
    for (String secret : secrets()) {
      assertThat(logs.lines().filter(line -> line.contains(secret)).toList()).as("log lines with a password")
          .isEmpty();
    }
  }

  @Test
  void noExportedSpanNamesTheEmailOrAPassword() {
    assertThat(spans.exportCount()).as("spans were exported").isPositive();
    assertThat(spans.anyExportContains(email)).as("a span names the email").isFalse();
    for (String secret : secrets()) {
      assertThat(spans.anyExportContains(secret)).as("a span carries a password").isFalse();
    }
  }

  private static List<String> secrets() {
    return List.of(IdentityWorkload.USER_PASSWORD, IdentityWorkload.NEW_PASSWORD, ADMIN_PASSWORD);
  }
}
