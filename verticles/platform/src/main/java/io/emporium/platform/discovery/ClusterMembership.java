package io.emporium.platform.discovery;

import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.NodeListener;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Which JVMs are alive. Discovery records outlive a JVM that dies (no heartbeat), so the directory
 * trusts a record only while its node is a member.
 */
public interface ClusterMembership {

  String localNodeId();

  boolean isMember(String nodeId);

  /** Called with the id of every node that leaves. */
  void onNodeLeft(Consumer<String> listener);

  /** Called with the id of every node that joins (or rejoins after a split-brain merge). */
  default void onNodeAdded(Consumer<String> listener) {
    // a single JVM: nobody joins
  }

  /** A single JVM: it is the only member and nobody leaves. */
  static ClusterMembership standalone(String nodeId) {
    return new ClusterMembership() {
      @Override
      public String localNodeId() {
        return nodeId;
      }

      @Override
      public boolean isMember(String other) {
        return nodeId.equals(other);
      }

      @Override
      public void onNodeLeft(Consumer<String> listener) {
        // nobody ever leaves a one-JVM system
      }
    };
  }

  /** Membership as the cluster manager (Hazelcast) sees it. */
  static ClusterMembership of(ClusterManager clusterManager) {
    List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    List<Consumer<String>> joinListeners = new CopyOnWriteArrayList<>();
    clusterManager.nodeListener(new NodeListener() {
      @Override
      public void nodeAdded(String nodeId) {
        joinListeners.forEach(l -> l.accept(nodeId));
      }

      @Override
      public void nodeLeft(String nodeId) {
        listeners.forEach(l -> l.accept(nodeId));
      }
    });
    return new ClusterMembership() {
      @Override
      public String localNodeId() {
        return clusterManager.getNodeId();
      }

      @Override
      public boolean isMember(String nodeId) {
        return Set.copyOf(clusterManager.getNodes()).contains(nodeId);
      }

      @Override
      public void onNodeLeft(Consumer<String> listener) {
        listeners.add(listener);
      }

      @Override
      public void onNodeAdded(Consumer<String> listener) {
        joinListeners.add(listener);
      }
    };
  }
}
