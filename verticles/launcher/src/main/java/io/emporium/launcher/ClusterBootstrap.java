package io.emporium.launcher;

import com.hazelcast.config.ClasspathXmlConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import io.emporium.platform.config.EmporiumConfig;
import io.emporium.platform.config.EmporiumConfig.ClusterSettings;
import io.emporium.platform.discovery.ClusterMembership;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PfxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Starts Vert.x: local, or clustered over Hazelcast with a configuration file from cluster-config/. */
final class ClusterBootstrap {
  private ClusterBootstrap() {}

  /**
   * Hazelcast's split-brain merge delays when the configuration file sets none: its defaults (300 s, then
   * every 120 s) would keep an expelled JVM out far longer than {@code cluster.rejoin-bound-ms}.
   */
  static final String MERGE_DELAY_SECONDS = "10";

  /** @param connection whether this JVM is still part of the cluster (clustered only) */
  record Started(Vertx vertx, ClusterMembership membership, boolean clustered, Observability observability,
      Optional<ClusterConnection> connection) {}

  static Future<Started> start(EmporiumConfig config) {
    Observability observability = Observability.prepare(config);
    if (!config.cluster().enabled()) {
      return Future.succeededFuture(new Started(observability.bind(observability.builder(vertxOptions(config)).build()),
          ClusterMembership.standalone("local-" + UUID.randomUUID()), false, observability, Optional.empty()));
    }
    ClusterSettings cluster = config.cluster();
    Config hazelcast;
    try {
      hazelcast = loadHazelcastConfig(cluster.configPath());
    } catch (RuntimeException | FileNotFoundException e) {
      return Future.failedFuture(new IllegalStateException("cannot load the Hazelcast configuration '"
          + cluster.configPath() + "' (cluster.config): " + Main.describe(e), e));
    }
    // Which members are Emporium JVMs, and which run a gateway (ClusterConnection); programs outside Emporium have none.
    hazelcast.getMemberAttributeConfig().setAttribute(ClusterConnection.ROLES_ATTRIBUTE,
        ClusterConnection.rolesAttribute(config.roles()));
    for (String delay : List.of("hazelcast.merge.first.run.delay.seconds", "hazelcast.merge.next.run.delay.seconds")) {
      if (hazelcast.getProperty(delay) == null) {
        hazelcast.setProperty(delay, MERGE_DELAY_SECONDS);
      }
    }
    HazelcastClusterManager clusterManager = new HazelcastClusterManager(hazelcast);
    VertxOptions options = vertxOptions(config).setEventBusOptions(eventBusOptions(cluster));
    return observability.builder(options)
        .withTransport(BusFlushBatching.forBus(options.getEventBusOptions()).asVertxTransport())
        .withClusterManager(clusterManager)
        .buildClustered()
        .compose(vertx -> ClusterConnection.start(vertx, clusterManager.getHazelcastInstance(),
                clusterManager.getNodeId(), config.roles(), cluster.rejoinBoundMs())
            .map(connection -> new Started(observability.bind(vertx), HazelcastMembership.watch(vertx, clusterManager), true,
                observability, Optional.of(connection))));
  }

  /**
   * As many event loops as the services have instances of each role (by default the cores): each loop then
   * holds one gateway and one instance of each service, and the mesh keeps a call on its caller's loop.
   */
  static VertxOptions vertxOptions(EmporiumConfig config) {
    return new VertxOptions().setEventLoopPoolSize(config.eventLoops());
  }

  static EventBusOptions eventBusOptions(ClusterSettings cluster) {
    EventBusOptions bus = new EventBusOptions()
        // Without an explicit host Vert.x advertises the first non-loopback interface.
        .setHost(cluster.host())
        .setClusterPublicHost(cluster.host())
        .setPort(cluster.port());
    // Mutual TLS: a JVM without a certificate signed by the cluster's CA exchanges no message with
    // this one (host names are not checked: any certificate of that CA is a member).
    cluster.tls().ifPresent(tls -> bus.setSsl(true)
        .setClientAuth(ClientAuth.REQUIRED)
        // PfxOptions, not the generic KeyStoreOptions: the clustered bus copies its options through
        // JSON, which keeps only the typed store options (a generic one is lost: "Key/certificate is mandatory").
        .setKeyCertOptions(new PfxOptions().setPath(tls.keystore()).setPassword(tls.keystorePassword().value()))
        .setTrustOptions(new PfxOptions().setPath(tls.truststore()).setPassword(tls.truststorePassword().value())));
    return bus;
  }

  /** A file on disk first; otherwise the copy inside the jar (the same cluster-config/ files). */
  static Config loadHazelcastConfig(String path) throws FileNotFoundException {
    // Hazelcast also reads these from system properties; the files set them, this is a second guard.
    System.setProperty("hazelcast.phone.home.enabled", "false");
    System.setProperty("hazelcast.socket.bind.any", "false");
    System.setProperty("hazelcast.logging.type", "slf4j");
    if (Files.isRegularFile(Path.of(path))) {
      return new FileSystemXmlConfig(path);
    }
    if (ClusterBootstrap.class.getClassLoader().getResource(path) != null) {
      return new ClasspathXmlConfig(path);
    }
    throw new FileNotFoundException("no such file, and no such resource in the jar");
  }
}
