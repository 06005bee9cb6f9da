package io.emporium.platform.outbox;

/**
 * An event a relay has leased for delivery. {@code attempt} counts this delivery (1 for the first);
 * {@code owner} is the relay that holds the lease: only it may mark the outcome, so a relay whose
 * lease ran out cannot overwrite the work of the one that took the event over.
 */
public record ClaimedEvent(OutboxEvent event, int attempt, String owner) {}
