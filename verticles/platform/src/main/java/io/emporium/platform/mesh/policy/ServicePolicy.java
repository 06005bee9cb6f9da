package io.emporium.platform.mesh.policy;

import io.emporium.platform.contract.Action;
import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How the mesh calls one service: the balancing strategy, an optional traffic split between versions,
 * the call timeout (per service, with per-action overrides; it bounds the whole call, retries
 * included), retries, the per-instance circuit breaker, hedged reads and latency-based outlier
 * ejection. Immutable; a change replaces it.
 */
public record ServicePolicy(Strategy strategy, Optional<TrafficSplit> split, int timeoutMs,
    Map<String, Integer> actionTimeoutsMs, RetrySettings retry, BreakerSettings breaker, HedgeSettings hedge,
    LatencyOutlierSettings latencyOutlier) {

  public ServicePolicy {
    actionTimeoutsMs = Collections.unmodifiableMap(new TreeMap<>(actionTimeoutsMs));
  }

  /** Without hedging and latency-based ejection. */
  public ServicePolicy(Strategy strategy, Optional<TrafficSplit> split, int timeoutMs,
      Map<String, Integer> actionTimeoutsMs, RetrySettings retry, BreakerSettings breaker) {
    this(strategy, split, timeoutMs, actionTimeoutsMs, retry, breaker, HedgeSettings.OFF, LatencyOutlierSettings.OFF);
  }

  public int timeoutFor(Action action) {
    return actionTimeoutsMs.getOrDefault(action.wireName(), timeoutMs);
  }

  /** The longest timeout any action of the service may have (the breaker's own call timeout). */
  public int longestTimeoutMs() {
    return actionTimeoutsMs.values().stream().mapToInt(Integer::intValue).reduce(timeoutMs, Math::max);
  }

  public ServicePolicy withStrategy(Strategy value) {
    return new ServicePolicy(value, split, timeoutMs, actionTimeoutsMs, retry, breaker, hedge, latencyOutlier);
  }

  public ServicePolicy withSplit(Optional<TrafficSplit> value) {
    return new ServicePolicy(strategy, value, timeoutMs, actionTimeoutsMs, retry, breaker, hedge, latencyOutlier);
  }

  public ServicePolicy withTimeouts(int value, Map<String, Integer> perAction) {
    return new ServicePolicy(strategy, split, value, perAction, retry, breaker, hedge, latencyOutlier);
  }

  public ServicePolicy withRetry(RetrySettings value) {
    return new ServicePolicy(strategy, split, timeoutMs, actionTimeoutsMs, value, breaker, hedge, latencyOutlier);
  }

  public ServicePolicy withBreaker(BreakerSettings value) {
    return new ServicePolicy(strategy, split, timeoutMs, actionTimeoutsMs, retry, value, hedge, latencyOutlier);
  }

  public ServicePolicy withHedge(HedgeSettings value) {
    return new ServicePolicy(strategy, split, timeoutMs, actionTimeoutsMs, retry, breaker, value, latencyOutlier);
  }

  public ServicePolicy withLatencyOutlier(LatencyOutlierSettings value) {
    return new ServicePolicy(strategy, split, timeoutMs, actionTimeoutsMs, retry, breaker, hedge, value);
  }

  /** The document shape the policy API accepts and answers; {@link PolicyDocument#apply} reads it back. */
  public JsonObject toJson() {
    JsonObject actions = new JsonObject();
    actionTimeoutsMs.forEach(actions::put);
    return new JsonObject()
        .put("strategy", strategy.wireName())
        .put("split", split.map(TrafficSplit::toJson).orElse(null))
        .put("timeoutMs", timeoutMs)
        .put("actionTimeoutsMs", actions)
        .put("retry", retry.toJson())
        .put("breaker", breaker.toJson())
        .put("hedge", hedge.toJson())
        .put("latencyOutlier", latencyOutlier.toJson());
  }
}
