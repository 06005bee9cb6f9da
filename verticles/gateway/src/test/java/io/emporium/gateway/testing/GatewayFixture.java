package io.emporium.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.platform.config.ConfigKey;
import io.emporium.platform.config.TestConfigs;
import io.emporium.platform.contract.Addresses;
import io.emporium.platform.contract.Headers;
import io.emporium.platform.contract.ServiceName;
import io.emporium.platform.contract.UserAction;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A whole local system (gateway, user, product and order services, in-memory stores) deployed as the
 * launcher deploys it ({@link LocalSystem}), with the overrides a gateway test needs, plus real HTTP to
 * it and signed test tokens: the one HTTP client of this module's tests.
 */
public final class GatewayFixture implements AutoCloseable {
  public static final String SECRET = "gateway-policies-test-secret-0123456789abcdef";
  /** The bootstrap admin of every fixture, signed in through the system's own user service. */
  private static final String ADMIN_EMAIL = "catalogue-admin@emporium.test";
  private static final String ADMIN_PASSWORD = "Porcelain-espresso-cups-42";
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .version(HttpClient.Version.HTTP_1_1).build();

  private final LocalSystem system;
  public final int port;
  private String admin;

  private GatewayFixture(LocalSystem system) {
    this.system = system;
    this.port = system.httpPort().orElseThrow();
  }

  public static GatewayFixture start(Map<ConfigKey, String> overrides) {
    Map<ConfigKey, String> all = new HashMap<>();
    all.put(ConfigKey.HTTP_PORT, "0");
    all.put(ConfigKey.JWT_SECRET, SECRET);
    all.put(ConfigKey.OUTBOX_POLL_MS, "50");
    all.put(ConfigKey.ADMIN_EMAIL, ADMIN_EMAIL);
    all.put(ConfigKey.ADMIN_PASSWORD, ADMIN_PASSWORD);
    all.putAll(overrides);
    try {
      return new GatewayFixture(LocalSystem.start(TestConfigs.with(all)).toCompletionStage().toCompletableFuture()
          .get(60, TimeUnit.SECONDS));
    } catch (Exception e) {
      throw new IllegalStateException("the system did not start", e);
    }
  }

  public static String redisUrl() {
    String url = System.getenv("EMPORIUM_TEST_REDIS_URL");
    return url == null || url.isBlank() ? "redis://127.0.0.1:6379" : url;
  }

  public Vertx vertx() {
    return system.vertx();
  }

  @Override
  public void close() throws Exception {
    system.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
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
      return status + " " + raw.headers().map() + " " + body;
    }
  }

  public Reply get(String path) {
    return send("GET", path, null, null, Map.of());
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
    String text = body == null ? null : body instanceof JsonObject json ? json.encode() : body.toString();
    HttpRequest.Builder request = request(path, headers)
        .method(method, text == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8));
    if (body != null && !headers.containsKey("Content-Type")) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return CLIENT.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
        .thenApply(r -> new Reply(r.statusCode(), r.body(), r));
  }

  /** A GET whose answer is kept as bytes, as sent (a compressed body stays compressed). */
  public HttpResponse<byte[]> getBytes(String path, Map<String, String> headers) throws Exception {
    return CLIENT.send(request(path, headers).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpRequest.Builder request(String path, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(20));
    headers.forEach(request::header);
    return request;
  }

  /**
   * Calls this gateway's mesh has made to the services so far (health probes are not counted): unchanged
   * across a request proves that no service saw it.
   */
  public long serviceCalls() {
    JsonObject services = get("/api/mesh/stats", admin()).json().getJsonObject("services");
    return services.getJsonObject("product").getJsonObject("totals").getLong("calls")
        + services.getJsonObject("user").getJsonObject("totals").getLong("calls");
  }

  /**
   * A token of this system's bootstrap admin (signed in once, through {@code user.login} on the bus):
   * the product service confirms admin callers with the user service, so a made-up admin is refused.
   */
  public String admin() {
    if (admin == null) {
      admin = signIn();
    }
    return admin;
  }

  private String signIn() {
    try {
      Message<JsonObject> reply = vertx().eventBus().<JsonObject>request(Addresses.shared(ServiceName.USER),
          new JsonObject().put("email", ADMIN_EMAIL).put("password", ADMIN_PASSWORD),
          new DeliveryOptions().addHeader(Headers.ACTION, UserAction.LOGIN.wireName()).setSendTimeout(10_000))
          .await(15, TimeUnit.SECONDS);
      return reply.body().getString("accessToken");
    } catch (Exception e) {
      throw new IllegalStateException("the bootstrap admin could not sign in", e);
    }
  }

  /** A token of a made-up user, signed with this fixture's secret. */
  public static String user() {
    return Tokens.user(SECRET);
  }

  /** Creates a product (stock 10) through the admin API and returns its id. */
  public String createProduct(String admin, String name) {
    JsonObject product = new JsonObject().put("sku", "SKU-" + UUID.randomUUID().toString().substring(0, 8))
        .put("name", name).put("price", new JsonObject().put("amount", "12.90").put("currency", "EUR"))
        .put("stock", 10);
    Reply created = send("POST", "/api/admin/products", product, admin);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().getString("id");
  }
}
