package io.emporium.tests;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny OTLP/HTTP trace receiver on loopback: it keeps every export request's body (protobuf) and
 * answers 200 with an empty ExportTraceServiceResponse. Enough to tell which JVM (by the resource
 * attribute {@code emporium.roles}) exported a span of which trace (the 16 raw bytes of the trace id
 * appear in the body), without the protobuf classes.
 */
public final class OtlpReceiver implements AutoCloseable {
  static final String PATH = "/v1/traces";
  private final HttpServer server;
  private final List<byte[]> exports = new CopyOnWriteArrayList<>();

  public OtlpReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(PATH, exchange -> {
      try (InputStream body = exchange.getRequestBody()) {
        exports.add(body.readAllBytes());
      }
      exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
  }

  /** Whether a JVM whose roles are exactly {@code roles} exported a span of this trace. */
  boolean exported(String roles, String traceIdHex) {
    byte[] traceId = HexFormat.of().parseHex(traceIdHex);
    byte[] rolesValue = ("\n" + (char) roles.length() + roles).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    return exports.stream().anyMatch(body -> indexOf(body, traceId) >= 0 && indexOf(body, rolesValue) >= 0);
  }

  /** Whether any span exported so far carries {@code text} (UTF-8), in an attribute, a name or an event. */
  public boolean anyExportContains(String text) {
    byte[] needle = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return exports.stream().anyMatch(body -> indexOf(body, needle) >= 0);
  }

  public int exportCount() {
    return exports.size();
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
