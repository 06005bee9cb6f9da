package io.emporium.platform.discovery;

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
}
