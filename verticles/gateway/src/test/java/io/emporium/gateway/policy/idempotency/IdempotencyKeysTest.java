package io.emporium.gateway.policy.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.Headers;
import io.emporium.contract.ProductAction;
import io.emporium.gateway.testing.GatewayFixture;
import io.emporium.platform.config.ConfigKey;
import io.emporium.testkit.Http.Reply;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Idempotency keys through the whole system (gateway, mesh, product service): a catalogue write whose
 * second run would be a 409 (the slug is taken), with the category creations counted, delayed or dropped
 * where they leave the gateway, on the event bus.
 */
class IdempotencyKeysTest {
  private static final String CREATE = ProductAction.ADMIN_CATEGORY_CREATE.wireName();
  private static GatewayFixture gateway;
  private static final AtomicInteger creations = new AtomicInteger();
  /** What the bus does with the next category creation: 0 deliver, else delay (ms) or drop (-1). */
  private static volatile long nextCreation;

  @BeforeAll
  static void start() {
    gateway = GatewayFixture.start(Map.of(ConfigKey.BUS_TIMEOUT_MS, "2500"));
    gateway.vertx().eventBus().addOutboundInterceptor(delivery -> {
      if (!CREATE.equals(delivery.message().headers().get(Headers.ACTION))) {
        delivery.next();
        return;
      }
      creations.incrementAndGet();
      long what = nextCreation;
      nextCreation = 0;
      if (what > 0) {
        gateway.vertx().setTimer(what, t -> delivery.next());
      } else if (what == 0) {
        delivery.next();
      }
    });
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
  }

  @BeforeEach
  void reset() {
    creations.set(0);
    nextCreation = 0;
  }

  private static JsonObject category() {
    String slug = "idem-" + UUID.randomUUID().toString().substring(0, 8);
    return new JsonObject().put("slug", slug).put("name", "Idempotent " + slug);
  }

  private static Reply create(JsonObject category, String key) {
    return gateway.send("POST", "/api/admin/categories", category, gateway.admin(), Map.of("Idempotency-Key", key));
  }

  @Test
  void aRetriedCreateGetsTheFirst201AgainAndTheServiceCreatedOnce() {
    JsonObject category = category();
    String key = UUID.randomUUID().toString();
    Reply first = create(category, key);
    long callsAfterFirst = gateway.serviceCalls();
    Reply retry = create(category, key);

    assertThat(first.status()).as(first.toString()).isEqualTo(201);
    assertThat(retry.status()).as("without the key this would be 409: %s", retry).isEqualTo(201);
    assertThat(retry.body()).isEqualTo(first.body());
    assertThat(retry.header("Location")).isEqualTo("/api/categories/" + category.getString("slug"));
    assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(creations.get()).as("category creations on the bus").isEqualTo(1);
    assertThat(gateway.serviceCalls()).as("mesh calls").isEqualTo(callsAfterFirst);
    // the same body without a key is a new request: the service refuses the taken slug
    assertThat(gateway.send("POST", "/api/admin/categories", category, gateway.admin()).status()).isEqualTo(409);
    assertThat(replays()).as("emporium_idempotency_requests_total{outcome=replayed}").isGreaterThanOrEqualTo(1);
  }

  private static double replays() {
    String metrics = gateway.get("/metrics", gateway.admin()).body();
    java.util.regex.Matcher replayed = java.util.regex.Pattern.compile(
        "(?m)^emporium_idempotency_requests_total\\{[^}]*outcome=\"replayed\"[^}]*\\} (\\S+)$").matcher(metrics);
    return replayed.find() ? Double.parseDouble(replayed.group(1)) : 0;
  }

  @Test
  void whileTheFirstRunsTheSecondGets409InProgressAndAfterItTheFirstAnswer() throws Exception {
    JsonObject category = category();
    String key = UUID.randomUUID().toString();
    nextCreation = 1_000;
    CompletableFuture<Reply> first = gateway.sendAsync("POST", "/api/admin/categories", category, gateway.admin(),
        Map.of("Idempotency-Key", key));
    long deadline = System.currentTimeMillis() + 5_000;
    while (creations.get() == 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    Reply during = create(category, key);

    assertThat(during.status()).as(during.toString()).isEqualTo(409);
    assertThat(during.json().getString("code")).isEqualTo("IDEMPOTENCY_KEY_IN_PROGRESS");
    assertThat(during.header("Retry-After")).isEqualTo("1");
    assertThat(first.join().status()).isEqualTo(201);
    Reply after = create(category, key);
    assertThat(after.status()).isEqualTo(201);
    assertThat(after.body()).isEqualTo(first.join().body());
    assertThat(creations.get()).isEqualTo(1);
  }

  @Test
  void aTimeoutLetsTheKeyGoAndTheRetryCreates() {
    JsonObject category = category();
    String key = UUID.randomUUID().toString();
    nextCreation = -1;
    Reply lost = create(category, key);
    Reply retry = create(category, key);

    assertThat(lost.status()).as(lost.toString()).isEqualTo(504);
    assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
    assertThat(retry.header("Idempotent-Replayed")).isNull();
    assertThat(creations.get()).as("the dropped creation and the retry's").isEqualTo(2);
  }

  @Test
  void theKeyWithAnotherBodyIs422AndCreatesNothing() {
    String key = UUID.randomUUID().toString();
    assertThat(create(category(), key).status()).isEqualTo(201);
    Reply other = create(category(), key);

    assertThat(other.status()).as(other.toString()).isEqualTo(422);
    assertThat(other.json().getString("code")).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    assertThat(other.json().getString("field")).isEqualTo("Idempotency-Key");
    assertThat(creations.get()).isEqualTo(1);
  }

  @Test
  void aKeyTheContractRefusesIs400NamingTheHeader() {
    Reply tooLong = create(category(), "k".repeat(256));

    assertThat(tooLong.status()).as(tooLong.toString()).isEqualTo(400);
    assertThat(tooLong.json().getString("field")).isEqualTo("Idempotency-Key");
    assertThat(creations.get()).isZero();
  }
}
