package io.emporium.platform.health;

import java.util.List;

/** The outcome of a readiness check: ready, or the names of the checks that failed (or {@code draining}). */
public record ReadinessResult(boolean ready, List<String> failing) {
  public ReadinessResult {
    failing = List.copyOf(failing);
  }
}
