package io.emporium.platform.mesh.policy;

import io.emporium.contract.Action;
import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How the mesh calls one service: the balancing strategy, an optional traffic split between versions,
 * the call timeout (per service, with per-action overrides; it bounds the whole call, retries
 * included), retries, the per-instance circuit breaker, hedged reads, latency-based outlier
 * ejection, a canary version, a mirror (shadow) version and the key of consistent hashing. Immutable;
 * a change replaces it.
 */
public record ServicePolicy(Strategy strategy, Optional<TrafficSplit> split, int timeoutMs,
    Map<String, Integer> actionTimeoutsMs, RetrySettings retry, BreakerSettings breaker, HedgeSettings hedge,
    LatencyOutlierSettings latencyOutlier, Optional<CanarySettings> canary, Optional<MirrorSettings> mirror,
    Optional<HashKey> hashKey) {

  public ServicePolicy {
    actionTimeoutsMs = Collections.unmodifiableMap(new TreeMap<>(actionTimeoutsMs));
  }

  /** Without hedging, latency-based ejection, canary, mirror and hash key. */
  public ServicePolicy(Strategy strategy, Optional<TrafficSplit> split, int timeoutMs,
      Map<String, Integer> actionTimeoutsMs, RetrySettings retry, BreakerSettings breaker) {
    this(strategy, split, timeoutMs, actionTimeoutsMs, retry, breaker, HedgeSettings.OFF, LatencyOutlierSettings.OFF,
        Optional.empty(), Optional.empty(), Optional.empty());
  }

  public int timeoutFor(Action action) {
    return actionTimeoutsMs.getOrDefault(action.wireName(), timeoutMs);
  }

  public ServicePolicy withStrategy(Strategy value) {
    return new ServicePolicy(value, split, timeoutMs, actionTimeoutsMs, retry, breaker, hedge, latencyOutlier, canary, mirror, hashKey);
  }

  public ServicePolicy withSplit(Optional<TrafficSplit> value) {
    return new ServicePolicy(strategy, value, timeoutMs, actionTimeoutsMs, retry, breaker, hedge, latencyOutlier, canary, mirror, hashKey);
  }

  public ServicePolicy withTimeouts(int value, Map<String, Integer> perAction) {
    return new ServicePolicy(strategy, split, value, perAction, retry, breaker, hedge, latencyOutlier, canary, mirror, hashKey);
  }

  public ServicePolicy withRetry(RetrySettings value) {
    return new ServicePolicy(strategy, split, timeoutMs, actionTimeoutsMs, value, breaker, hedge, latencyOutlier, canary, mirror, hashKey);
  }

  public ServicePolicy withBreaker(BreakerSettings value) {
    return new ServicePolicy(strategy, split, timeoutMs, actionTimeoutsMs, retry, value, hedge, latencyOutlier, canary, mirror, hashKey);
  }

  public ServicePolicy withHedge(HedgeSettings value) {
    return new ServicePolicy(strategy, split, timeoutMs, actionTimeoutsMs, retry, breaker, value, latencyOutlier, canary, mirror, hashKey);
  }

  public ServicePolicy withCanary(Optional<CanarySettings> value) {
    return new ServicePolicy(strategy, split, timeoutMs, actionTimeoutsMs, retry, breaker, hedge, latencyOutlier, value,
        mirror, hashKey);
  }

  public ServicePolicy withMirror(Optional<MirrorSettings> value) {
    return new ServicePolicy(strategy, split, timeoutMs, actionTimeoutsMs, retry, breaker, hedge, latencyOutlier,
        canary, value, hashKey);
  }

  public ServicePolicy withHashKey(Optional<HashKey> value) {
    return new ServicePolicy(strategy, split, timeoutMs, actionTimeoutsMs, retry, breaker, hedge, latencyOutlier,
        canary, mirror, value);
  }

  public ServicePolicy withLatencyOutlier(LatencyOutlierSettings value) {
    return new ServicePolicy(strategy, split, timeoutMs, actionTimeoutsMs, retry, breaker, hedge, value, canary, mirror, hashKey);
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
        .put("latencyOutlier", latencyOutlier.toJson())
        .put("canary", canary.map(CanarySettings::toJson).orElse(null))
        .put("mirror", mirror.map(MirrorSettings::toJson).orElse(null))
        .put("hashKey", hashKey.map(HashKey::wireName).orElse(null));
  }
}
