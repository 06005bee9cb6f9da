package io.emporium.platform.audit;

import io.emporium.platform.service.ServiceRequest;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.UUID;

/**
 * One audit entry to write: who (the caller; empty for anonymous callers and for the service itself)
 * did what to which target, from where (client address, user agent, request id), with what outcome;
 * for a change to an entity, its states before and after (null when there is none, and always for a
 * log of events). The store adds the id and the time.
 */
public record AuditEntry<A extends AuditedAction>(Optional<UUID> actorId, A action, Optional<String> targetId,
    Optional<String> clientIp, Optional<String> userAgent, Optional<String> requestId, Outcome outcome,
    JsonObject before, JsonObject after, JsonObject details) {

  public enum Outcome { SUCCESS, FAILURE }

  public AuditEntry {
    before = before == null ? null : before.copy();
    after = after == null ? null : after.copy();
    details = details == null ? new JsonObject() : details.copy();
  }

  /** An entry of a log of events: no states before and after. */
  public AuditEntry(Optional<UUID> actorId, A action, Optional<UUID> targetId, Optional<String> clientIp,
      Optional<String> userAgent, Optional<String> requestId, Outcome outcome, JsonObject details) {
    this(actorId, action, targetId.map(UUID::toString), clientIp, userAgent, requestId, outcome, null, null, details);
  }

  public AuditEntry<A> withDetails(JsonObject value) {
    return new AuditEntry<>(actorId, action, targetId, clientIp, userAgent, requestId, outcome, before, after, value);
  }

  /** The same entry without the client address and user agent, and with the details given. */
  public AuditEntry<A> withoutClient(JsonObject remainingDetails) {
    return new AuditEntry<>(actorId, action, targetId, Optional.empty(), Optional.empty(), requestId, outcome,
        before, after, remainingDetails);
  }

  /** An event about a request: client address, user agent and request id come from it. */
  public static <A extends AuditedAction> AuditEntry<A> of(ServiceRequest request, Optional<UUID> actor, A action,
      Optional<UUID> target, Outcome outcome, JsonObject details) {
    return new AuditEntry<>(actor, action, target, request.clientIp(), request.userAgent(), requestId(request),
        outcome, details);
  }

  /** An event the service caused by itself (no request, no actor). */
  public static <A extends AuditedAction> AuditEntry<A> bySystem(A action, Optional<UUID> target, JsonObject details) {
    return new AuditEntry<>(Optional.empty(), action, target, Optional.empty(), Optional.empty(), Optional.empty(),
        Outcome.SUCCESS, details);
  }

  /** The request's id, empty when the request came without one ({@code "-"}). */
  public static Optional<String> requestId(ServiceRequest request) {
    return Optional.of(request.requestId()).filter(id -> !"-".equals(id));
  }

  /** The target's id as the stores of a log keyed by UUID read it back. */
  public Optional<UUID> targetUuid() {
    return targetId.map(UUID::fromString);
  }
}
