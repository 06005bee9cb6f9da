package io.emporium.tests.contract;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stoplight Prism as a validating proxy ({@code prism proxy <document> <upstream>}) in front of one
 * gateway: it forwards every request as it is and checks every answer (status, content type, the
 * headers the document declares, body) against the document, reporting what does not match in the
 * {@code sl-violations} response header.
 *
 * <p>Without {@code --errors}: with it, Prism answers requests it finds invalid itself (422, or 401 when
 * the token is missing) instead of forwarding them, and the workload must reach the gateway with bad
 * requests to see its 4xx answers. The check reads the header instead, which reports the same
 * violations, warnings (an undocumented 4xx status) included.
 */
final class PrismProxy implements AutoCloseable {
  private static final String LISTENING = "Prism is listening on";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Process process;
  private final Path log;
  private final URI base;

  private PrismProxy(Process process, Path log, URI base) {
    this.process = process;
    this.log = log;
    this.base = base;
  }

  /**
   * @param document the document as the gateway served it, saved to a file: Prism's own download gives up
   *     after 5 s (and then crashes) on a busy machine
   */
  static PrismProxy start(Path folder, JsonObject document, URI upstream) throws IOException {
    Files.createDirectories(folder);
    Path file = Files.writeString(folder.resolve("openapi.json"), document.encodePrettily());
    int port = freePort();
    Path log = folder.resolve("prism.log");
    ProcessBuilder builder = new ProcessBuilder(ContractTools.bin("prism").toString(), "proxy",
        file.toString(), upstream.toString(), "--host", "127.0.0.1", "--port", Integer.toString(port),
        "--cors=false").directory(ContractTools.home().toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    ContractTools.quiet(builder);
    PrismProxy proxy = new PrismProxy(builder.start(), log, URI.create("http://127.0.0.1:" + port));
    Runtime.getRuntime().addShutdownHook(new Thread(proxy::close));
    proxy.awaitListening();
    return proxy;
  }

  URI base() {
    return base;
  }

  /** The end of Prism's log, for a failure report. */
  String logTail() {
    List<String> lines = read().lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  private void awaitListening() {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (!read().contains(LISTENING)) {
      if (!process.isAlive() || Instant.now().isAfter(deadline)) {
        close();
        throw new AssertionError("Prism did not start (" + (process.isAlive() ? "timed out" : "exited") + "):\n"
            + logTail());
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  private String read() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
