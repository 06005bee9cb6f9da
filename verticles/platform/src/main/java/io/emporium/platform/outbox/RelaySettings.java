package io.emporium.platform.outbox;

import io.emporium.platform.config.EmporiumConfig.OutboxSettings;

/**
 * How a relay works. The lease must outlast a delivery (its timeout), or a slow delivery could be
 * taken over by another relay while it is still running.
 *
 * @param pollMs how often the relay looks for due events (it looks again at once after a full batch)
 * @param maxAttempts attempts before an event is marked dead
 * @param batchSize events claimed at a time
 * @param leaseMs how long a claimed event stays invisible to other relays
 * @param deliveryTimeoutMs how long one delivery may take before it counts as failed
 * @param baseBackoffMs delay after the first failure; it doubles with each further failure
 * @param maxBackoffMs longest delay between two attempts
 */
public record RelaySettings(long pollMs, int maxAttempts, int batchSize, long leaseMs, long deliveryTimeoutMs,
    long baseBackoffMs, long maxBackoffMs) {

  public static final int DEFAULT_BATCH = 32;
  public static final long DEFAULT_BASE_BACKOFF_MS = 1_000;
  public static final long DEFAULT_MAX_BACKOFF_MS = 300_000;

  public RelaySettings {
    if (pollMs < 1 || maxAttempts < 1 || batchSize < 1 || deliveryTimeoutMs < 1 || baseBackoffMs < 0
        || maxBackoffMs < baseBackoffMs) {
      throw new IllegalArgumentException("invalid relay settings");
    }
    if (leaseMs <= deliveryTimeoutMs) {
      throw new IllegalArgumentException("leaseMs (" + leaseMs + ") must exceed deliveryTimeoutMs ("
          + deliveryTimeoutMs + ")");
    }
  }

  /**
   * From configuration: deliveries time out like any bus call, and a lease lasts three of them (one
   * second at least), so an event a dead relay held is delivered again within three bus timeouts.
   */
  public static RelaySettings from(OutboxSettings outbox, long deliveryTimeoutMs) {
    return new RelaySettings(outbox.pollMs(), outbox.maxAttempts(), DEFAULT_BATCH,
        Math.max(1_000, 3 * deliveryTimeoutMs), deliveryTimeoutMs, DEFAULT_BASE_BACKOFF_MS, DEFAULT_MAX_BACKOFF_MS);
  }

  /**
   * The delay before attempt {@code failedAttempt + 1}: base * 2^(failedAttempt - 1), capped, then
   * "equal jitter" (between half and all of it) so relays of many JVMs do not retry in step.
   */
  public long backoffMs(int failedAttempt, double random) {
    int exponent = Math.min(Math.max(failedAttempt - 1, 0), 30);
    long capped = Math.min(maxBackoffMs, baseBackoffMs * (1L << exponent));
    if (capped <= 0) {
      return 0;
    }
    return capped / 2 + (long) (capped / 2.0 * Math.min(Math.max(random, 0), 1));
  }
}
