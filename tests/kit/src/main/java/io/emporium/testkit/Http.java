package io.emporium.testkit;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Real HTTP/1.1 to one gateway, blocking or not, with a bearer token when given and every request
 * bounded in time: the one HTTP client of the tests. A failed exchange (refused, reset, timed out) is an
 * {@link UncheckedIOException} naming the request.
 */
public final class Http {
  /** A system in this JVM: its first requests may wait for class loading and the JIT. */
  private static final Duration IN_JVM_BOUND = Duration.ofSeconds(20);
  /** A JVM of its own: a short bound, so that a hung JVM shows quickly. */
  private static final Duration OTHER_JVM_BOUND = Duration.ofSeconds(10);
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .version(HttpClient.Version.HTTP_1_1).build();

  private final URI base;
  private final Duration bound;

  private Http(URI base, Duration bound) {
    this.base = base;
    this.bound = bound;
  }

  /** A gateway of a system in this JVM, on loopback. */
  public static Http on(int port) {
    return new Http(URI.create("http://127.0.0.1:" + port), IN_JVM_BOUND);
  }

  /** A gateway in another JVM (a black-box test's child process). */
  public static Http to(URI base) {
    return new Http(base, OTHER_JVM_BOUND);
  }

  /** The same gateway, each request bounded by {@code bound} instead. */
  public Http withBound(Duration bound) {
    return new Http(base, bound);
  }

  /** The path encoded as one URL path segment or query value ({@code %20} for a space). */
  public static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Request headers from names and values, in order; a null value leaves its header out. */
  public static Map<String, String> headers(String... namesAndValues) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
      if (namesAndValues[i + 1] != null) {
        headers.put(namesAndValues[i], namesAndValues[i + 1]);
      }
    }
    return headers;
  }

  /** An answer, with the request it answers for the failure messages. */
  public record Reply(String request, int status, HttpHeaders headers, String body) {
    /** The body as a JSON object; a body that is none fails the test with the whole exchange. */
    public JsonObject json() {
      try {
        return new JsonObject(body);
      } catch (DecodeException | ClassCastException e) {
        throw new AssertionError(request + ": the body is not a JSON object: " + body, e);
      }
    }

    /** The first value of a header, or null when the answer has none. */
    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    public String contentType() {
      return headers.firstValue("Content-Type").orElse("");
    }

    @Override
    public String toString() {
      return request + " -> " + status + " " + headers.map() + " " + body;
    }
  }

  public Reply get(String path) {
    return send("GET", path, null, null, Map.of());
  }

  public Reply get(String path, String token) {
    return send("GET", path, null, token, Map.of());
  }

  /** A GET that the gateway answers from its service, never from its cache. */
  public Reply getUncached(String path) {
    return send("GET", path, null, null, Map.of("Cache-Control", "no-cache"));
  }

  public Reply send(String method, String path, Object body, String token) {
    return send(method, path, body, token, Map.of());
  }

  public Reply send(String method, String path, Object body, String token, Map<String, String> headers) {
    try {
      return sendAsync(method, path, body, token, headers).join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  /**
   * Sends {@code body} (a {@link JsonObject}, or any object as its text) as JSON unless {@code headers}
   * name another Content-Type, with {@code token} as the bearer when not null.
   */
  public CompletableFuture<Reply> sendAsync(String method, String path, Object body, String token,
      Map<String, String> headers) {
    String request = method + " " + uri(path);
    String text = body == null ? null : body instanceof JsonObject json ? json.encode() : body.toString();
    Map<String, String> all = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (text != null) {
      all.put("Content-Type", "application/json");
    }
    all.putAll(headers);
    if (token != null) {
      all.put("Authorization", "Bearer " + token);
    }
    HttpRequest.Builder builder = request(path, all).method(method, text == null
        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8));
    return CLIENT.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofString()).handle((response, failure) -> {
      if (failure != null) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause() : failure;
        throw new UncheckedIOException(request + " failed: " + cause,
            cause instanceof IOException io ? io : new IOException(cause));
      }
      return new Reply(request, response.statusCode(), response.headers(), response.body());
    });
  }

  /** A GET whose answer is kept as bytes, as sent (a compressed body stays compressed). */
  public HttpResponse<byte[]> getBytes(String path, Map<String, String> headers)
      throws IOException, InterruptedException {
    return CLIENT.send(request(path, headers).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpRequest.Builder request(String path, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(bound);
    headers.forEach(request::header);
    return request;
  }

  /** The path as sent, appended rather than resolved: {@code //x} stays a path, not a host. */
  private URI uri(String path) {
    String root = base.toString().endsWith("/") ? base.toString().substring(0, base.toString().length() - 1)
        : base.toString();
    return URI.create(root + path);
  }
}
