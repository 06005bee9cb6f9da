package io.emporium.user.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.Addresses;
import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.emporium.platform.outbox.OutboxEvent;
import io.emporium.platform.outbox.Polling;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class NotificationsTest {

  @AfterEach
  void closeVertx(Vertx vertx) throws Exception {
    Polling.close(vertx);
  }

  static final class RecordingSender implements NotificationSender {
    final List<Notification> sent = new CopyOnWriteArrayList<>();
    final AtomicBoolean failing = new AtomicBoolean();

    @Override
    public Future<Void> send(Notification notification) {
      if (failing.get()) {
        return Future.failedFuture(new IllegalStateException("smtp down"));
      }
      sent.add(notification);
      return Future.succeededFuture();
    }

    @Override
    public String kind() {
      return "recording";
    }
  }

  static JsonObject registered(String email) {
    return OutboxEvent.of("user.registered", new JsonObject().put("userId", "u1").put("email", email)
        .put("name", "Ada")).toEnvelope();
  }

  private static Future<JsonObject> notify(Vertx vertx, Object envelope) {
    return vertx.eventBus().<JsonObject>request(Addresses.notifications(), envelope,
        new DeliveryOptions().setSendTimeout(5_000)).map(m -> m.body());
  }

  @Test
  void templatesCoverTheUserEventsAndSkipOthers() {
    assertThat(NotificationTemplates.forEvent(registered("ada@example.org"))).hasValueSatisfying(n -> {
      assertThat(n.to()).isEqualTo("ada@example.org");
      assertThat(n.subject()).contains("Welcome");
    });
    JsonObject emailChanged = OutboxEvent.of("user.email_changed", new JsonObject().put("email", "new@example.org")
        .put("previousEmail", "old@example.org")).toEnvelope();
    assertThat(NotificationTemplates.forEvent(emailChanged)).hasValueSatisfying(n -> {
      assertThat(n.to()).as("the old address hears of it").isEqualTo("old@example.org");
      assertThat(n.text()).contains("new@example.org");
    });
    for (String type : List.of("user.password_changed", "user.role_changed", "user.disabled", "user.enabled")) {
      assertThat(NotificationTemplates.forEvent(OutboxEvent.of(type, new JsonObject().put("email", "a@example.org")
          .put("role", "admin")).toEnvelope())).as(type).isPresent();
    }
    assertThat(NotificationTemplates.forEvent(OutboxEvent.of("product.updated", new JsonObject()).toEnvelope())).isEmpty();
    assertThat(NotificationTemplates.forEvent(new JsonObject().put("type", 5))).isEmpty();
  }

  @Test
  void eachEventIsSentOnceAndAcknowledged(Vertx vertx, VertxTestContext ctx) {
    RecordingSender sender = new RecordingSender();
    JsonObject event = registered("once@example.org");
    vertx.deployVerticle(new NotificationsVerticle(sender))
        .compose(id -> notify(vertx, event))
        .compose(first -> notify(vertx, event).map(second -> List.of(first, second)))
        .onComplete(ctx.succeeding(replies -> ctx.verify(() -> {
          assertThat(replies.get(0)).isEqualTo(new JsonObject().put("sent", true));
          assertThat(replies.get(1)).isEqualTo(new JsonObject().put("sent", false).put("duplicate", true));
          assertThat(sender.sent).hasSize(1);
          ctx.completeNow();
        })));
  }

  @Test
  void aSenderFailureIsUnavailableSoTheRelayRetries(Vertx vertx, VertxTestContext ctx) {
    RecordingSender sender = new RecordingSender();
    sender.failing.set(true);
    vertx.deployVerticle(new NotificationsVerticle(sender))
        .compose(id -> notify(vertx, registered("later@example.org")))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(ServiceError.from(e).code()).isEqualTo(ErrorCode.UNAVAILABLE);
          ctx.completeNow();
        })));
  }

  @Test
  void eventsWithoutATemplateAreAcknowledgedWithoutSending(Vertx vertx, VertxTestContext ctx) {
    RecordingSender sender = new RecordingSender();
    vertx.deployVerticle(new NotificationsVerticle(sender))
        .compose(id -> Future.all(notify(vertx, OutboxEvent.of("user.something_else", new JsonObject()).toEnvelope()),
            notify(vertx, "not an envelope").transform(ar -> Future.succeededFuture(ServiceError.from(ar.cause())))))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          assertThat(all.<JsonObject>resultAt(0)).isEqualTo(new JsonObject().put("sent", false));
          assertThat(all.<ServiceError>resultAt(1).code()).isEqualTo(ErrorCode.VALIDATION);
          assertThat(sender.sent).isEmpty();
          ctx.completeNow();
        })));
  }

  static JsonObject orderEvent(String type, String userId, JsonObject extra) {
    return OutboxEvent.of(type, new JsonObject().put("orderId", "0f0e0d0c-0000-4000-8000-000000000001")
        .put("userId", userId).put("state", type.substring(6).toUpperCase())
        .put("total", new JsonObject().put("amount", "38.70").put("currency", "EUR")).put("refundDue", false)
        .mergeIn(extra)).toEnvelope();
  }

  @Test
  void orderEventsAreMailedToTheBuyerFoundByIdAndOnlyTheOnesABuyerIsToldAbout(Vertx vertx, VertxTestContext ctx) {
    RecordingSender sender = new RecordingSender();
    Recipients recipients = userId -> switch (userId) {
      case "buyer" -> Future.succeededFuture(Optional.of(new Recipient("buyer", "buyer@example.org", "Bea")));
      case "store-down" -> Future.failedFuture(ServiceError.of(ErrorCode.UNAVAILABLE, "down").toException());
      default -> Future.succeededFuture(Optional.empty());
    };
    JsonObject refunded = orderEvent("order.cancelled", "buyer", new JsonObject().put("refundDue", true)
        .put("reason", "payment-not-recorded"));
    vertx.deployVerticle(new NotificationsVerticle(sender, recipients))
        .compose(id -> Future.all(List.of(notify(vertx, orderEvent("order.placed", "buyer", new JsonObject())),
            notify(vertx, orderEvent("order.paid", "buyer", new JsonObject())),
            notify(vertx, orderEvent("order.shipped", "buyer", new JsonObject())),
            notify(vertx, refunded),
            notify(vertx, orderEvent("order.delivered", "buyer", new JsonObject())),
            notify(vertx, orderEvent("order.placed", "gone", new JsonObject())))))
        .compose(replies -> notify(vertx, orderEvent("order.paid", "store-down", new JsonObject()))
            .transform(ar -> Future.succeededFuture(List.<Object>of(replies, ServiceError.from(ar.cause())))))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          var replies = (io.vertx.core.CompositeFuture) all.get(0);
          for (int i = 0; i < 4; i++) {
            assertThat(replies.<JsonObject>resultAt(i)).as("reply %d", i).isEqualTo(new JsonObject().put("sent", true));
          }
          assertThat(replies.<JsonObject>resultAt(4)).as("delivered: nobody told").isEqualTo(
              new JsonObject().put("sent", false));
          assertThat(replies.<JsonObject>resultAt(5)).as("no such account").isEqualTo(
              new JsonObject().put("sent", false));
          assertThat(((ServiceError) all.get(1)).code()).as("lookup failed: the relay retries")
              .isEqualTo(ErrorCode.UNAVAILABLE);
          assertThat(sender.sent).extracting(Notification::to).containsOnly("buyer@example.org");
          assertThat(sender.sent).extracting(Notification::subject).containsExactlyInAnyOrder(
              "Your Emporium order is placed", "Your Emporium order is paid", "Your Emporium order is on its way",
              "Your Emporium order was cancelled");
          Notification cancelled = sender.sent.stream().filter(n -> n.eventId().equals(refunded.getString("id")))
              .findFirst().orElseThrow();
          assertThat(cancelled.text()).contains("Bea").contains("38.70 EUR").contains("refunded")
              .contains("payment could not be recorded");
          assertThat(cancelled.userId()).isEqualTo("buyer");
          ctx.completeNow();
        })));
  }
}
