package io.emporium.platform.discovery;

import io.emporium.contract.ServiceName;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local, always-available view of which instances exist. Callers read it on every request, so
 * reads are a volatile load of an immutable snapshot; writes (announcements, evictions) are rare and
 * copy the snapshot.
 */
public final class ServiceDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceDirectory.class);
  private volatile Map<ServiceName, List<ServiceInstance>> snapshot = emptySnapshot();
  private final List<BiConsumer<ServiceInstance, Departure>> removalListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<String>> nodeListeners = new CopyOnWriteArrayList<>();
  private final LocalLoops localLoops = new LocalLoops();

  /** Why an instance left the view, which decides what becomes of the calls in flight to it. */
  public enum Departure {
    /**
     * Its record was withdrawn (a graceful stop, or absent from a full re-read): it answers what it has
     * already taken, so calls in flight wait for their answers; no new call goes there.
     */
    WITHDRAWN,
    /** Its JVM left the cluster, or its address has no consumer: no answer will come. */
    GONE
  }

  /** The event loops this JVM's own instances consume on. */
  public LocalLoops localLoops() {
    return localLoops;
  }

  public List<ServiceInstance> instances(ServiceName service) {
    return snapshot.get(service);
  }

  /** The nodes (JVMs) of the instances in the view. */
  public Set<String> nodes() {
    return snapshot.values().stream().flatMap(List::stream).map(ServiceInstance::nodeId).collect(Collectors.toSet());
  }

  public Optional<ServiceInstance> find(String instanceId) {
    return snapshot.values().stream().flatMap(List::stream).filter(i -> i.instanceId().equals(instanceId)).findFirst();
  }

  public synchronized void upsert(ServiceInstance instance) {
    Map<ServiceName, List<ServiceInstance>> next = copy(i -> !i.instanceId().equals(instance.instanceId()));
    next.get(instance.service()).add(instance);
    snapshot = freeze(next);
  }

  /** The instance's record was withdrawn. @return true when the instance was in the view */
  public boolean remove(String instanceId) {
    return remove(instanceId, Departure.WITHDRAWN);
  }

  /** @return true when the instance was in the view */
  public boolean remove(String instanceId, Departure departure) {
    Optional<ServiceInstance> removed;
    synchronized (this) {
      removed = find(instanceId);
      if (removed.isPresent()) {
        snapshot = freeze(copy(i -> !i.instanceId().equals(instanceId)));
      }
    }
    removed.ifPresent(instance -> notifyRemoved(instance, departure));
    return removed.isPresent();
  }

  public List<ServiceInstance> removeNode(String nodeId) {
    List<ServiceInstance> removed;
    synchronized (this) {
      removed = snapshot.values().stream().flatMap(List::stream).filter(i -> i.nodeId().equals(nodeId)).toList();
      if (!removed.isEmpty()) {
        snapshot = freeze(copy(i -> !i.nodeId().equals(nodeId)));
      }
    }
    removed.forEach(instance -> notifyRemoved(instance, Departure.GONE));
    // Also when none of its instances was still in the view: some may have withdrawn just before.
    nodeListeners.forEach(listener -> listener.accept(nodeId));
    return removed;
  }

  /** Replaces the whole view, e.g. after a full read of the registry. */
  public void replaceAll(Collection<ServiceInstance> instances) {
    List<ServiceInstance> removed;
    synchronized (this) {
      Set<String> kept = instances.stream().map(ServiceInstance::instanceId).collect(Collectors.toSet());
      removed = snapshot.values().stream().flatMap(List::stream).filter(i -> !kept.contains(i.instanceId())).toList();
      Map<ServiceName, List<ServiceInstance>> next = emptyMutable();
      instances.forEach(i -> next.get(i.service()).add(i));
      snapshot = freeze(next);
    }
    removed.forEach(instance -> notifyRemoved(instance, Departure.WITHDRAWN));
  }

  /**
   * Calls {@code listener} with every instance that leaves the view (removed, its node left, or absent
   * from a full re-read) and why, after the view changed, on the thread that changed it (an event loop, or a
   * cluster-manager thread when a node leaves): keep it short and thread-safe.
   *
   * @return stops the calls
   */
  public Runnable onRemoved(BiConsumer<ServiceInstance, Departure> listener) {
    removalListeners.add(listener);
    return () -> removalListeners.remove(listener);
  }

  /**
   * Calls {@code listener} with the id of every node that left the cluster, whether or not it still had
   * instances in the view (one that withdrew its records and then died may still owe answers).
   *
   * @return stops the calls
   */
  public Runnable onNodeLeft(Consumer<String> listener) {
    nodeListeners.add(listener);
    return () -> nodeListeners.remove(listener);
  }

  private void notifyRemoved(ServiceInstance instance, Departure departure) {
    for (BiConsumer<ServiceInstance, Departure> listener : removalListeners) {
      try {
        listener.accept(instance, departure);
      } catch (RuntimeException e) {
        LOG.warn("a directory listener failed on the removal of {}", instance.instanceId(), e);
      }
    }
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
