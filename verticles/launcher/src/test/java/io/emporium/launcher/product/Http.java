package io.emporium.launcher.product;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Real HTTP to the gateway on loopback, blocking or not, with a bearer token when given. */
public final class Http {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .version(HttpClient.Version.HTTP_1_1).build();
  private final int port;

  public Http(int port) {
    this.port = port;
  }

  public record Reply(int status, String body, HttpResponse<String> raw) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  public static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  public Reply get(String path, String token) {
    return send("GET", path, null, token, Map.of());
  }

  public Reply send(String method, String path, Object body, String token) {
    return send(method, path, body, token, Map.of());
  }

  public Reply send(String method, String path, Object body, String token, Map<String, String> headers) {
    return sendAsync(method, path, body, token, headers).join();
  }

  public CompletableFuture<Reply> sendAsync(String method, String path, Object body, String token,
      Map<String, String> headers) {
    Map<String, String> all = new LinkedHashMap<>();
    if (body != null) {
      all.put("Content-Type", "application/json");
    }
    all.putAll(headers);
    String text = body == null ? null : body instanceof JsonObject json ? json.encode() : body.toString();
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(20))
        .method(method, text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
    all.forEach(request::header);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return CLIENT.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
        .thenApply(r -> new Reply(r.statusCode(), r.body(), r))
        .exceptionally(e -> {
          throw new UncheckedIOException(new IOException(method + " " + path + " failed", e));
        });
  }
}
