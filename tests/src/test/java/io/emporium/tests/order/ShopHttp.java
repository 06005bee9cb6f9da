package io.emporium.tests.order;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The order tests' one HTTP client: a request with a bearer token, a JSON body and headers, bounded in time. */
final class ShopHttp {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private ShopHttp() {}

  record Reply(int status, String body, String location) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  /** The headers of a request: {@code Idempotency-Key} when {@code key} is not null, and {@code more}. */
  static Map<String, String> headers(String key, String... more) {
    Map<String, String> headers = new HashMap<>();
    if (key != null) {
      headers.put("Idempotency-Key", key);
    }
    for (int i = 0; i + 1 < more.length; i += 2) {
      headers.put(more[i], more[i + 1]);
    }
    return headers;
  }

  static CompletableFuture<Reply> sendAsync(URI base, Duration timeout, String method, String path, String token,
      JsonObject body, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    headers.forEach(request::header);
    return HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
        .thenApply(r -> new Reply(r.statusCode(), r.body(), r.headers().firstValue("Location").orElse(null)));
  }

  static Reply send(URI base, Duration timeout, String method, String path, String token, JsonObject body,
      Map<String, String> headers) {
    return sendAsync(base, timeout, method, path, token, body, headers).join();
  }
}
