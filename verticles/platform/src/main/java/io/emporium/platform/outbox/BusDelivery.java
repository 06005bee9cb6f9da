package io.emporium.platform.outbox;

import io.emporium.contract.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

/**
 * Delivers an event on the event bus: published on {@code emporium.events.<type>} for any listener
 * (fire and forget), then sent with request/ack to {@code ackAddress}, whose consumer must reply for
 * the delivery to count. Each attempt publishes again: listeners hear an event at least once and tell
 * repeats by its id.
 */
public final class BusDelivery implements OutboxDelivery {
  /** Header carrying the event id on both the publication and the request. */
  public static final String EVENT_ID_HEADER = "event-id";

  private final Vertx vertx;
  private final String ackAddress;
  private final long timeoutMs;

  public BusDelivery(Vertx vertx, String ackAddress, long timeoutMs) {
    this.vertx = vertx;
    this.ackAddress = ackAddress;
    this.timeoutMs = timeoutMs;
  }

  @Override
  public Future<Void> deliver(OutboxEvent event) {
    JsonObject envelope = event.toEnvelope();
    vertx.eventBus().publish(Addresses.event(event.type()), envelope,
        new DeliveryOptions().addHeader(EVENT_ID_HEADER, event.id().toString()));
    return vertx.eventBus().request(ackAddress, envelope,
            new DeliveryOptions().setSendTimeout(timeoutMs).addHeader(EVENT_ID_HEADER, event.id().toString()))
        .mapEmpty();
  }
}
