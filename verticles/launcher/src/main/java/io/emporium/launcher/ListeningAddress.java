package io.emporium.launcher;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Says what the gateway's HTTP server binds, as it is: a wildcard host binds every interface, so the
 * line names the wildcard and the addresses of this machine's interfaces a client can use.
 */
final class ListeningAddress {
  private ListeningAddress() {}

  /** {@code http://127.0.0.1:8080}, or {@code every interface (0.0.0.0) on port 8080: http://127.0.0.1:8080, ...}. */
  static String describe(String host, int port) {
    if (!isWildcard(host)) {
      return "http://" + bracketed(host) + ":" + port;
    }
    List<String> urls = new ArrayList<>();
    urls.add("http://127.0.0.1:" + port);
    for (InetAddress address : interfaceAddresses()) {
      urls.add("http://" + bracketed(address.getHostAddress()) + ":" + port);
    }
    return "every interface (" + host + ") on port " + port + ": " + String.join(", ", urls);
  }

  static boolean isWildcard(String host) {
    return "0.0.0.0".equals(host) || "::".equals(host) || "[::]".equals(host) || "0:0:0:0:0:0:0:0".equals(host);
  }

  private static String bracketed(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  /** The IPv4 addresses of the interfaces that are up, loopback and link-local ones left out. */
  private static List<InetAddress> interfaceAddresses() {
    List<InetAddress> addresses = new ArrayList<>();
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp() || nic.isLoopback()) {
          continue;
        }
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          if (address instanceof Inet4Address && !address.isLinkLocalAddress()) {
            addresses.add(address);
          }
        }
      }
    } catch (SocketException unreadable) {
      // The line then names the loopback address only; what is bound is unchanged.
    }
    return addresses;
  }
}
