package io.emporium.platform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

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
}
