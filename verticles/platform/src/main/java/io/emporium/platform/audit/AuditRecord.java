package io.emporium.platform.audit;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** A stored audit entry, with its id (ascending in order of writing, never reused) and time. */
public record AuditRecord<A extends AuditedAction>(long id, Instant at, AuditEntry<A> entry) {

  /**
   * An item of a service's {@code admin.audit} answer: "id", "at", "actorId", "action", "targetId", "ip",
   * "userAgent", "requestId", "outcome", "details"; a log of changes to entities adds "entity" (after "at"),
   * "before" and "after" (before "details"). Absent values are null, so every item has the same keys.
   */
  public JsonObject toJson() {
    boolean ofEntity = entry.action().entity().isPresent();
    JsonObject json = new JsonObject()
        .put("id", id)
        .put("at", at.toString());
    if (ofEntity) {
      json.put("entity", entry.action().entity().orElseThrow());
    }
    json.put("actorId", entry.actorId().map(Object::toString).orElse(null))
        .put("action", entry.action().name())
        .put("targetId", entry.targetId().orElse(null))
        .put("ip", entry.clientIp().orElse(null))
        .put("userAgent", entry.userAgent().orElse(null))
        .put("requestId", entry.requestId().orElse(null))
        .put("outcome", entry.outcome().name());
    if (ofEntity) {
      json.put("before", entry.before() == null ? null : entry.before().copy())
          .put("after", entry.after() == null ? null : entry.after().copy());
    }
    return json.put("details", entry.details().copy());
  }
}
