package io.emporium.order.store;

import java.time.Instant;
import java.util.UUID;

/**
 * One entry of the order audit trail: who moved which order to which state, and when.
 *
 * @param actor the user id of the caller, or {@code service:order} for the service's own moves (expiry)
 * @param action the event type of the move, e.g. {@code order.paid}
 */
public record OrderAudit(UUID orderId, String actor, String action, Instant at) {}
