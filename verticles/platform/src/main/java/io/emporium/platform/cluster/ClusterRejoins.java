package io.emporium.platform.cluster;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;

/**
 * Tells whatever in this JVM keeps a copy of cluster-wide state that the JVM is back in the cluster after
 * it was cut off (expelled after a pause, split), so that it reads that state again at once instead of at
 * its next periodic read: what changed meanwhile was announced on the bus where this JVM was not. A
 * local-only address: the JVM that rejoined tells itself, never the others.
 */
public final class ClusterRejoins {
  static final String ADDRESS = "emporium.cluster.rejoined";
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private ClusterRejoins() {}

  /** Says so, to this JVM only (the launcher does, when its cluster connection is back). */
  public static void announce(Vertx vertx) {
    vertx.eventBus().publish(ADDRESS, null, LOCAL);
  }

  /** Calls {@code onRejoin} on the caller's context at each rejoin; unregister the consumer to stop. */
  public static MessageConsumer<Object> listen(Vertx vertx, Handler<Void> onRejoin) {
    return vertx.eventBus().localConsumer(ADDRESS, message -> onRejoin.handle(null));
  }
}
