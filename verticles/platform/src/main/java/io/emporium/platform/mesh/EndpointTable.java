package io.emporium.platform.mesh;

import io.emporium.contract.ServiceName;
import io.emporium.platform.discovery.ServiceDirectory;
import io.emporium.platform.discovery.ServiceDirectory.Departure;
import io.emporium.platform.discovery.ServiceInstance;
import io.emporium.platform.mesh.policy.ServicePolicy;
import io.vertx.core.Vertx;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mesh's state per instance ({@link Endpoint}: breaker, counters, latencies, health, outlier state),
 * kept in step with the directory: an endpoint is made when its instance is first used and retired when
 * the instance leaves the view, its calls in flight failed over when the instance is gone.
 */
final class EndpointTable {
  private static final Logger LOG = LoggerFactory.getLogger(EndpointTable.class);

  private final Vertx vertx;
  private final ServiceDirectory directory;
  private final Function<ServiceName, ServicePolicy> policies;
  private final MeshMeters meters;
  private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
  /**
   * Endpoints of instances that withdrew while calls to them were in flight: if their JVM leaves, those calls
   * fail over. A set, not a map by instance: an instance that withdraws, returns and withdraws again has two.
   */
  private final Set<Endpoint> withdrawn = ConcurrentHashMap.newKeySet();

  /** @param policies the policy in force per service (an endpoint's breaker starts with its settings) */
  EndpointTable(Vertx vertx, ServiceDirectory directory, Function<ServiceName, ServicePolicy> policies,
      MeshMeters meters) {
    this.vertx = vertx;
    this.directory = directory;
    this.policies = policies;
    this.meters = meters;
  }

  /** The endpoint of an instance, made on first use. */
  Endpoint endpoint(ServiceInstance instance) {
    Endpoint known = endpoints.get(instance.instanceId());
    if (known != null) {
      known.refresh(instance);
      return known;
    }
    Endpoint endpoint = endpoints.computeIfAbsent(instance.instanceId(), id -> {
      ServicePolicy policy = policies.apply(instance.service());
      Endpoint created = new Endpoint(vertx, instance, policy.breaker());
      meters.instanceSeen(created);
      return created;
    });
    // The instance may have left the view between its selection and here (the directory changes on a
    // cluster thread), its departure already told to the endpoint it had, not to this new one: nobody
    // would fail over the calls sent through it. The view changes before the departure is told, so
    // this check, after the endpoint is in the map, misses no departure.
    if (directory.find(instance.instanceId()).isEmpty()) {
      endpoints.remove(instance.instanceId(), endpoint);
      retire(endpoint, Departure.WITHDRAWN);
      meters.instanceGone(instance.instanceId());
      return endpoint;
    }
    endpoint.refresh(instance);
    return endpoint;
  }

  /** The endpoint of an instance if the mesh has one (no new one is made). */
  Endpoint known(String instanceId) {
    return endpoints.get(instanceId);
  }

  /** The instance left the view: its endpoint is retired (see {@link #retire}). */
  void removed(ServiceInstance instance, Departure departure) {
    depart(instance.instanceId(), departure);
  }

  /**
   * A node left the cluster: the calls still waiting on its withdrawn instances fail over. A withdrawal may
   * reach this JVM (another JVM removes a dead node's records) before its own membership event does.
   */
  void nodeLeft(String nodeId) {
    withdrawn.removeIf(endpoint -> {
      boolean onThatNode = endpoint.instance().nodeId().equals(nodeId);
      if (onThatNode) {
        endpoint.leave(Departure.GONE);
      }
      return onThatNode || endpoint.idle();
    });
  }

  /** The instance is gone (no consumer on its address): out of the shared view, and out of ours. */
  void forget(ServiceInstance instance) {
    if (directory.remove(instance.instanceId(), Departure.GONE)) {
      LOG.info("instance {} of {} has no consumer any more; dropped from the view", instance.instanceId(),
          instance.service().wireName());
    }
    depart(instance.instanceId(), Departure.GONE);
  }

  private void depart(String instanceId, Departure departure) {
    Endpoint left = endpoints.remove(instanceId);
    if (left != null) {
      retire(left, departure);
    } else if (departure == Departure.GONE) {
      // prune() (a stats read) may have taken it out between the view's change and this notice, keeping its
      // calls in flight with the withdrawn: they fail over now, not at their timeout. (Not when it has an
      // endpoint: a withdrawn one may be a graceful stop that still answers, and only its node's departure,
      // nodeLeft, says otherwise.)
      withdrawn.removeIf(kept -> {
        boolean same = kept.id().equals(instanceId);
        if (same) {
          kept.leave(Departure.GONE);
        }
        return same;
      });
    }
    meters.instanceGone(instanceId);
  }

  /** Drops the state of instances that left the directory. */
  void prune() {
    withdrawn.removeIf(Endpoint::idle);
    Set<String> present = new HashSet<>();
    for (ServiceName service : ServiceName.values()) {
      directory.instances(service).forEach(i -> present.add(i.instanceId()));
    }
    endpoints.entrySet().removeIf(entry -> {
      boolean gone = !present.contains(entry.getKey());
      if (gone) {
        // Its departure may not be told yet: whether it is gone decides what its calls in flight do.
        retire(entry.getValue(), Departure.WITHDRAWN);
        meters.instanceGone(entry.getKey());
      }
      return gone;
    });
  }

  /**
   * Tells an endpoint its instance left the view. A withdrawn instance still answers the calls it has
   * taken: its endpoint is kept while they are in flight, so that a later notice that it is gone (its
   * node left) fails them over instead of leaving them to their timeout.
   */
  private void retire(Endpoint endpoint, Departure departure) {
    endpoint.leave(departure);
    if (departure == Departure.WITHDRAWN && !endpoint.idle()) {
      withdrawn.add(endpoint);
    }
  }
}
