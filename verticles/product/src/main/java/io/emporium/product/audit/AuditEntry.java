package io.emporium.product.audit;

import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.UUID;

/**
 * One audited change to write: who (the caller; empty for the service itself, e.g. the reservation
 * sweeper), what (action, target, the state before and after; absent states are null), from where
 * (client address, user agent, request id). The store adds the id and the time.
 */
public record AuditEntry(Optional<UUID> actorId, AuditAction action, String targetId, Optional<String> clientIp,
    Optional<String> userAgent, Optional<String> requestId, JsonObject before, JsonObject after, JsonObject details) {

  public AuditEntry {
    before = before == null ? null : before.copy();
    after = after == null ? null : after.copy();
    details = details == null ? new JsonObject() : details.copy();
  }
}
