package io.emporium.launcher;

import io.emporium.platform.metrics.EmporiumMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Vertx;

/**
 * What {@link ClusterConnection} shows in /metrics: {@code emporium_cluster_connected} (1, or 0 while cut
 * off), {@code emporium_cluster_live} (0 once cut off past the rejoin bound), and the counts of cut-offs
 * and rejoins since start.
 */
final class ClusterConnectionMeters {
  private ClusterConnectionMeters() {}

  static void register(Vertx vertx, ClusterConnection connection) {
    EmporiumMetrics.of(vertx).registry().ifPresent(registry -> {
      Gauge.builder("emporium.cluster.connected", connection, c -> c.connected() ? 1 : 0)
          .description("1 while this JVM is connected to the cluster, 0 while it is cut off").register(registry);
      Gauge.builder("emporium.cluster.live", connection, c -> c.live() ? 1 : 0)
          .description("0 once this JVM has been cut off longer than cluster.rejoin-bound-ms").register(registry);
      FunctionCounter.builder("emporium.cluster.cut.offs", connection, ClusterConnection::cutOffs)
          .description("Times this JVM found itself cut off from the cluster").register(registry);
      FunctionCounter.builder("emporium.cluster.rejoins", connection, ClusterConnection::rejoins)
          .description("Times this JVM rejoined the cluster (members back, or a split-brain merge)").register(registry);
    });
  }
}
