package io.emporium.tests.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.testkit.Http;
import io.emporium.tests.ChildJvms;
import io.emporium.tests.ClusterAdmin;
import io.emporium.tests.Poll;
import io.emporium.tests.SmtpInbox;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The buyer hears of their orders: the jar with every role mails through an SMTP server of the test. The
 * order service's outbox hands order.placed, order.paid, order.shipped and order.cancelled to the user
 * service's notifications (request/ack, as the user service's own events), which finds the buyer's address
 * by the user id the event carries: one mail per event, none for order.delivered.
 */
class OrderNotificationsTest {
  private static final Duration BOUND = Duration.ofSeconds(30);
  private static final String SECRET = "order-notifications-secret-0123456789abcdef-" + UUID.randomUUID();

  @RegisterExtension
  static final ChildJvms jvms = ChildJvms.perClass();

  private static SmtpInbox inbox;
  private static URI gateway;
  private static String admin;

  @BeforeAll
  static void theWholeSystemMailingThroughTheTestsInbox() {
    inbox = SmtpInbox.start();
    gateway = jvms.startEmporium("system", List.of("--http.port=0", "--http.host=127.0.0.1",
            "--notify.sender=smtp", "--smtp.host=127.0.0.1", "--smtp.port=" + inbox.port(),
            "--smtp.from=shop@emporium.test", "--outbox.poll-ms=100", "--ratelimit.enabled=false"),
        ClusterAdmin.env(Map.of("EMPORIUM_JWT_SECRET", SECRET))).awaitReady().baseUri();
    admin = ClusterAdmin.signIn(gateway);
  }

  @AfterAll
  static void closeInbox() {
    if (inbox != null) {
      inbox.close();
    }
  }

  @Test
  void theBuyerIsMailedOncePerOrderEventTheyAreToldAbout() throws InterruptedException {
    String email = "buyer-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    String password = "a long enough passphrase " + UUID.randomUUID();
    assertThat(send("POST", "/api/auth/register", null, new JsonObject().put("email", email).put("password", password)
        .put("name", "Bea"), null).status()).isEqualTo(201);
    String buyer = json(send("POST", "/api/auth/login", null, new JsonObject().put("email", email)
        .put("password", password), null)).getString("accessToken");
    String category = "notify-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(send("POST", "/api/admin/categories", admin, new JsonObject().put("slug", category)
        .put("name", "Notified"), null).status()).isEqualTo(201);
    Http.Reply product = send("POST", "/api/admin/products", admin, new JsonObject()
        .put("sku", "NOTE-" + UUID.randomUUID().toString().substring(0, 8)).put("name", "Notified cup")
        .put("price", new JsonObject().put("amount", "12.90").put("currency", "EUR")).put("category", category)
        .put("stock", 10), null);
    assertThat(product.status()).as(product.body()).isEqualTo(201);
    JsonObject items = new JsonObject().put("items", new JsonArray().add(new JsonObject()
        .put("productId", json(product).getString("id")).put("quantity", 2)));

    String kept = placed(buyer, items, "keep");
    moved(admin, "/api/admin/orders/" + kept + "/paid", "PAID");
    moved(admin, "/api/admin/orders/" + kept + "/shipped", "SHIPPED");
    moved(admin, "/api/admin/orders/" + kept + "/delivered", "DELIVERED");
    String dropped = placed(buyer, items, "drop");
    moved(buyer, "/api/orders/" + dropped + "/cancel", "CANCELLED");

    // welcome + placed, paid, shipped (kept) + placed, cancelled (dropped); delivered tells nobody
    Poll.until("six mails to the buyer", BOUND, () -> mailsTo(email).size(), n -> n >= 6);
    Thread.sleep(1_500); // any duplicate or extra mail would have arrived by now (the relay polls every 100 ms)
    assertThat(mailsTo(email)).extracting(SmtpInbox.Mail::subject).containsExactlyInAnyOrder(
        "Welcome to Emporium",
        "Your Emporium order is placed", "Your Emporium order is paid", "Your Emporium order is on its way",
        "Your Emporium order is placed", "Your Emporium order was cancelled");
    assertThat(inbox.received()).as("nobody else hears of the buyer's orders")
        .filteredOn(m -> m.subject().contains("order")).allMatch(m -> m.isTo(email));
  }

  private static List<SmtpInbox.Mail> mailsTo(String email) {
    return inbox.received().stream().filter(m -> m.isTo(email)).toList();
  }

  private static String placed(String token, JsonObject items, String key) {
    Http.Reply placed = send("POST", "/api/orders", token, items, key);
    assertThat(placed.status()).as(placed.body()).isEqualTo(201);
    return placed.json().getString("id");
  }

  private static void moved(String token, String path, String state) {
    Http.Reply moved = send("POST", path, token, null, null);
    assertThat(moved.status()).as(moved.body()).isEqualTo(200);
    assertThat(moved.json().getString("state")).isEqualTo(state);
  }

  private static JsonObject json(Http.Reply reply) {
    return reply.json();
  }

  private static Http.Reply send(String method, String path, String token, JsonObject body,
      String idempotencyKey) {
    return Http.to(gateway).withBound(Duration.ofSeconds(20)).send(method, path, body, token,
        Http.headers("Idempotency-Key", idempotencyKey));
  }
}
