package io.emporium.tests.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.platform.config.ConfigKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** What the deployment tests share: the repository root, the configuration's variable names, running a tool. */
final class Deploy {
  private Deploy() {}

  static Path root() {
    String root = System.getProperty("emporium.root");
    assertThat(root).as("system property emporium.root (set by surefire)").isNotBlank();
    return Path.of(root).toAbsolutePath().normalize();
  }

  /** EMPORIUM_* names of every configuration key: the only variables the application reads. */
  static Set<String> configEnvNames() {
    return Arrays.stream(ConfigKey.values()).map(ConfigKey::envName).collect(Collectors.toSet());
  }

  record Run(int exit, String output) {}

  /**
   * Runs a command-line tool that tests/run.sh installs (apt-get) when it is missing; a missing tool
   * fails the test with that instruction instead of skipping it.
   */
  static Run tool(List<String> command, String debianPackage) throws IOException, InterruptedException {
    Process process;
    try {
      ProcessBuilder builder = new ProcessBuilder(command).directory(root().toFile()).redirectErrorStream(true);
      // Only the files speak: variables of the caller's shell would fill in what the env file lacks.
      builder.environment().keySet().removeIf(name -> name.startsWith("EMPORIUM_") || name.startsWith("POSTGRES_")
          || name.startsWith("REDIS_") || name.startsWith("GRAFANA_") || name.startsWith("COMPOSE_"));
      process = builder.start();
    } catch (IOException missing) {
      throw new AssertionError(command.get(0) + " is not installed: run the tests with `bash tests/run.sh`,"
          + " which installs it (apt-get install " + debianPackage + ")", missing);
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
    return new Run(process.exitValue(), output);
  }
}
