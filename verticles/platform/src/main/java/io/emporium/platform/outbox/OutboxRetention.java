package io.emporium.platform.outbox;

import io.emporium.platform.config.EmporiumConfig.RetentionSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * How a relay deletes its outbox's delivered events: every {@code sweepIntervalMs} (the first time
 * shortly after start), those delivered more than {@code keep} ago, in batches.
 *
 * @param service names the outbox in the log and in {@code emporium_outbox_purged_total}
 * @param keep how long a delivered event stays (time to trace a delivery)
 * @param timeoutMs bound of each delete
 */
public record OutboxRetention(String service, Duration keep, long sweepIntervalMs, long timeoutMs) {
  /** The first sweep comes this soon after start at the latest: a restart loop still cleans up. */
  static final long FIRST_SWEEP_MS = 5_000;

  public OutboxRetention {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(keep, "keep");
    if (keep.isNegative() || sweepIntervalMs < 1 || timeoutMs < 1) {
      throw new IllegalArgumentException("invalid outbox retention: " + keep + ", every " + sweepIntervalMs
          + " ms, timeout " + timeoutMs + " ms");
    }
  }

  /** From configuration; each delete is bounded like any store call of the service. */
  public static OutboxRetention from(String service, RetentionSettings retention, long timeoutMs) {
    return new OutboxRetention(service, retention.outboxRetention(), retention.sweepIntervalMs(), timeoutMs);
  }

  long firstSweepMs() {
    return Math.min(sweepIntervalMs, FIRST_SWEEP_MS);
  }
}
