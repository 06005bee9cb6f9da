package io.emporium.platform.health;

import java.util.List;

/**
 * The outcome of a readiness check: ready, or the names of the checks that failed (or {@code draining});
 * {@code holding} names the checks that passed, for whoever reports what is ready and what is not.
 */
public record ReadinessResult(boolean ready, List<String> failing, List<String> holding) {
  public ReadinessResult {
    failing = List.copyOf(failing);
    holding = List.copyOf(holding);
  }

  public ReadinessResult(boolean ready, List<String> failing) {
    this(ready, failing, List.of());
  }
}
