package io.emporium.platform.metrics;

import io.emporium.platform.metrics.EmporiumMetrics.Names;
import io.emporium.platform.outbox.OutboxStats;
import io.emporium.platform.outbox.OutboxStore;

/** The sampled gauges a service deploys next to its outbox relay. */
public final class StoreGauges {
  /** Outbox figures come from a count over the outbox table: every 10 s is plenty for an alert. */
  public static final long OUTBOX_SAMPLE_MS = 10_000;

  private StoreGauges() {}

  /** Backlog and age of the oldest pending event of a service's outbox. */
  public static SampledGauges<OutboxStats> outbox(String service, OutboxStore store) {
    return new SampledGauges<>(OUTBOX_SAMPLE_MS, store::stats)
        .gauge(Names.OUTBOX_BACKLOG, "Events waiting in the outbox for delivery", OutboxStats::pending,
            "outbox", service)
        .gauge(Names.OUTBOX_OLDEST_AGE, "Age of the oldest event still waiting in the outbox",
            OutboxStats::oldestPendingAgeSeconds, "outbox", service);
  }
}
