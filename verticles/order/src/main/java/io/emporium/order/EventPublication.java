package io.emporium.order;

import io.emporium.platform.contract.Addresses;
import io.emporium.platform.outbox.BusDelivery;
import io.emporium.platform.outbox.OutboxDelivery;
import io.emporium.platform.outbox.OutboxEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;

/**
 * Delivers an order event by publishing it on {@code emporium.events.order.*}: listeners hear it at least
 * once (by its id they tell repeats), and the outbox makes sure it exists exactly when its change does.
 */
final class EventPublication implements OutboxDelivery {
  private final Vertx vertx;

  EventPublication(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public Future<Void> deliver(OutboxEvent event) {
    vertx.eventBus().publish(Addresses.event(event.type()), event.toEnvelope(),
        new DeliveryOptions().addHeader(BusDelivery.EVENT_ID_HEADER, event.id().toString()));
    return Future.succeededFuture();
  }
}
