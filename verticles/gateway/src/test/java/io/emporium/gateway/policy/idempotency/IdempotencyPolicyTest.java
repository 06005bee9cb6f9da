package io.emporium.gateway.policy.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.gateway.http.Access;
import io.emporium.gateway.http.ApiRoute;
import io.emporium.gateway.http.Policy;
import io.emporium.gateway.http.Problems;
import io.emporium.gateway.http.RequestIds;
import io.emporium.gateway.http.RoutePipeline;
import io.emporium.gateway.routes.Replies;
import io.emporium.gateway.security.Authentication;
import io.emporium.platform.config.ConfigKey;
import io.emporium.platform.config.TestConfigs;
import io.emporium.platform.metrics.EmporiumMetrics;
import io.emporium.platform.security.AccessTokens;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The key policy behind a real router and HTTP server, mounted as the gateway mounts a write route
 * (authentication, then the policy, then the route's handler answering through {@code Replies} or
 * {@code Problems}), with a handler that counts the writes it runs and answers what each test needs.
 */
class IdempotencyPolicyTest {
  private static final String SECRET = "idempotency-policy-test-secret-0123456789abcdef";
  private final AtomicInteger writes = new AtomicInteger();
  private Vertx vertx;
  private HttpServer server;
  private WebClient client;
  private AccessTokens tokens;
  /** What the route answers, per test. */
  private volatile Handler<RoutingContext> write = IdempotencyPolicyTest::created;
  private final AtomicInteger storeLookups = new AtomicInteger();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    tokens = AccessTokens.create(vertx, TestConfigs.with(Map.of(ConfigKey.JWT_SECRET, SECRET)).jwt());
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    client.close();
    vertx.close().await();
  }

  /** The route {@code POST /api/things}, with keys kept {@code ttlMs} in a store reached through {@code map}. */
  private void serve(long ttlMs, long storeTimeoutMs, Supplier<Future<AsyncMap<String, String>>> map) {
    IdempotencyKeys keys = new IdempotencyKeys(new KeyStore(vertx, storeTimeoutMs, () -> {
      storeLookups.incrementAndGet();
      return map.get();
    }), ttlMs, 60_000, EmporiumMetrics.DISABLED);
    Handler<RoutingContext> handler = ctx -> {
      writes.incrementAndGet();
      write.handle(ctx);
    };
    ApiRoute route = ApiRoute.post("/api/things", Access.USER, handler);
    Router router = Router.router(vertx);
    router.route().handler(new RequestIds());
    router.route("/api/*").handler(BodyHandler.create(false));
    router.route(route.method(), route.path()).handler(RoutePipeline.compile(
        List.of(new Authentication(tokens), keys.policyFor(route)), handler));
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
  }

  private void serve() {
    serve(60_000, 1_000, () -> vertx.sharedData().getAsyncMap("test-keys-" + UUID.randomUUID()));
  }

  private static void created(RoutingContext ctx) {
    JsonObject thing = ctx.body().asJsonObject().copy().put("id", UUID.randomUUID().toString()).put("version", 1);
    Replies.send(ctx, 201, thing, Replies.Shape.created(reply -> "/api/things/" + reply.getString("id"), true));
  }

  private String token(String userId) {
    return tokens.issue(userId, Set.of("user"));
  }

  private HttpRequest<Buffer> post(String token, String key) {
    HttpRequest<Buffer> request = client.request(HttpMethod.POST, server.actualPort(), "127.0.0.1", "/api/things")
        .timeout(10_000).putHeader("Authorization", "Bearer " + token).putHeader("Content-Type", "application/json");
    return key == null ? request : request.putHeader(KeyRules.HEADER, key);
  }

  private HttpResponse<Buffer> send(String token, String key, JsonObject body) {
    return post(token, key).sendBuffer(body.toBuffer()).await();
  }

  @Test
  void theSameRequestAgainGetsTheFirstAnswerReplayedAndTheWriteRunsOnce() {
    serve();
    String alice = token("alice");
    JsonObject body = new JsonObject().put("name", "cup");
    HttpResponse<Buffer> first = send(alice, "key-1", body);
    HttpResponse<Buffer> again = send(alice, "key-1", body);

    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(201);
    assertThat(first.getHeader(KeyRules.REPLAYED)).isNull();
    assertThat(again.statusCode()).isEqualTo(201);
    assertThat(again.bodyAsString()).isEqualTo(first.bodyAsString());
    assertThat(again.getHeader("Location")).isEqualTo(first.getHeader("Location")).startsWith("/api/things/");
    assertThat(again.getHeader("ETag")).isEqualTo(first.getHeader("ETag")).isEqualTo("\"1\"");
    assertThat(again.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(again.getHeader(KeyRules.REPLAYED)).isEqualTo("true");
    assertThat(writes.get()).as("writes run").isEqualTo(1);
  }

  @Test
  void aSecondRequestWhileTheFirstRunsGets409WithRetryAfterThenTheAnswer() throws Exception {
    serve();
    Promise<Void> release = Promise.promise();
    write = ctx -> release.future().onComplete(v -> created(ctx));
    String alice = token("alice");
    JsonObject body = new JsonObject().put("name", "slow");
    Future<HttpResponse<Buffer>> first = post(alice, "key-slow").sendBuffer(body.toBuffer());
    waitFor(() -> writes.get() == 1);

    HttpResponse<Buffer> during = send(alice, "key-slow", body);
    assertThat(during.statusCode()).as(during.bodyAsString()).isEqualTo(409);
    assertThat(during.bodyAsJsonObject().getString("code")).isEqualTo("IDEMPOTENCY_KEY_IN_PROGRESS");
    assertThat(during.bodyAsJsonObject().getString("field")).isEqualTo("Idempotency-Key");
    assertThat(during.getHeader("Retry-After")).isEqualTo("1");

    vertx.runOnContext(v -> release.complete());
    HttpResponse<Buffer> answered = first.await();
    HttpResponse<Buffer> after = send(alice, "key-slow", body);
    assertThat(answered.statusCode()).isEqualTo(201);
    assertThat(after.statusCode()).isEqualTo(201);
    assertThat(after.bodyAsString()).isEqualTo(answered.bodyAsString());
    assertThat(writes.get()).isEqualTo(1);
  }

  @Test
  void anAnswerThatCameAfterTheClientHadGoneIsKeptForItsRetry() throws Exception {
    serve();
    Promise<Void> release = Promise.promise();
    write = ctx -> release.future().onComplete(v -> created(ctx));
    String alice = token("alice");
    JsonObject body = new JsonObject().put("name", "lost answer");
    Future<HttpResponse<Buffer>> impatient = post(alice, "key-gone").timeout(300).sendBuffer(body.toBuffer());
    assertThat(impatient.toCompletionStage().toCompletableFuture().handle((r, e) -> e).get())
        .as("the client gave up").isNotNull();

    vertx.runOnContext(v -> release.complete());
    waitFor(() -> send(alice, "key-gone", body).statusCode() == 201);
    HttpResponse<Buffer> retry = send(alice, "key-gone", body);
    assertThat(retry.getHeader(KeyRules.REPLAYED)).isEqualTo("true");
    assertThat(retry.bodyAsJsonObject().getString("name")).isEqualTo("lost answer");
    assertThat(writes.get()).as("the write ran once, for the client that left").isEqualTo(1);
  }

  @Test
  void theKeyWithAnotherBodyIs422NamingTheHeaderAndRunsNothing() {
    serve();
    String alice = token("alice");
    assertThat(send(alice, "key-2", new JsonObject().put("name", "cup")).statusCode()).isEqualTo(201);
    HttpResponse<Buffer> other = send(alice, "key-2", new JsonObject().put("name", "mug"));

    assertThat(other.statusCode()).as(other.bodyAsString()).isEqualTo(422);
    assertThat(other.getHeader("Content-Type")).isEqualTo(Problems.CONTENT_TYPE);
    assertThat(other.bodyAsJsonObject().getString("code")).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    assertThat(other.bodyAsJsonObject().getString("field")).isEqualTo("Idempotency-Key");
    assertThat(writes.get()).isEqualTo(1);
  }

  @Test
  void aServerErrorLetsTheKeyGoSoTheRetryRunsTheWrite() {
    serve();
    AtomicInteger attempts = new AtomicInteger();
    write = ctx -> {
      if (attempts.incrementAndGet() == 1) {
        Problems.send(ctx, 503, "UNAVAILABLE", "no instance", null);
      } else {
        created(ctx);
      }
    };
    String alice = token("alice");
    JsonObject body = new JsonObject().put("name", "cup");
    assertThat(send(alice, "key-3", body).statusCode()).isEqualTo(503);
    HttpResponse<Buffer> retry = send(alice, "key-3", body);
    HttpResponse<Buffer> replay = send(alice, "key-3", body);

    assertThat(retry.statusCode()).as(retry.bodyAsString()).isEqualTo(201);
    assertThat(retry.getHeader(KeyRules.REPLAYED)).isNull();
    assertThat(replay.statusCode()).isEqualTo(201);
    assertThat(replay.getHeader(KeyRules.REPLAYED)).isEqualTo("true");
    assertThat(writes.get()).isEqualTo(2);
  }

  @Test
  void aFinalClientErrorIsKeptAndReplayed() {
    serve();
    write = ctx -> Problems.send(ctx, 409, "CONFLICT", "the sku is taken", "sku");
    String alice = token("alice");
    JsonObject body = new JsonObject().put("name", "cup");
    HttpResponse<Buffer> first = send(alice, "key-4", body);
    HttpResponse<Buffer> again = send(alice, "key-4", body);

    assertThat(first.statusCode()).isEqualTo(409);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.bodyAsString()).isEqualTo(first.bodyAsString());
    assertThat(again.getHeader("Content-Type")).isEqualTo(Problems.CONTENT_TYPE);
    assertThat(again.getHeader(KeyRules.REPLAYED)).isEqualTo("true");
    assertThat(writes.get()).isEqualTo(1);
  }

  @Test
  void anAnswerIsForgottenAfterTheKeysTimeToLive() throws Exception {
    serve(300, 1_000, () -> vertx.sharedData().getAsyncMap("test-keys-" + UUID.randomUUID()));
    String alice = token("alice");
    JsonObject body = new JsonObject().put("name", "cup");
    send(alice, "key-5", body);
    assertThat(send(alice, "key-5", body).getHeader(KeyRules.REPLAYED)).isEqualTo("true");
    Thread.sleep(800);
    HttpResponse<Buffer> later = send(alice, "key-5", body);

    assertThat(later.statusCode()).isEqualTo(201);
    assertThat(later.getHeader(KeyRules.REPLAYED)).isNull();
    assertThat(writes.get()).isEqualTo(2);
  }

  @Test
  void keysAreScopedPerCallerSoAnotherUsersSameKeyRunsItsOwnWrite() {
    serve();
    JsonObject body = new JsonObject().put("name", "cup");
    HttpResponse<Buffer> alice = send(token("alice"), "shared-key", body);
    HttpResponse<Buffer> bob = send(token("bob"), "shared-key", body);

    assertThat(bob.statusCode()).isEqualTo(201);
    assertThat(bob.getHeader(KeyRules.REPLAYED)).isNull();
    assertThat(bob.getHeader("Location")).isNotEqualTo(alice.getHeader("Location"));
    assertThat(writes.get()).isEqualTo(2);
  }

  @Test
  void aBadKeyIs400NamingTheHeaderAndRunsNothing() {
    serve();
    String alice = token("alice");
    for (String key : List.of("", "k".repeat(256), "tab\there", "caf\u00e9")) {
      HttpResponse<Buffer> refused = send(alice, key, new JsonObject().put("name", "cup"));
      assertThat(refused.statusCode()).as("key '%s': %s", key, refused.bodyAsString()).isEqualTo(400);
      assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("VALIDATION");
      assertThat(refused.bodyAsJsonObject().getString("field")).isEqualTo("Idempotency-Key");
    }
    assertThat(send(alice, "k".repeat(255), new JsonObject().put("name", "cup")).statusCode()).isEqualTo(201);
    assertThat(writes.get()).isEqualTo(1);
  }

  @Test
  void withoutTheHeaderEveryRequestRunsAndTheStoreIsNeverAsked() {
    serve();
    String alice = token("alice");
    JsonObject body = new JsonObject().put("name", "cup");
    assertThat(send(alice, null, body).statusCode()).isEqualTo(201);
    assertThat(send(alice, null, body).statusCode()).isEqualTo(201);
    assertThat(writes.get()).isEqualTo(2);
    assertThat(storeLookups.get()).isZero();
  }

  @Test
  void aStoreThatDoesNotAnswerRefusesTheWriteWith503InsteadOfRunningItUnguarded() {
    serve(60_000, 200, () -> Promise.<AsyncMap<String, String>>promise().future());
    long started = System.nanoTime();
    HttpResponse<Buffer> refused = send(token("alice"), "key-6", new JsonObject().put("name", "cup"));

    assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(503);
    assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("UNAVAILABLE");
    assertThat(refused.bodyAsJsonObject().getString("field")).isEqualTo("Idempotency-Key");
    assertThat(refused.getHeader("Retry-After")).isNotNull();
    assertThat((System.nanoTime() - started) / 1_000_000).as("ms").isLessThan(3_000);
    assertThat(writes.get()).isZero();
  }

  @Test
  void anonymousAndReadRoutesHaveNoKeyPolicy() {
    IdempotencyKeys keys = new IdempotencyKeys(new KeyStore(vertx, 100), 1_000, 1_000, EmporiumMetrics.DISABLED);
    Handler<RoutingContext> any = RoutingContext::end;
    assertThat(keys.policyFor(ApiRoute.post("/api/auth/register", Access.PUBLIC, any))).isSameAs(Policy.NONE);
    assertThat(keys.policyFor(ApiRoute.get("/api/users/profile", Access.USER, any))).isSameAs(Policy.NONE);
    assertThat(keys.policyFor(ApiRoute.delete("/api/admin/products/:id", Access.ADMIN, any))).isSameAs(Policy.NONE);
    assertThat(keys.policyFor(ApiRoute.put("/api/users/profile", Access.USER, any))).isNotSameAs(Policy.NONE);
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 5_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("condition not met within 5 s");
      }
      Thread.sleep(10);
    }
  }
}
