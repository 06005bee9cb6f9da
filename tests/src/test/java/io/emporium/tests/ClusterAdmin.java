package io.emporium.tests;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A real admin for a test cluster: the bootstrap admin of the JVMs with the user role, signed in
 * through a gateway. Admin actions on the catalogue need one, since the product service confirms
 * every admin caller with the user service; {@link AdminTokens} (a token for a made-up id) is enough
 * only for the gateway's own admin routes (mesh, statistics).
 */
public final class ClusterAdmin {
  public static final String EMAIL = "cluster-admin@emporium.test";
  public static final String PASSWORD = "Cluster-catalogue-admin-9";
  private static final Duration SIGN_IN_BOUND = Duration.ofSeconds(30);
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private ClusterAdmin() {}

  /** {@code env} plus the bootstrap admin's settings, for a JVM with the user role. */
  public static Map<String, String> env(Map<String, String> env) {
    Map<String, String> all = new HashMap<>(env);
    all.put("EMPORIUM_ADMIN_EMAIL", EMAIL);
    all.put("EMPORIUM_ADMIN_PASSWORD", PASSWORD);
    return all;
  }

  /** An access token of the bootstrap admin, once the gateway reaches the user service. */
  public static String signIn(URI gateway) {
    String body = new JsonObject().put("email", EMAIL).put("password", PASSWORD).encode();
    HttpResponse<String> answer = Poll.until("the bootstrap admin signed in through " + gateway, SIGN_IN_BOUND,
        () -> login(gateway, body), response -> response.statusCode() == 200);
    return new JsonObject(answer.body()).getString("accessToken");
  }

  private static HttpResponse<String> login(URI gateway, String body) {
    HttpRequest request = HttpRequest.newBuilder(gateway.resolve("/api/auth/login")).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("login on " + gateway + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
