package io.emporium.platform.outbox;

import io.vertx.core.json.JsonObject;

/**
 * Counts over one outbox. {@code retried} counts events (in any state) that needed more than one
 * attempt; {@code oldestPendingAgeSeconds} is 0 when nothing is pending.
 */
public record OutboxStats(long pending, long delivered, long dead, long retried, long oldestPendingAgeSeconds) {

  /** The reply of the queue-stats actions. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("pending", pending)
        .put("delivered", delivered)
        .put("dead", dead)
        .put("retried", retried)
        .put("oldestPendingAgeSeconds", oldestPendingAgeSeconds);
  }
}
