package io.emporium.platform.discovery;

import io.emporium.platform.contract.ServiceName;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The local, always-available view of which instances exist. Callers read it on every request, so
 * reads are a volatile load of an immutable snapshot; writes (announcements, evictions) are rare and
 * copy the snapshot.
 */
public final class ServiceDirectory {
  private volatile Map<ServiceName, List<ServiceInstance>> snapshot = emptySnapshot();

  public List<ServiceInstance> instances(ServiceName service) {
    return snapshot.get(service);
  }

  public Optional<ServiceInstance> find(String instanceId) {
    return snapshot.values().stream().flatMap(List::stream).filter(i -> i.instanceId().equals(instanceId)).findFirst();
  }

  public synchronized void upsert(ServiceInstance instance) {
    Map<ServiceName, List<ServiceInstance>> next = copy(i -> !i.instanceId().equals(instance.instanceId()));
    next.get(instance.service()).add(instance);
    snapshot = freeze(next);
  }

  /** @return true when the instance was in the view */
  public synchronized boolean remove(String instanceId) {
    boolean present = find(instanceId).isPresent();
    if (present) {
      snapshot = freeze(copy(i -> !i.instanceId().equals(instanceId)));
    }
    return present;
  }

  public synchronized List<ServiceInstance> removeNode(String nodeId) {
    List<ServiceInstance> removed = snapshot.values().stream().flatMap(List::stream)
        .filter(i -> i.nodeId().equals(nodeId)).toList();
    if (!removed.isEmpty()) {
      snapshot = freeze(copy(i -> !i.nodeId().equals(nodeId)));
    }
    return removed;
  }

  /** Replaces the whole view, e.g. after a full read of the registry. */
  public synchronized void replaceAll(Collection<ServiceInstance> instances) {
    Map<ServiceName, List<ServiceInstance>> next = emptyMutable();
    instances.forEach(i -> next.get(i.service()).add(i));
    snapshot = freeze(next);
  }

  private Map<ServiceName, List<ServiceInstance>> copy(Predicate<ServiceInstance> keep) {
    Map<ServiceName, List<ServiceInstance>> next = emptyMutable();
    snapshot.forEach((service, list) -> list.stream().filter(keep).forEach(next.get(service)::add));
    return next;
  }

  private static Map<ServiceName, List<ServiceInstance>> emptyMutable() {
    Map<ServiceName, List<ServiceInstance>> map = new EnumMap<>(ServiceName.class);
    for (ServiceName service : ServiceName.values()) {
      map.put(service, new ArrayList<>());
    }
    return map;
  }

  private static Map<ServiceName, List<ServiceInstance>> freeze(Map<ServiceName, List<ServiceInstance>> map) {
    Map<ServiceName, List<ServiceInstance>> frozen = new EnumMap<>(ServiceName.class);
    map.forEach((service, list) -> frozen.put(service, List.copyOf(list)));
    return frozen;
  }

  private static Map<ServiceName, List<ServiceInstance>> emptySnapshot() {
    return freeze(emptyMutable());
  }
}
