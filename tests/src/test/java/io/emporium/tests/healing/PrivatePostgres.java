package io.emporium.tests.healing;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.platform.testing.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the test's own (initdb into a temporary folder, pg_ctl on a free port), so a
 * test can stop and start it without touching the machine's server that other tests and people use.
 * As root it runs as the {@code postgres} user, since PostgreSQL refuses to run as root.
 */
final class PrivatePostgres implements AutoCloseable {
  private final Path bin;
  private final Path data;
  private final int port;

  private PrivatePostgres(Path bin, Path data, int port) {
    this.bin = bin;
    this.data = data;
    this.port = port;
  }

  static PrivatePostgres start() throws IOException {
    Path bin = binaries();
    Path data = Files.createTempDirectory("emporium-private-pg-");
    PrivatePostgres postgres = new PrivatePostgres(bin, data, Ports.free());
    if (isRoot()) {
      run(List.of("chown", "postgres:postgres", data.toString()));
    }
    postgres.asOwner(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres",
        "-A", "trust", "--no-sync", "-E", "UTF8"));
    postgres.startServer();
    return postgres;
  }

  String url() {
    return "postgresql://postgres@127.0.0.1:" + port + "/postgres";
  }

  void startServer() {
    asOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", data.resolve("server.log").toString(),
        "-w", "-t", "30", "-o", "-p " + port + " -k " + data + " -c listen_addresses=127.0.0.1 -c fsync=off",
        "start"));
  }

  /** A fast shutdown: connections are cut at once, as when the database host goes away. */
  void stopServer() {
    asOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "-t", "30", "stop"));
  }

  @Override
  public void close() throws IOException {
    try {
      stopServer();
    } catch (AssertionError alreadyStopped) {
      // stopped by the test
    }
    try (Stream<Path> files = Files.walk(data)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  private void asOwner(List<String> command) {
    List<String> full = new ArrayList<>();
    if (isRoot()) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    run(full);
  }

  private static void run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
      assertThat(process.exitValue()).as("%s\n%s", command, output).isZero();
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** The newest installed version's binaries (tests/run.sh installs PostgreSQL). */
  private static Path binaries() throws IOException {
    try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
          .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", ""))))
          .orElseThrow(() -> new AssertionError("no PostgreSQL binaries under /usr/lib/postgresql: run tests/run.sh"));
    }
  }
}
