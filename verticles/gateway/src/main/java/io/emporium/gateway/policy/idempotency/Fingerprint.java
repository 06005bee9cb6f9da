package io.emporium.gateway.policy.idempotency;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What makes two requests under one key the same request: method, path and query, and the body's bytes
 * (SHA-256). The bytes as sent, not the parsed JSON: a client's retry sends the same bytes, and a client
 * that reorders its fields has built a new request.
 */
final class Fingerprint {
  private Fingerprint() {}

  static String of(HttpMethod method, String uri, Buffer body) {
    MessageDigest sha = sha256();
    sha.update(method.name().getBytes(StandardCharsets.US_ASCII));
    sha.update((byte) ' ');
    sha.update(uri.getBytes(StandardCharsets.UTF_8));
    sha.update((byte) '\n');
    if (body != null) {
      sha.update(body.getBytes());
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
