package io.emporium.platform.outbox;

import io.vertx.core.Future;

/** Hands one event to whoever must hear it; succeeds only once it was acknowledged. */
@FunctionalInterface
public interface OutboxDelivery {
  Future<Void> deliver(OutboxEvent event);
}
