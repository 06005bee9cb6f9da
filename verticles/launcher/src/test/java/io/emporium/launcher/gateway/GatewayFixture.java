package io.emporium.launcher.gateway;

import io.emporium.launcher.EmporiumSystem;
import io.emporium.launcher.RunningSystem;
import io.emporium.launcher.TestAdmin;
import io.emporium.launcher.product.Tokens;
import io.emporium.platform.config.ConfigKey;
import io.emporium.platform.config.TestConfigs;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A whole system (gateway, user and product services, in-memory stores) started as the launcher
 * starts it, with the overrides a gateway test needs, plus real HTTP to it and signed test tokens.
 */
final class GatewayFixture implements AutoCloseable {
  static final String SECRET = "gateway-policies-test-secret-0123456789abcdef";
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .version(HttpClient.Version.HTTP_1_1).build();

  final RunningSystem system;
  final int port;
  private String admin;

  private GatewayFixture(RunningSystem system) {
    this.system = system;
    this.port = system.httpPort().orElseThrow();
  }

  static GatewayFixture start(Map<ConfigKey, String> overrides) {
    Map<ConfigKey, String> all = new HashMap<>();
    all.put(ConfigKey.HTTP_PORT, "0");
    all.put(ConfigKey.JWT_SECRET, SECRET);
    all.put(ConfigKey.OUTBOX_POLL_MS, "50");
    all.putAll(TestAdmin.config());
    all.putAll(overrides);
    try {
      return new GatewayFixture(EmporiumSystem.start(TestConfigs.with(all)).toCompletionStage().toCompletableFuture()
          .get(60, TimeUnit.SECONDS));
    } catch (Exception e) {
      throw new IllegalStateException("the system did not start", e);
    }
  }

  static String redisUrl() {
    String url = System.getenv("EMPORIUM_TEST_REDIS_URL");
    return url == null || url.isBlank() ? "redis://127.0.0.1:6379" : url;
  }

  @Override
  public void close() throws Exception {
    system.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  record Reply(int status, String body, HttpResponse<String> raw) {
    JsonObject json() {
      return new JsonObject(body);
    }

    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
      return status + " " + raw.headers().map() + " " + body;
    }
  }

  Reply get(String path) {
    return send("GET", path, null, null, Map.of());
  }

  Reply get(String path, String token) {
    return send("GET", path, null, token, Map.of());
  }

  Reply send(String method, String path, Object body, String token) {
    return send(method, path, body, token, Map.of());
  }

  Reply send(String method, String path, Object body, String token, Map<String, String> headers) {
    return sendAsync(method, path, body, token, headers).join();
  }

  CompletableFuture<Reply> sendAsync(String method, String path, Object body, String token,
      Map<String, String> headers) {
    String text = body == null ? null : body instanceof JsonObject json ? json.encode() : body.toString();
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(20))
        .method(method, text == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8));
    if (body != null && !headers.containsKey("Content-Type")) {
      request.header("Content-Type", "application/json");
    }
    headers.forEach(request::header);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return CLIENT.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
        .thenApply(r -> new Reply(r.statusCode(), r.body(), r));
  }

  /**
   * Calls this gateway's mesh has made to the services so far (health probes are not counted): unchanged
   * across a request proves that no service saw it.
   */
  long serviceCalls() {
    JsonObject services = get("/api/mesh/stats", admin()).json().getJsonObject("services");
    return services.getJsonObject("product").getJsonObject("totals").getLong("calls")
        + services.getJsonObject("user").getJsonObject("totals").getLong("calls");
  }

  /**
   * A token of this system's bootstrap admin (signed in once): the product service confirms admin
   * callers with the user service. A gateway-only fixture of a cluster signs in through the cluster.
   */
  String admin() {
    if (admin == null) {
      admin = TestAdmin.token(system);
    }
    return admin;
  }

  static String user() {
    return Tokens.user(SECRET);
  }
}
