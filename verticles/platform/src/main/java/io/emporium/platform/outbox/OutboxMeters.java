package io.emporium.platform.outbox;

import io.emporium.platform.metrics.EmporiumMetrics;
import io.emporium.platform.metrics.SampledGauges;
import io.vertx.core.Vertx;

/**
 * The outbox's meters: the events its relay publishes and sees delivered, the delivered events it deletes
 * once their retention is over, and the sampled gauges a service deploys next to its relay (backlog and
 * age of the oldest pending event).
 */
public final class OutboxMeters {
  /** The metric names, as Micrometer names (Prometheus adds the unit and _total). */
  public static final String EVENTS_PUBLISHED = "emporium.events.published";
  public static final String EVENTS_DELIVERED = "emporium.events.delivered";
  public static final String BACKLOG = "emporium.outbox.backlog";
  public static final String PURGED = "emporium.outbox.purged";
  public static final String OLDEST_AGE = "emporium.outbox.oldest.pending.age.seconds";

  /** Outbox figures come from a count over the outbox table: every 10 s is plenty for an alert. */
  public static final long OUTBOX_SAMPLE_MS = 10_000;

  private OutboxMeters() {}

  /** Backlog and age of the oldest pending event of a service's outbox. */
  public static SampledGauges<OutboxStats> gauges(String service, OutboxStore store) {
    return new SampledGauges<>(OUTBOX_SAMPLE_MS, store::stats)
        .gauge(BACKLOG, "Events waiting in the outbox for delivery", OutboxStats::pending,
            "outbox", service)
        .gauge(OLDEST_AGE, "Age of the oldest event still waiting in the outbox",
            OutboxStats::oldestPendingAgeSeconds, "outbox", service);
  }

  /** A domain event published on the bus (by a relay, or directly). */
  static void eventPublished(Vertx vertx, String type) {
    EmporiumMetrics.of(vertx).count(EVENTS_PUBLISHED, "Domain events published on the event bus, by type", "type", type);
  }

  /** A domain event whose delivery was acknowledged (the outbox row is done). */
  static void eventDelivered(Vertx vertx, String type) {
    EmporiumMetrics.of(vertx).count(EVENTS_DELIVERED, "Domain events delivered and acknowledged, by type", "type", type);
  }

  /** Delivered events a relay deleted from its service's outbox once their retention was over. */
  static void purged(Vertx vertx, String service, long events) {
    if (events > 0) {
      EmporiumMetrics.of(vertx).count(events, PURGED, "Delivered events deleted from the outbox after their retention",
          "outbox", service);
    }
  }
}
