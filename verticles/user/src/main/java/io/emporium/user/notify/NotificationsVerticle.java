package io.emporium.user.notify;

import io.emporium.contract.Addresses;
import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@code emporium.notifications} (the request/ack target of the user and order services' outbox
 * relays) and mails each event's notification through the configured sender; an order event's buyer is
 * looked up by id ({@link Recipients}). The reply is the acknowledgement: success once
 * the sender took the mail (or when the event needs no mail), UNAVAILABLE when it failed, so the relay
 * retries. Event ids sent recently are remembered, so a redelivered event is not mailed twice by this
 * JVM.
 */
public final class NotificationsVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(NotificationsVerticle.class);
  static final int REMEMBERED = 10_000;

  private final NotificationSender sender;
  private final Recipients recipients;
  private final Map<String, Boolean> recentlySent = new LinkedHashMap<>(256, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > REMEMBERED;
    }
  };
  private MessageConsumer<Object> consumer;

  /** Mails the user service's own events only (they carry the address); order events find no recipient. */
  public NotificationsVerticle(NotificationSender sender) {
    this(sender, Recipients.NONE);
  }

  /** @param recipients finds the buyer of an order event (which names the account by id only) */
  public NotificationsVerticle(NotificationSender sender, Recipients recipients) {
    this.sender = sender;
    this.recipients = recipients;
  }

  @Override
  public Future<?> start() {
    consumer = vertx.eventBus().consumer(Addresses.notifications(), this::handle);
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    return consumer.unregister();
  }

  private void handle(Message<Object> message) {
    if (!(message.body() instanceof JsonObject envelope)) {
      fail(message, ServiceError.invalid("body", "a notification request is an event envelope (JSON object)"));
      return;
    }
    if (envelope.getValue("id") instanceof String id && recentlySent.containsKey(id)) {
      message.reply(new JsonObject().put("sent", false).put("duplicate", true));
      return;
    }
    notificationFor(envelope).onFailure(e -> {
      LOG.warn("the recipient of event {} could not be looked up: {}", envelope.getValue("id"),
          ServiceError.from(e).message());
      fail(message, ServiceError.of(ErrorCode.UNAVAILABLE, "the notification's recipient could not be looked up"));
    }).onSuccess(notification -> {
      if (notification.isEmpty()) {
        message.reply(new JsonObject().put("sent", false));
      } else {
        send(message, notification.get());
      }
    });
  }

  /** The user service's events carry their address; an order event's buyer is looked up by id. */
  private Future<Optional<Notification>> notificationFor(JsonObject envelope) {
    Optional<String> buyer = OrderNotificationTemplates.buyerOf(envelope);
    if (buyer.isEmpty()) {
      return Future.succeededFuture(NotificationTemplates.forEvent(envelope));
    }
    return recipients.byUserId(buyer.get())
        .map(found -> found.flatMap(recipient -> OrderNotificationTemplates.forEvent(envelope, recipient)));
  }

  private void send(Message<Object> message, Notification notification) {
    String eventId = notification.eventId();
    Future<Void> sent;
    try {
      sent = sender.send(notification);
    } catch (RuntimeException thrown) {
      sent = Future.failedFuture(thrown);
    }
    sent.onSuccess(v -> {
      recentlySent.put(eventId, Boolean.TRUE);
      message.reply(new JsonObject().put("sent", true));
    }).onFailure(e -> {
      LOG.warn("notification of event {} could not be sent through {}: {}", eventId, sender.kind(), e.toString());
      fail(message, ServiceError.of(ErrorCode.UNAVAILABLE, "the notification could not be sent"));
    });
  }

  private static void fail(Message<?> message, ServiceError error) {
    message.fail(error.code().failureCode(), error.toJson().encode());
  }
}
