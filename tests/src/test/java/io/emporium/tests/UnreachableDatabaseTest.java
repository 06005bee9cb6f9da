package io.emporium.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A start that cannot reach its database must end, with a message and exit code 1 (Main's
 * EXIT_START_FAILED), so that an orchestrator restarts it or an operator sees why: whether the
 * database refuses the connection or takes it and never answers (then {@code startup.timeout-ms} ends it).
 */
class UnreachableDatabaseTest {
  /** Flyway retries 3 times (1 + 2 + 4 s) before it gives up; the rest is JVM start and margin. */
  private static final Duration EXIT_BOUND = Duration.ofSeconds(45);

  @RegisterExtension
  static final ChildJvms jvms = ChildJvms.perTest();

  @Test
  void anUnreachableDatabaseEndsTheStartWithExitCode1AndAMessage() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    EmporiumProcess emporium = jvms.startEmporium("emporium", List.of("--http.port=0", "--store=postgres",
        "--pg.url=postgresql://postgres@127.0.0.1:" + closedPort + "/emporium_test"));

    int exitCode = emporium.waitForExit(EXIT_BOUND);

    assertThat(exitCode).as("exit code\n%s", emporium.describe()).isEqualTo(1);
    assertThat(emporium.stderr()).contains("Emporium failed to start").doesNotContain("\tat ");
    assertThat(emporium.stdout()).doesNotContain(EmporiumProcess.READY);
  }

  @Test
  void aDatabaseThatTakesTheConnectionAndNeverAnswersEndsTheStartAtTheStartupTimeout() throws Exception {
    List<Socket> held = new CopyOnWriteArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        while (!silent.isClosed()) {
          try {
            held.add(silent.accept());
          } catch (IOException closed) {
            return;
          }
        }
      }, "silent-database");
      acceptor.setDaemon(true);
      acceptor.start();
      EmporiumProcess emporium = jvms.startEmporium("emporium", List.of("--http.port=0", "--store=postgres",
          "--startup.timeout-ms=8000",
          "--pg.url=postgresql://postgres@127.0.0.1:" + silent.getLocalPort() + "/emporium_test"));

      int exitCode = emporium.waitForExit(EXIT_BOUND);

      assertThat(exitCode).as("exit code\n%s", emporium.describe()).isEqualTo(1);
      assertThat(emporium.stderr()).contains("Emporium failed to start: not started within 8000 ms");
      assertThat(emporium.stdout()).doesNotContain(EmporiumProcess.READY);
      assertThat(held).as("the start did reach the silent database").isNotEmpty();
    } finally {
      for (Socket socket : held) {
        socket.close();
      }
    }
  }
}
