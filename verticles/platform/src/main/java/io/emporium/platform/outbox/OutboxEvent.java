package io.emporium.platform.outbox;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * A domain event waiting in a service's outbox: written in the same transaction as the change it
 * announces, then relayed at least once. The id travels with every delivery, so a listener that
 * hears an event twice can tell.
 *
 * @param type the event name, e.g. {@code user.registered}; it is also the suffix of the address the
 *     event is published on ({@code emporium.events.user.registered})
 */
public record OutboxEvent(UUID id, String type, JsonObject payload, Instant occurredAt) {

  public OutboxEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    payload = payload == null ? new JsonObject() : payload.copy();
    Objects.requireNonNull(occurredAt, "occurredAt");
  }

  /** A new event that happened now (microseconds, as PostgreSQL keeps them). */
  public static OutboxEvent of(String type, JsonObject payload) {
    return new OutboxEvent(UUID.randomUUID(), type, payload, Instant.now().truncatedTo(ChronoUnit.MICROS));
  }

  /** What listeners receive: {"id","type","occurredAt","payload"}. */
  public JsonObject toEnvelope() {
    return new JsonObject()
        .put("id", id.toString())
        .put("type", type)
        .put("occurredAt", occurredAt.toString())
        .put("payload", payload.copy());
  }
}
