package io.emporium.platform.mesh.policy;

import io.vertx.core.json.JsonObject;

/**
 * Hedged reads: an idempotent call that the chosen instance has not answered within that instance's
 * observed p95 latency (its peers' while it has none; clamped to [{@code minDelayMs}, {@code maxDelayMs}])
 * is sent once more, to another instance; the first answer wins. Hedges stay within {@code budgetPercent} of the service's
 * recent calls, so hedging can never double the load.
 */
public record HedgeSettings(boolean enabled, int minDelayMs, int maxDelayMs, int budgetPercent) {
  public static final HedgeSettings OFF = new HedgeSettings(false, 10, 100, 10);

  /** The hedge delay for a p95 of {@code p95Ms}, or unknown (negative): then the ceiling. */
  public long delayMs(double p95Ms) {
    if (p95Ms < 0) {
      return maxDelayMs;
    }
    return Math.max(minDelayMs, Math.min(maxDelayMs, (long) Math.ceil(p95Ms)));
  }

  public JsonObject toJson() {
    return new JsonObject().put("enabled", enabled).put("minDelayMs", minDelayMs).put("maxDelayMs", maxDelayMs)
        .put("budgetPercent", budgetPercent);
  }
}
