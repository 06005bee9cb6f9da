package io.emporium.platform.mesh.policy;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retries of idempotent actions after a failure of the service: at most {@code maxAttempts} attempts
 * in all (1 = never retry), each on an instance not tried yet, after a full-jitter exponential backoff,
 * and only while retries stay within {@code budgetPercent} of the service's recent calls. Each attempt
 * waits at most {@code attemptTimeoutMs} (0: as long as the call's timeout allows), so a hung instance
 * costs an idempotent call that much, not its whole timeout.
 */
public record RetrySettings(int maxAttempts, int baseDelayMs, int maxDelayMs, int budgetPercent,
    int attemptTimeoutMs) {

  /** Without a per-attempt timeout. */
  public RetrySettings(int maxAttempts, int baseDelayMs, int maxDelayMs, int budgetPercent) {
    this(maxAttempts, baseDelayMs, maxDelayMs, budgetPercent, 0);
  }

  /** How long the next attempt may wait, when {@code remainingMs} remain of the call's timeout. */
  public long attemptTimeoutMs(long remainingMs) {
    return attemptTimeoutMs > 0 ? Math.min(remainingMs, attemptTimeoutMs) : remainingMs;
  }

  /** Full jitter: uniform in [0, min(maxDelay, baseDelay * 2^(retry-1))]. @param retry 1 for the first retry */
  public long backoffMs(int retry) {
    long ceiling = Math.min((long) maxDelayMs, (long) baseDelayMs << Math.min(retry - 1, 30));
    return ceiling <= 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1);
  }

  public JsonObject toJson() {
    return new JsonObject().put("maxAttempts", maxAttempts).put("baseDelayMs", baseDelayMs)
        .put("maxDelayMs", maxDelayMs).put("budgetPercent", budgetPercent).put("attemptTimeoutMs", attemptTimeoutMs);
  }
}
