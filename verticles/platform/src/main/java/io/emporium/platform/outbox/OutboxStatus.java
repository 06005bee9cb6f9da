package io.emporium.platform.outbox;

/** Where an outbox event stands. */
public enum OutboxStatus {
  /** Not delivered yet: due now, or waiting for its next attempt, or leased by a relay. */
  PENDING,
  /** Acknowledged by the delivery target. */
  DELIVERED,
  /** Failed {@code maxAttempts} times: kept for inspection, never retried automatically. */
  DEAD
}
