package io.emporium.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.Addresses;
import io.emporium.contract.Headers;
import io.emporium.contract.ServiceName;
import io.emporium.contract.UserAction;
import io.emporium.platform.config.ConfigKey;
import io.emporium.platform.config.TestConfigs;
import io.emporium.testkit.Http;
import io.emporium.testkit.Http.Reply;
import io.emporium.testkit.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A whole local system (gateway, user, product and order services, in-memory stores) deployed as the
 * launcher deploys it ({@link LocalSystem}), with the overrides a gateway test needs, plus real HTTP to
 * it through the test kit's {@link Http} and signed test tokens.
 */
public final class GatewayFixture implements AutoCloseable {
  public static final String SECRET = "gateway-policies-test-secret-0123456789abcdef";
  /** The bootstrap admin of every fixture, signed in through the system's own user service. */
  private static final String ADMIN_EMAIL = "catalogue-admin@emporium.test";
  private static final String ADMIN_PASSWORD = "Porcelain-espresso-cups-42";

  private final LocalSystem system;
  public final int port;
  private final Http http;
  private String admin;

  private GatewayFixture(LocalSystem system) {
    this.system = system;
    this.port = system.httpPort().orElseThrow();
    this.http = Http.on(port);
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

  public Reply get(String path) {
    return http.get(path);
  }

  public Reply get(String path, String token) {
    return http.get(path, token);
  }

  public Reply send(String method, String path, Object body, String token) {
    return http.send(method, path, body, token);
  }

  public Reply send(String method, String path, Object body, String token, Map<String, String> headers) {
    return http.send(method, path, body, token, headers);
  }

  public CompletableFuture<Reply> sendAsync(String method, String path, Object body, String token,
      Map<String, String> headers) {
    return http.sendAsync(method, path, body, token, headers);
  }

  /** A GET whose answer is kept as bytes, as sent (a compressed body stays compressed). */
  public HttpResponse<byte[]> getBytes(String path, Map<String, String> headers) throws Exception {
    return http.getBytes(path, headers);
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
