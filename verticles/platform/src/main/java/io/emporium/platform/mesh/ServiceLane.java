package io.emporium.platform.mesh;

import io.emporium.contract.ServiceName;
import io.emporium.platform.mesh.balance.LoadBalancer;
import io.emporium.platform.mesh.policy.HashKey;
import io.emporium.platform.mesh.policy.ServicePolicy;
import io.emporium.platform.mesh.policy.TrafficSplit;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Everything the mesh keeps per service: the policy in force (with its revision), the balancer of its
 * strategy, the retry and hedge budgets, per-variant statistics and the service's totals.
 */
final class ServiceLane {
  final ServiceName service;
  final RetryBudget budget = new RetryBudget();
  final RetryBudget hedgeBudget = new RetryBudget();
  final TrafficMirror mirror = new TrafficMirror();
  private final LongAdder canaryByHeader = new LongAdder();
  private final LongAdder canaryByUser = new LongAdder();
  private final Map<String, VariantStats> variants = new ConcurrentHashMap<>();
  private volatile PolicyRevision current;
  private volatile LoadBalancer balancer;
  final LongAdder calls = new LongAdder();
  final LongAdder succeeded = new LongAdder();
  final LongAdder failedOfService = new LongAdder();
  final LongAdder answeredWithError = new LongAdder();
  final LongAdder retries = new LongAdder();
  final LongAdder rerouted = new LongAdder();
  final LongAdder noInstanceAvailable = new LongAdder();
  final LongAdder variantFallbacks = new LongAdder();
  final LongAdder hedgesSent = new LongAdder();
  final LongAdder hedgesWon = new LongAdder();
  final LongAdder ejectedForFailures = new LongAdder();
  final LongAdder ejectedForLatency = new LongAdder();

  private final MeshMeters meters;

  ServiceLane(ServiceName service, ServicePolicy initial, MeshMeters meters) {
    this.service = service;
    this.meters = meters;
    this.current = PolicyRevision.initial(service, initial);
    this.balancer = initial.strategy().newBalancer();
  }

  ServicePolicy policy() {
    return current.policy();
  }

  PolicyRevision revision() {
    return current;
  }

  LoadBalancer balancer() {
    return balancer;
  }

  /** Takes a newer revision; older or equal ones (late or repeated messages) are ignored. @return true when taken */
  synchronized boolean apply(PolicyRevision next) {
    if (next.revision() <= current.revision()) {
      return false;
    }
    if (next.policy().strategy() != current.policy().strategy()) {
      balancer = next.policy().strategy().newBalancer();
    }
    current = next;
    return true;
  }

  /** Runs when a failure ejects an instance of the service (one object, not one per call). */
  final Runnable failureEjection = () -> ejected(OutlierTracker.FAILURES);

  /** An instance of the service was ejected, for {@code reason} ({@link OutlierTracker#FAILURES} or LATENCY). */
  void ejected(String reason) {
    (OutlierTracker.LATENCY.equals(reason) ? ejectedForLatency : ejectedForFailures).increment();
    meters.ejection(service, reason);
  }

  /** A call went to the canary, because of its header ({@link VariantChoice#BY_HEADER}) or its user. */
  void canaryCall(String why) {
    (VariantChoice.BY_HEADER.equals(why) ? canaryByHeader : canaryByUser).increment();
  }

  void hedgeSent() {
    hedgesSent.increment();
    meters.hedge(service, false);
  }

  void hedgeWon() {
    hedgesWon.increment();
    meters.hedge(service, true);
  }

  VariantStats variant(String version) {
    return variants.computeIfAbsent(version, v -> new VariantStats());
  }

  /** Hedges sent, those whose answer was the one returned, and the budget they are drawn from. */
  private JsonObject hedgingJson(ServicePolicy policy) {
    return new JsonObject().put("enabled", policy.hedge().enabled()).put("sent", hedgesSent.sum())
        .put("won", hedgesWon.sum())
        .put("budget", hedgeBudget.toJson(policy.hedge().budgetPercent(), "recentHedges"));
  }

  /** The canary in force (version null without one) and the calls that went to a canary, by reason. */
  private JsonObject canaryJson(ServicePolicy policy) {
    JsonObject calls = new JsonObject().put(VariantChoice.BY_HEADER, canaryByHeader.sum())
        .put(VariantChoice.BY_USER, canaryByUser.sum());
    return policy.canary().map(c -> c.toJson()).orElseGet(() -> new JsonObject().put("version", null))
        .put("calls", calls);
  }

  JsonObject toJson(List<Endpoint> endpoints, long nowNanos) {
    PolicyRevision revision = current;
    ServicePolicy policy = revision.policy();
    JsonObject perVariant = new JsonObject();
    new TreeMap<>(variants).forEach((version, stats) -> perVariant.put(version, stats.toJson()));
    JsonArray instances = new JsonArray();
    endpoints.forEach(e -> instances.add(e.toJson(nowNanos)));
    return new JsonObject()
        .put("strategy", policy.strategy().wireName())
        .put("split", policy.split().map(TrafficSplit::toJson).orElse(null))
        .put("policy", policy.toJson())
        .put("revision", revision.revision())
        .put("changedAt", revision.changedAt().map(Object::toString).orElse(null))
        .put("changedBy", revision.changedBy().orElse(null))
        .put("totals", new JsonObject()
            .put("calls", calls.sum())
            .put("succeeded", succeeded.sum())
            .put("failedOfService", failedOfService.sum())
            .put("answeredWithError", answeredWithError.sum())
            .put("retries", retries.sum())
            .put("rerouted", rerouted.sum())
            .put("noInstanceAvailable", noInstanceAvailable.sum())
            .put("variantFallbacks", variantFallbacks.sum()))
        .put("retryBudget", budget.toJson(policy.retry().budgetPercent()))
        .put("hedging", hedgingJson(policy))
        .put("ejections", new JsonObject().put(OutlierTracker.FAILURES, ejectedForFailures.sum())
            .put(OutlierTracker.LATENCY, ejectedForLatency.sum()))
        .put("hashKey", policy.hashKey().map(HashKey::wireName).orElse(null))
        .put("canary", canaryJson(policy))
        .put("mirror", mirror.toJson(policy.mirror().orElse(null)))
        .put("variants", perVariant)
        .put("instances", instances);
  }
}
