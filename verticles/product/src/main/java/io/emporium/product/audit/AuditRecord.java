package io.emporium.product.audit;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** A stored audit entry, with its id (ascending in order of writing) and time. */
public record AuditRecord(long id, Instant at, AuditEntry entry) {

  /**
   * An item of {@code product.admin.audit}: the keys of {@code user.admin.audit} ("id", "at",
   * "actorId", "action", "targetId", "ip", "userAgent", "requestId", "outcome", "details") plus
   * "entity", "before" and "after". Absent values are null, so every item has the same keys.
   */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("at", at.toString())
        .put("entity", entry.action().entity())
        .put("actorId", entry.actorId().map(Object::toString).orElse(null))
        .put("action", entry.action().name())
        .put("targetId", entry.targetId())
        .put("ip", entry.clientIp().orElse(null))
        .put("userAgent", entry.userAgent().orElse(null))
        .put("requestId", entry.requestId().orElse(null))
        .put("outcome", "SUCCESS")
        .put("before", entry.before() == null ? null : entry.before().copy())
        .put("after", entry.after() == null ? null : entry.after().copy())
        .put("details", entry.details().copy());
  }
}
