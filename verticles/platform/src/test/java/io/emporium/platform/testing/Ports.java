package io.emporium.platform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Loopback ports for servers a test starts itself. */
public final class Ports {
  private Ports() {}

  /** A port that was free a moment ago (the OS picks it; another process could still take it first). */
  public static int free() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first of {@code count} consecutive loopback ports that nothing listens on now (cluster members' ports). */
  public static int freeBlock(int count) {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = 20_000 + ThreadLocalRandom.current().nextInt(20_000);
      boolean free = true;
      for (int p = base; p < base + count && free; p++) {
        try (ServerSocket socket = new ServerSocket(p, 1, InetAddress.getByName("127.0.0.1"))) {
          socket.setReuseAddress(true);
        } catch (IOException taken) {
          free = false;
        }
      }
      if (free) {
        return base;
      }
    }
    throw new UncheckedIOException(new IOException("no block of " + count + " free ports found"));
  }
}
