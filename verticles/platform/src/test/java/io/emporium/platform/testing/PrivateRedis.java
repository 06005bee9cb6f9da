package io.emporium.platform.testing;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server of the test's own on a free loopback port, so a test can stop or kill it without
 * touching the machine's Redis (tests/run.sh installs redis-server).
 */
public final class PrivateRedis implements AutoCloseable {
  private final int port;
  private final Process process;
  private final Path dir;

  private PrivateRedis(int port, Process process, Path dir) {
    this.port = port;
    this.process = process;
    this.dir = dir;
  }

  public static PrivateRedis start() throws IOException, InterruptedException {
    int port = Ports.free();
    Path dir = Files.createTempDirectory("emporium-redis-");
    Process process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--dir", dir.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (Instant.now().isBefore(deadline)) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        return new PrivateRedis(port, process, dir);
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException("redis-server did not start on port " + port);
  }

  public int port() {
    return port;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** A clean shutdown (SIGTERM). */
  public void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Gone at once, as when the Redis host dies. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      throw new AssertionError("redis-server on port " + port + " did not die within 10 s of SIGKILL");
    }
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      kill();
    }
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
