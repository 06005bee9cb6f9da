package io.emporium.tests.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.tests.ChildJvm;
import io.emporium.tests.ChildJvms;
import io.emporium.tests.TestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The event-bus contract as a program written from EVENT-BUS-CONTRACT.md alone meets it (its own build,
 * tests/outside-client, with the documented dependencies and no JVM flag), against two Emporium
 * JVMs: one runs the user service (with a bootstrap admin), the other the product service. The product
 * service confirms admin callers with the user service across the JVMs.
 */
class OutsideProgramClusterTest {
  private static final Duration CLIENT_BOUND = Duration.ofSeconds(90);
  private static final String ADMIN_EMAIL = "outside-admin@emporium.test";
  private static final String ADMIN_PASSWORD = "Outside-catalogue-admin-7";

  @RegisterExtension
  static final ChildJvms jvms = ChildJvms.perClass();

  private static TestCluster cluster;

  @BeforeAll
  static void startUsersThenProducts() {
    cluster = TestCluster.loopback(jvms.directory(), OutsideProgramClusterTest.class);
    List<String> clustered = List.of("--cluster.enabled=true", "--cluster.config=" + cluster.config());
    // One after the other: the first JVM forms the cluster, the second joins it.
    jvms.startEmporium("users", concat(clustered, "--roles=user"),
        Map.of("EMPORIUM_ADMIN_EMAIL", ADMIN_EMAIL, "EMPORIUM_ADMIN_PASSWORD", ADMIN_PASSWORD,
            "EMPORIUM_JWT_SECRET", "outside-program-test-jwt-secret-0123456789")).awaitReady();
    jvms.startEmporium("products", concat(clustered, "--roles=product")).awaitReady();
  }

  private static List<String> lines(ChildJvm program) {
    int exit = program.waitForExit(CLIENT_BOUND);
    assertThat(exit).as("exit code\n%s", program.describe()).isZero();
    return program.stdout().lines().filter(l -> l.matches("[a-z-]+ (OK|FAILED|LOCAL).*")).toList();
  }

  @Test
  void aSignedAdminIsAcceptedOnlyWhileTheUserServiceKnowsThemAsAnActiveAdmin() {
    ChildJvm program = OutsideClient.start(jvms, "signed-callers", "SignedCallers",
        List.of(cluster.config().toString(), jvms.clusterSecret(), ADMIN_EMAIL, ADMIN_PASSWORD));

    assertThat(lines(program)).as("attempts\n%s", program.describe()).containsExactly(
        "unsigned FAILED UNAUTHORIZED", "forged FAILED UNAUTHORIZED", "expired FAILED UNAUTHORIZED",
        "other-action FAILED UNAUTHORIZED",
        // correctly signed, refused for the account: across the JVMs, from the user service's store
        "unknown-admin FAILED UNAUTHORIZED", "disabled-admin FAILED UNAUTHORIZED", "demoted-admin FAILED FORBIDDEN",
        "signed OK");
  }

  @Test
  void eachFailureIsTheKindTheContractSays() {
    ChildJvm program = OutsideClient.start(jvms, "failure-probes", "FailureProbes",
        List.of(cluster.config().toString()));

    List<String> lines = lines(program);

    assertThat(lines).as("probes\n%s", program.describe()).hasSize(4);
    assertThat(lines.get(0)).startsWith("not-found FAILED NOT_FOUND ");
    assertThat(lines.get(1)).isEqualTo("no-handlers FAILED UNAVAILABLE no instance consumes the address");
    // failed in the caller's JVM, before sending: no ReplyException
    assertThat(lines.get(2)).startsWith("not-json LOCAL io.vertx.core.json.EncodeException");
    // 3 MiB: refused by the size limit, not read as far as its fields
    assertThat(lines.get(3)).startsWith("oversized FAILED PAYLOAD_TOO_LARGE ").contains("\"field\":\"body\"");
  }

  private static List<String> concat(List<String> first, String... more) {
    return java.util.stream.Stream.concat(first.stream(), java.util.Arrays.stream(more)).toList();
  }
}
