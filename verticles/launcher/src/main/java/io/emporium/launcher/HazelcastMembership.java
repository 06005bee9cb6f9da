package io.emporium.launcher;

import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleListener;
import io.emporium.platform.discovery.ClusterMembership;
import io.vertx.core.Vertx;
import io.vertx.core.spi.cluster.NodeListener;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which JVMs are alive, and a node's departure told as soon as Hazelcast's member list drops it.
 *
 * <p>vertx-hazelcast tells its node listener of a departure only after it has cleaned the node's
 * subscriptions and node info out of cluster maps: blocking map operations, under the cluster manager's
 * lock, that wait while the dead member's partitions move (seconds, on a busy machine). Hazelcast's member
 * list has dropped the node before that, so meanwhile a discovery re-read takes its instances out of the view
 * as withdrawn, and the calls in flight there wait for their whole timeout instead of failing over (seen in a
 * {@code kill -9} test: three requests waited 10 s). So the member list is also read every
 * {@value #CHECK_MS} ms (a local read; a listener of Hazelcast's own may be queued behind vert.x's on the
 * same event thread), and a departure is told once, from whichever notices it first; vert.x's notice also
 * covers the members a split-brain merge lost. The list is not read during a merge or a shutdown: Hazelcast then
 * empties it of every other member without their leaving (a merge rebuilds it; vert.x tells who was lost).
 */
final class HazelcastMembership implements ClusterMembership, LifecycleListener {
  /** vertx-hazelcast's member attribute with the Vert.x node id, which a merge keeps (the member UUID changes). */
  static final String VERTX_NODE_ID = "__vertx.nodeId";
  static final long CHECK_MS = 100;
  /** How long a told departure is remembered: the later notice of the same departure comes within seconds. */
  private static final long REMEMBER_NANOS = 60_000_000_000L;
  private static final Logger LOG = LoggerFactory.getLogger(HazelcastMembership.class);

  private final HazelcastClusterManager clusterManager;
  private final List<Consumer<String>> leftListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<String>> joinListeners = new CopyOnWriteArrayList<>();
  /** Nodes whose departure was told, and when (System.nanoTime), until they are members again. */
  private final Map<String, Long> toldLeft = new ConcurrentHashMap<>();
  /** The Vert.x nodes in the member list at the last check (the event loop's only). */
  private volatile Set<String> lastSeen;
  /** Between MERGING and MERGED (or MERGE_FAILED), and from SHUTTING_DOWN on: the list says nothing of departures. */
  private volatile boolean listUnreliable;
  /** Later notices of departures already told (for diagnosis and tests). */
  private final AtomicInteger laterNotices = new AtomicInteger();

  private HazelcastMembership(HazelcastClusterManager clusterManager) {
    this.clusterManager = clusterManager;
    this.lastSeen = Set.copyOf(clusterManager.getNodes());
  }

  /** Watches the member list and vert.x's notices; once per cluster manager (vert.x keeps one node listener). */
  static HazelcastMembership watch(Vertx vertx, HazelcastClusterManager clusterManager) {
    HazelcastMembership membership = new HazelcastMembership(clusterManager);
    clusterManager.nodeListener(new NodeListener() {
      @Override
      public void nodeAdded(String nodeId) {
        membership.joined(nodeId);
        membership.joinListeners.forEach(listener -> listener.accept(nodeId));
      }

      @Override
      public void nodeLeft(String nodeId) {
        membership.left(nodeId, "vert.x");
      }
    });
    clusterManager.getHazelcastInstance().getLifecycleService().addLifecycleListener(membership);
    vertx.setPeriodic(CHECK_MS, id -> membership.check());
    return membership;
  }

  @Override
  public String localNodeId() {
    return clusterManager.getNodeId();
  }

  @Override
  public boolean isMember(String nodeId) {
    return clusterManager.getNodes().contains(nodeId);
  }

  @Override
  public void onNodeLeft(Consumer<String> listener) {
    leftListeners.add(listener);
  }

  @Override
  public void onNodeAdded(Consumer<String> listener) {
    joinListeners.add(listener);
  }

  @Override
  public void stateChanged(LifecycleEvent event) {
    switch (event.getState()) {
      case MERGING, SHUTTING_DOWN -> listUnreliable = true;
      case MERGED, MERGE_FAILED -> {
        // What the merge lost, vert.x tells (it compares the list before and after); the list is the new start.
        lastSeen = Set.copyOf(clusterManager.getNodes());
        listUnreliable = false;
      }
      default -> {
        // starting, started, shut down: nothing to do
      }
    }
  }

  /** How many notices of a departure came after it had been told (each departure has two sources). */
  int laterNotices() {
    return laterNotices.get();
  }

  private void check() {
    Set<String> now;
    try {
      // The flag read before and after the list: a merge sets it before it empties the list.
      if (listUnreliable || !clusterManager.isActive()) {
        return;
      }
      now = Set.copyOf(clusterManager.getNodes());
      if (listUnreliable) {
        return;
      }
    } catch (RuntimeException notRunning) {
      // during a merge or a shutdown the member list may be unavailable for a moment
      return;
    }
    if (!toldLeft.isEmpty()) {
      // Only a node told departed can be back; most checks have nothing to clear.
      now.forEach(this::joined);
    }
    lastSeen.stream().filter(node -> !now.contains(node)).forEach(node -> left(node, "the member list"));
    lastSeen = now;
  }

  private synchronized void joined(String nodeId) {
    toldLeft.remove(nodeId);
  }

  private synchronized void left(String nodeId, String source) {
    // A late notice of a node that is back (a merge) is no departure.
    if (isMember(nodeId)) {
      return;
    }
    long now = System.nanoTime();
    toldLeft.values().removeIf(at -> now - at > REMEMBER_NANOS);
    Long toldAt = toldLeft.putIfAbsent(nodeId, now);
    if (toldAt != null) {
      laterNotices.incrementAndGet();
      LOG.info("node {} left: {} told it {} ms after the first notice", nodeId, source, (now - toldAt) / 1_000_000);
      return;
    }
    LOG.info("node {} left: told by {}", nodeId, source);
    leftListeners.forEach(listener -> {
      try {
        listener.accept(nodeId);
      } catch (RuntimeException e) {
        LOG.warn("a node-left listener failed for node {}", nodeId, e);
      }
    });
  }
}
