package io.emporium.launcher;

import com.hazelcast.config.Config;
import com.hazelcast.config.ServerSocketEndpointConfig;
import java.io.FileNotFoundException;
import java.util.stream.IntStream;

/** Hazelcast configuration for several members in this JVM: the shipped loopback file, a private cluster. */
final class LoopbackHazelcast {
  private LoopbackHazelcast() {}

  /** A member of cluster {@code name}, whose members take the ports {@code firstPort} .. + {@code members} - 1. */
  static Config member(String name, int firstPort, int members) throws FileNotFoundException {
    Config hazelcast = ClusterBootstrap.loadHazelcastConfig("cluster-config/loopback.xml");
    hazelcast.setClusterName(name);
    hazelcast.getAdvancedNetworkConfig().getJoin().getTcpIpConfig()
        .setMembers(IntStream.range(firstPort, firstPort + members).mapToObj(port -> "127.0.0.1:" + port).toList());
    ((ServerSocketEndpointConfig) hazelcast.getAdvancedNetworkConfig().getEndpointConfigs().values().iterator().next())
        .setPort(firstPort).setPortCount(members).setPortAutoIncrement(true);
    return hazelcast;
  }
}
