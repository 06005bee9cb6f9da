package io.emporium.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A configuration the jar cannot use stops the start at once: exit code 2, one line per problem on
 * stderr naming the key and its environment variable, and no stack trace (docs/configuration.md).
 */
class InvalidConfigurationTest {
  private static final Duration EXIT_BOUND = Duration.ofSeconds(30);
  private static final String HEADLINE = "Emporium cannot start: invalid configuration:";

  @RegisterExtension
  static final ChildJvms jvms = ChildJvms.perTest();

  /** What is wrong, how it is passed, and what the message must name. */
  record Case(String description, List<String> args, Map<String, String> env, List<String> named) {
    @Override
    public String toString() {
      return description;
    }
  }

  static Stream<Case> invalidConfigurations() {
    return Stream.of(
        new Case("port out of range", List.of("--http.port=99999"), Map.of(),
            List.of("http.port (EMPORIUM_HTTP_PORT)", "99999")),
        new Case("port not a number, from the environment", List.of(), Map.of("EMPORIUM_HTTP_PORT", "eighty"),
            List.of("http.port (EMPORIUM_HTTP_PORT)", "eighty")),
        new Case("unknown store", List.of("--store=mongodb"), Map.of(),
            List.of("store (EMPORIUM_STORE)", "mongodb")),
        new Case("malformed pg.url", List.of("--store=postgres", "--pg.url=mysql://db.example/shop"), Map.of(),
            List.of("pg.url (EMPORIUM_PG_URL)")),
        // Production without a JWT secret and without PostgreSQL (the store defaults to memory) ...
        new Case("production profile with dev defaults", List.of("--profile=production"), Map.of(),
            List.of("EMPORIUM_JWT_SECRET", "store (EMPORIUM_STORE)")),
        // ... and with the PostgreSQL store chosen but no database given.
        new Case("production profile, postgres store without URL", List.of("--profile=production",
            "--store=postgres"), Map.of(), List.of("EMPORIUM_JWT_SECRET", "pg.url (EMPORIUM_PG_URL)")),
        new Case("every problem at once", List.of("--http.port=-1", "--store=mongodb"), Map.of(),
            List.of("http.port (EMPORIUM_HTTP_PORT)", "store (EMPORIUM_STORE)")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidConfigurations")
  void exitsWithCode2AndAMessageNamingTheKey(Case invalid) {
    EmporiumProcess emporium = jvms.startEmporium("emporium", invalid.args(), invalid.env());

    int exitCode = emporium.waitForExit(EXIT_BOUND);

    String err = emporium.stderr();
    assertThat(exitCode).as("exit code; stderr:\n%s", err).isEqualTo(2);
    assertThat(err).contains(HEADLINE);
    List<String> problemLines = err.lines().filter(l -> l.startsWith("  - ")).toList();
    for (String name : invalid.named()) {
      assertThat(problemLines).as("problem lines of\n%s", err).anySatisfy(line -> assertThat(line).contains(name));
    }
    assertThat(err).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(emporium.stdout()).doesNotContain(EmporiumProcess.READY).doesNotContain("listening on");
  }
}
