package io.emporium.platform.mesh;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.emporium.contract.ServiceName;
import io.emporium.platform.discovery.LocalLoops;
import io.emporium.platform.discovery.ServiceDirectory;
import io.emporium.platform.discovery.ServiceInstance;
import io.emporium.platform.mesh.policy.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which instance a call may use now: those of the service in the directory, less the ones the call tried,
 * the shadow version's, and those excluded (open circuit, failed health checks, ejected), in the call's
 * version when it has one; the service's balancer picks among them. Also the wait before a hedge.
 */
final class InstanceSelection {
  private final ServiceDirectory directory;
  private final EndpointTable endpoints;

  InstanceSelection(ServiceDirectory directory, EndpointTable endpoints) {
    this.directory = directory;
    this.endpoints = endpoints;
  }

  /**
   * The p95 a hedge of a call sent to {@code primary} waits for, in milliseconds (-1 while unknown): the
   * primary's own, or, while it has none (an instance new in the view: a replacement, a JVM back from a
   * pause), the lowest of its peers'. Before, an unknown p95 meant the hedge ceiling, so the reads of a
   * returning instance still opening its connection waited the longest exactly when they needed a hedge
   * soonest. Not the lowest always: that would hedge more of the healthy calls and spend the budget a
   * hang needs.
   */
  double hedgeBasisMs(ServiceName service, Endpoint primary, long nowNanos) {
    double own = primary.p95Ms(nowNanos);
    if (own >= 0) {
      return own;
    }
    double lowest = -1;
    for (ServiceInstance instance : directory.instances(service)) {
      Endpoint known = endpoints.known(instance.instanceId());
      double p95 = known == null || known == primary ? -1 : known.p95Ms(nowNanos);
      if (p95 >= 0 && (lowest < 0 || p95 < lowest)) {
        lowest = p95;
      }
    }
    return lowest;
  }

  /** What a call may use now: one instance, or the UNAVAILABLE error saying why there is none. */
  record Selection(Endpoint endpoint, ServiceError unavailable) {}

  /**
   * @param hashKey the call's key for consistent hashing, or null
   */
  Selection select(ServiceLane lane, VariantChoice variant, Set<String> tried, String hashKey) {
    List<ServiceInstance> instances = directory.instances(lane.service);
    String service = lane.service.wireName();
    if (instances.isEmpty()) {
      return new Selection(null, ServiceError.of(ErrorCode.UNAVAILABLE,
          "no instance of the " + service + " service is available"));
    }
    long now = System.nanoTime();
    // Per call, on the hot path: only the preferred list is always made; the others, the slow ones and the
    // reasons for exclusion exist only when some instance falls into them.
    List<Endpoint> preferred = new ArrayList<>(instances.size());
    List<Endpoint> others = null;
    // Ejected for latency only: taken when nothing else is left (the other instance withdrew, say, in a
    // rolling restart), since the ejection's rule is to leave at least half of the instances available.
    List<Endpoint> slowPreferred = null;
    List<Endpoint> slowOthers = null;
    Map<String, Integer> excluded = null;
    boolean versionExists = false;
    String wanted = variant.version().orElse(null);
    String avoided = variant.avoid().orElse(null);
    String shadow = lane.policy().mirror().map(m -> m.version()).orElse(null);
    for (ServiceInstance instance : instances) {
      boolean ofVersion = wanted == null || wanted.equals(instance.version());
      // A shadow (mirror) instance answers only mirrored calls, and a tester who forces its version.
      if (instance.version().equals(shadow) && !(variant.forced() && ofVersion)) {
        continue;
      }
      versionExists |= ofVersion;
      if (tried.contains(instance.instanceId())) {
        continue;
      }
      if (ofVersion && avoided != null && avoided.equals(instance.version())) {
        ofVersion = false;
      }
      Endpoint endpoint = endpoints.endpoint(instance);
      String why = endpoint.exclusion(now);
      if (why != null) {
        excluded = excluded == null ? new TreeMap<>() : excluded;
        excluded.merge(why, 1, Integer::sum);
        if (endpoint.onlySlow(now)) {
          if (ofVersion) {
            slowPreferred = added(slowPreferred, endpoint);
          } else {
            slowOthers = added(slowOthers, endpoint);
          }
        }
      } else if (ofVersion) {
        preferred.add(endpoint);
      } else {
        others = added(others, endpoint);
      }
    }
    if (!preferred.isEmpty()) {
      Endpoint sameLoop = hashKey == null && lane.policy().strategy() == Strategy.ROUND_ROBIN
          ? onCallersLoop(preferred) : null;
      return new Selection(sameLoop != null ? sameLoop : lane.balancer().pick(preferred, hashKey), null);
    }
    if (!variant.forced() && others != null) {
      lane.variantFallbacks.increment();
      return new Selection(lane.balancer().pick(others, hashKey), null);
    }
    if (slowPreferred != null) {
      return new Selection(lane.balancer().pick(slowPreferred, hashKey), null);
    }
    if (!variant.forced() && slowOthers != null) {
      lane.variantFallbacks.increment();
      return new Selection(lane.balancer().pick(slowOthers, hashKey), null);
    }
    String what = variant.forced() ? "version " + variant.version().orElseThrow() + " of the " + service + " service"
        : "the " + service + " service";
    String message;
    if (variant.forced() && !versionExists) {
      message = "no instance of " + what + " exists";
    } else if (excluded == null) {
      message = "every instance of " + what + " was tried";
    } else {
      message = "every instance of " + what + " is unavailable " + excluded;
    }
    return new Selection(null, ServiceError.of(ErrorCode.UNAVAILABLE, message));
  }

  /**
   * Under round-robin, when every candidate consumes in this JVM, the one on the caller's own event loop:
   * the call then costs no thread hand-off either way, and the spread over the JVM's instances comes from
   * the callers being spread over the loops (each loop holds one instance of each role by default). Null
   * when a candidate is in another JVM (the spread across JVMs stays the balancer's) or none is on this loop.
   */
  private Endpoint onCallersLoop(List<Endpoint> candidates) {
    LocalLoops loops = directory.localLoops();
    Thread caller = Thread.currentThread();
    Endpoint found = null;
    for (int i = 0; i < candidates.size(); i++) {
      Endpoint candidate = candidates.get(i);
      Thread loop = loops.loopOf(candidate.id());
      if (loop == null) {
        return null;
      }
      if (loop == caller && found == null) {
        found = candidate;
      }
    }
    return found;
  }

  private static List<Endpoint> added(List<Endpoint> list, Endpoint endpoint) {
    List<Endpoint> into = list == null ? new ArrayList<>(2) : list;
    into.add(endpoint);
    return into;
  }
}
