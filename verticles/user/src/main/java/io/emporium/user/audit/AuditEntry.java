package io.emporium.user.audit;

import io.emporium.platform.service.ServiceRequest;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.UUID;

/**
 * One audit record to write: who did what to whom, from where, with what outcome. The store adds the
 * id and the time. {@code actorId} is empty for anonymous callers (register, login) and for the
 * system itself (bootstrap).
 */
public record AuditEntry(Optional<UUID> actorId, AuditAction action, Optional<UUID> targetId,
    Optional<String> clientIp, Optional<String> userAgent, Optional<String> requestId, Outcome outcome,
    JsonObject details) {

  public enum Outcome { SUCCESS, FAILURE }

  public AuditEntry {
    details = details == null ? new JsonObject() : details.copy();
  }

  public AuditEntry withDetails(JsonObject value) {
    return new AuditEntry(actorId, action, targetId, clientIp, userAgent, requestId, outcome, value);
  }

  /** An entry about a request: client address, user agent and request id come from it. */
  public static AuditEntry of(ServiceRequest request, Optional<UUID> actor, AuditAction action, Optional<UUID> target,
      Outcome outcome, JsonObject details) {
    return new AuditEntry(actor, action, target, request.clientIp(), request.userAgent(),
        Optional.of(request.requestId()).filter(id -> !id.equals("-")), outcome, details);
  }

  /** An entry about something the service did by itself (no request). */
  public static AuditEntry bySystem(AuditAction action, Optional<UUID> target, JsonObject details) {
    return new AuditEntry(Optional.empty(), action, target, Optional.empty(), Optional.empty(), Optional.empty(),
        Outcome.SUCCESS, details);
  }
}
