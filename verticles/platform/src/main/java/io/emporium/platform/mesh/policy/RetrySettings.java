package io.emporium.platform.mesh.policy;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retries of idempotent actions after a failure of the service: at most {@code maxAttempts} attempts
 * in all (1 = never retry), each on an instance not tried yet, after a full-jitter exponential backoff,
 * and only while retries stay within {@code budgetPercent} of the service's recent calls.
 */
public record RetrySettings(int maxAttempts, int baseDelayMs, int maxDelayMs, int budgetPercent) {

  /** Full jitter: uniform in [0, min(maxDelay, baseDelay * 2^(retry-1))]. @param retry 1 for the first retry */
  public long backoffMs(int retry) {
    long ceiling = Math.min((long) maxDelayMs, (long) baseDelayMs << Math.min(retry - 1, 30));
    return ceiling <= 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1);
  }

  public JsonObject toJson() {
    return new JsonObject().put("maxAttempts", maxAttempts).put("baseDelayMs", baseDelayMs)
        .put("maxDelayMs", maxDelayMs).put("budgetPercent", budgetPercent);
  }
}
