package io.emporium.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.platform.testing.Ports;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A node that dies is told as left at once, from Hazelcast's own member list, and told once. */
class HazelcastMembershipTest {
  private final List<Vertx> started = new ArrayList<>();

  @AfterEach
  void close() {
    for (Vertx vertx : started) {
      try {
        vertx.close().await(30, TimeUnit.SECONDS);
      } catch (Exception alreadyGone) {
        // the killed member's Vert.x closes over a terminated Hazelcast
      }
    }
  }

  @Test
  void aDeadNodeIsToldLeftWhileVertxsClusterManagerStillCleansUpAfterItAndOnlyOnce() throws Exception {
    String cluster = "membership-" + UUID.randomUUID();
    int port = Ports.freeBlock(2);
    HazelcastClusterManager watcherManager = new HazelcastClusterManager(LoopbackHazelcast.member(cluster, port, 2));
    clustered(watcherManager);
    HazelcastClusterManager dyingManager = new HazelcastClusterManager(LoopbackHazelcast.member(cluster, port, 2));
    clustered(dyingManager);
    HazelcastMembership membership = HazelcastMembership.watch(started.get(0), watcherManager);
    List<String> told = new CopyOnWriteArrayList<>();
    membership.onNodeLeft(told::add);
    String dying = dyingManager.getNodeId();
    await("both members", () -> membership.isMember(dying));

    // vertx-hazelcast cleans up after a departure under its cluster manager's lock, with blocking map
    // operations, and tells its node listener last: hold that lock as a slow clean-up does.
    synchronized (watcherManager) {
      dyingManager.getHazelcastInstance().getLifecycleService().terminate();
      await("the departure told while vert.x's clean-up waits", () -> told.contains(dying));
    }
    assertThat(membership.isMember(dying)).isFalse();

    // vert.x's own notice comes once its clean-up is done: the same departure, not told again.
    await("vert.x's notice of the same departure", () -> membership.laterNotices() == 1);
    assertThat(told).containsExactly(dying);
  }

  private void clustered(HazelcastClusterManager manager) throws Exception {
    EventBusOptions bus = new EventBusOptions().setHost("127.0.0.1").setClusterPublicHost("127.0.0.1").setPort(0);
    started.add(Vertx.builder().with(new VertxOptions().setEventBusOptions(bus)).withClusterManager(manager)
        .buildClustered().await(60, TimeUnit.SECONDS));
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
