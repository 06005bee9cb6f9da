package io.emporium.platform.outbox;

import java.time.Instant;
import java.util.Optional;

/** An outbox row as operations (and tests) see it. */
public record OutboxRecord(OutboxEvent event, OutboxStatus status, int attempts, Instant nextAttemptAt,
    Optional<String> leaseOwner, Optional<String> lastError) {}
