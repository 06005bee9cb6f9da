package io.emporium.product.events;

import io.emporium.contract.Addresses;
import io.emporium.platform.outbox.BusDelivery;
import io.emporium.platform.outbox.OutboxDelivery;
import io.emporium.platform.outbox.OutboxEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;

/**
 * Delivers a product event by publishing it on {@code emporium.events.<type>} (every subscriber in the
 * cluster gets it; caches drop what is stale). Product events have listeners, not one consumer that
 * acknowledges, so a delivery counts once the event bus took it; the outbox still guarantees that an
 * event exists exactly when its change does, and is published even if this JVM dies right after the
 * commit (another relay, or this one after a restart, publishes it).
 */
public final class PublishDelivery implements OutboxDelivery {
  private final Vertx vertx;

  public PublishDelivery(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public Future<Void> deliver(OutboxEvent event) {
    vertx.eventBus().publish(Addresses.event(event.type()), event.toEnvelope(),
        new DeliveryOptions().addHeader(BusDelivery.EVENT_ID_HEADER, event.id().toString()));
    return Future.succeededFuture();
  }
}
