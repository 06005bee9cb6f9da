package io.emporium.launcher;

import io.emporium.gateway.GatewayVerticle;
import io.emporium.platform.cluster.ClusterRejoins;
import io.emporium.platform.discovery.ServiceRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a JVM puts right when it finds itself cut off from the cluster and when it is back in it
 * ({@link ClusterConnection}):
 * <ul>
 *   <li>cut off: its gateways drop their level-one cache (nothing they hear of until they are back);
 *   <li>back: its gateways drop level one again (they missed the writes of that time), the mesh policy
 *       boards of the JVM read the cluster-wide policies again ({@link ClusterRejoins}), and its discovery
 *       records are published again and everyone's re-read ({@link ServiceRegistry#repair}): the others
 *       removed its records when they expelled it, and a Hazelcast merge keeps only some of the smaller
 *       side's entries. Vert.x itself republishes the JVM's event-bus consumers after a merge.
 * </ul>
 * A republish that fails (the merged cluster still settling) is tried again, a bounded number of times.
 */
final class MergeRepair {
  static final int ATTEMPTS = 5;
  static final long RETRY_DELAY_MS = 2_000;
  private static final Logger LOG = LoggerFactory.getLogger(MergeRepair.class);

  private final Vertx vertx;
  private final ServiceRegistry registry;
  private final List<GatewayVerticle> gateways;
  /** Each repair has a number; a later rejoin supersedes the retries of an earlier one. */
  private final AtomicLong round = new AtomicLong();

  MergeRepair(Vertx vertx, ServiceRegistry registry, List<GatewayVerticle> gateways) {
    this.vertx = vertx;
    this.registry = registry;
    this.gateways = gateways;
  }

  void attach(ClusterConnection connection) {
    connection.onCutOff(() -> gateways.forEach(gateway -> gateway.clusterConnectionChanged(false)));
    connection.onRejoined(this::rejoined);
  }

  void rejoined() {
    gateways.forEach(gateway -> gateway.clusterConnectionChanged(true));
    // the meshes' policy boards read the cluster-wide policies again: the changes of that time passed them by
    ClusterRejoins.announce(vertx);
    long mine = round.incrementAndGet();
    vertx.runOnContext(v -> republish(mine, 1));
  }

  private void republish(long mine, int attempt) {
    if (round.get() != mine) {
      return;
    }
    Future<Void> repaired;
    try {
      repaired = registry.repair();
    } catch (RuntimeException e) {
      repaired = Future.failedFuture(e);
    }
    repaired.onSuccess(v -> LOG.info("discovery repaired after rejoining the cluster (attempt {})", attempt))
        .onFailure(e -> {
          if (attempt >= ATTEMPTS) {
            LOG.error("discovery not repaired after rejoining the cluster ({} attempts): {}", attempt, e.getMessage());
            return;
          }
          LOG.warn("discovery repair failed (attempt {}), again in {} ms: {}", attempt, RETRY_DELAY_MS, e.getMessage());
          vertx.setTimer(RETRY_DELAY_MS, id -> republish(mine, attempt + 1));
        });
  }
}
