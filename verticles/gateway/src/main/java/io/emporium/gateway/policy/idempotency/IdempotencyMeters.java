package io.emporium.gateway.policy.idempotency;

import io.emporium.platform.metrics.EmporiumMetrics;
import io.micrometer.core.instrument.Counter;

/**
 * {@code emporium_idempotency_requests_total{outcome}}: keyed writes by what became of them. One label of
 * six values, never the key, the caller or the route.
 */
final class IdempotencyMeters {
  /** Keyed writes by outcome (Micrometer name: Prometheus adds _total). */
  static final String REQUESTS = "emporium.idempotency.requests";

  enum Outcome {
    /** The key was new: the write ran. */
    FIRST,
    /** The same request again: the first answer was replayed. */
    REPLAYED,
    /** The first request was still running: 409. */
    IN_PROGRESS,
    /** The key came with another request: 422. */
    REUSED,
    /** The write's answer was not final (5xx, 429): the key was let go so a retry can run. */
    RELEASED,
    /** The key store did not answer: 503, nothing ran. */
    UNAVAILABLE;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final Counter[] counters = new Counter[Outcome.values().length];

  IdempotencyMeters(EmporiumMetrics metrics) {
    for (Outcome outcome : Outcome.values()) {
      counters[outcome.ordinal()] = metrics.counter(REQUESTS,
          "Writes sent with an Idempotency-Key, by outcome", "outcome", outcome.label());
    }
  }

  void count(Outcome outcome) {
    counters[outcome.ordinal()].increment();
  }
}
