package io.emporium.user.audit;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** A stored audit entry, with its id (ascending in time of writing) and time. */
public record AuditRecord(long id, Instant at, AuditEntry entry) {

  /** An item of {@code user.admin.audit}. Absent values are null, so every item has the same keys. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("at", at.toString())
        .put("actorId", entry.actorId().map(Object::toString).orElse(null))
        .put("action", entry.action().name())
        .put("targetId", entry.targetId().map(Object::toString).orElse(null))
        .put("ip", entry.clientIp().orElse(null))
        .put("userAgent", entry.userAgent().orElse(null))
        .put("requestId", entry.requestId().orElse(null))
        .put("outcome", entry.outcome().name())
        .put("details", entry.details().copy());
  }
}
