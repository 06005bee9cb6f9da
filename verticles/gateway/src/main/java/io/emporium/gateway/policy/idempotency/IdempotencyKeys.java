package io.emporium.gateway.policy.idempotency;

import io.emporium.gateway.config.GatewaySettings.IdempotencySettings;
import io.emporium.gateway.http.Access;
import io.emporium.gateway.http.ApiRoute;
import io.emporium.gateway.http.Policy;
import io.emporium.platform.metrics.EmporiumMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import java.util.concurrent.TimeUnit;

/**
 * Idempotency keys of one gateway instance: which routes honour them, the store, how long a key lives.
 *
 * <p>Honoured on the signed-in POST, PUT and PATCH routes of the table, scoped by the caller's user id.
 * The anonymous writes ({@code /api/auth/*}) ignore the header: their answers are credentials (tokens)
 * or a new account's, which must not sit in a map every JVM of the cluster reads, and without a caller
 * a key could only be scoped by itself, so one client could replay another's answer.
 */
public final class IdempotencyKeys {
  private final KeyStore store;
  private final long keyTtlMs;
  private final long claimTtlMs;
  private final IdempotencyMeters meters;

  /**
   * @param busTimeoutMs the longest a call to a service waits; a claim lives well beyond any write (the
   *     longer of a minute and six call timeouts, for retries of an idempotent action), so that only a
   *     gateway that died mid-write leaves a key that expires before it is answered
   */
  public IdempotencyKeys(Vertx vertx, IdempotencySettings settings, long busTimeoutMs) {
    this(new KeyStore(vertx, settings.storeTimeoutMs()), TimeUnit.HOURS.toMillis(settings.keyTtlHours()),
        Math.max(60_000, 6 * busTimeoutMs), EmporiumMetrics.of(vertx));
  }

  IdempotencyKeys(KeyStore store, long keyTtlMs, long claimTtlMs, EmporiumMetrics metrics) {
    this.store = store;
    this.keyTtlMs = keyTtlMs;
    this.claimTtlMs = claimTtlMs;
    this.meters = new IdempotencyMeters(metrics);
  }

  /** The policy of a route of the table: keys on signed-in writes, nothing elsewhere. */
  public Policy policyFor(ApiRoute route) {
    boolean write = route.method() == HttpMethod.POST || route.method() == HttpMethod.PUT
        || route.method() == HttpMethod.PATCH;
    return write && route.access() != Access.PUBLIC ? new IdempotencyPolicy(this, route.path()) : Policy.NONE;
  }

  KeyStore store() {
    return store;
  }

  long keyTtlMs() {
    return keyTtlMs;
  }

  long claimTtlMs() {
    return claimTtlMs;
  }

  IdempotencyMeters meters() {
    return meters;
  }
}
