package io.emporium.tests.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The npm tools of the contract check (Stoplight Prism, Redocly CLI), which {@code tests/run.sh} installs
 * into {@code tests/contract/node_modules} at the versions of {@code tests/contract/package-lock.json}.
 * A missing tool fails the test with that instruction instead of skipping it.
 */
final class ContractTools {
  private ContractTools() {}

  /** {@code tests/contract}: the tools' package files and redocly.yaml. */
  static Path home() {
    String root = System.getProperty("emporium.root");
    assertThat(root).as("system property emporium.root (set by surefire)").isNotBlank();
    return Path.of(root).toAbsolutePath().normalize().resolve("tests").resolve("contract");
  }

  /** The executable of an installed tool ({@code prism}, {@code redocly}). */
  static Path bin(String tool) {
    Path bin = home().resolve("node_modules").resolve(".bin").resolve(tool);
    if (!Files.isExecutable(bin)) {
      throw new AssertionError(tool + " is not installed at " + bin + ": run the tests with `bash tests/run.sh`,"
          + " which installs Node.js (apt-get) and the contract tools (npm ci in tests/contract)");
    }
    return bin;
  }

  /** What a finished tool printed: standard output and error apart (a JSON report goes to the first). */
  record Run(int exit, String stdout, String stderr) {}

  /** Runs a tool to its end, within {@code timeout}; its output goes through files, so it can never block. */
  static Run run(List<String> command, Path folder, Duration timeout) throws IOException, InterruptedException {
    Files.createDirectories(folder);
    Path out = folder.resolve("stdout.txt");
    Path err = folder.resolve("stderr.txt");
    ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(home().toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    quiet(builder);
    Process process = builder.start();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(command + " did not finish within " + timeout + ":\n" + Files.readString(err));
    }
    return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** No telemetry and no update check: the machines of the tests reach package registries only. */
  static void quiet(ProcessBuilder builder) {
    builder.environment().put("REDOCLY_TELEMETRY", "off");
    builder.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
    builder.environment().put("NO_COLOR", "1");
    builder.environment().put("FORCE_COLOR", "0");
  }
}
