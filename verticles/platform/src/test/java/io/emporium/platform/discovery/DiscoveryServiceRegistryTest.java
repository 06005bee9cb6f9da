package io.emporium.platform.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.ServiceName;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import io.vertx.servicediscovery.Status;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class DiscoveryServiceRegistryTest {
  private static final String NODE = "node-a";

  private static ServiceInstance instance(String id, String version, int weight) {
    return ServiceInstance.create(ServiceName.PRODUCT, id, version, weight, NODE);
  }

  @Test
  void publishedInstanceIsInTheDirectoryWithItsMetadataAndInDiscovery(Vertx vertx, VertxTestContext test) {
    DiscoveryServiceRegistry.start(vertx, ClusterMembership.standalone(NODE), 2_000, 60_000)
        .compose(registry -> registry.publish(instance("p1", "2.1.0", 30)).map(registry))
        .compose(registry -> {
          test.verify(() -> assertThat(registry.directory().instances(ServiceName.PRODUCT))
              .singleElement()
              .satisfies(i -> {
                assertThat(i.instanceId()).isEqualTo("p1");
                assertThat(i.version()).isEqualTo("2.1.0");
                assertThat(i.weight()).isEqualTo(30);
                assertThat(i.address()).isEqualTo("emporium.product.instance.p1");
              }));
          return ServiceDiscovery.create(vertx).getRecords(r -> "product".equals(r.getName()));
        })
        .onComplete(test.succeeding(records -> test.verify(() -> {
          assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.getStatus()).isEqualTo(Status.UP);
            assertThat(r.getMetadata().getString("instanceId")).isEqualTo("p1");
            assertThat(r.getMetadata().getString("nodeId")).isEqualTo(NODE);
          });
          test.completeNow();
        })));
  }

  /**
   * A re-read finds an instance in the view whose node is no member (its JVM left; the notice may still be on
   * its way): the instance is gone, not withdrawn, and its node's departure is told, so that calls in flight
   * there fail over at once instead of waiting for an answer.
   */
  @Test
  void aReReadTakesTheInstanceOfANodeThatIsNoMemberAsGone(Vertx vertx, VertxTestContext test) {
    java.util.List<String> removals = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.List<String> nodesLeft = new java.util.concurrent.CopyOnWriteArrayList<>();
    DiscoveryServiceRegistry.start(vertx, ClusterMembership.standalone(NODE), 2_000, 600_000)
        .compose(registry -> {
          ServiceDirectory directory = registry.directory();
          directory.upsert(ServiceInstance.create(ServiceName.PRODUCT, "elsewhere", "1.0.0", 100, "node-dead"));
          directory.onRemoved((instance, departure) -> removals.add(instance.instanceId() + " " + departure));
          directory.onNodeLeft(nodesLeft::add);
          return registry.resync().map(registry);
        })
        .onComplete(test.succeeding(registry -> test.verify(() -> {
          assertThat(registry.directory().instances(ServiceName.PRODUCT)).isEmpty();
          assertThat(removals).containsExactly("elsewhere GONE");
          assertThat(nodesLeft).containsExactly("node-dead");
          test.completeNow();
        })));
  }

  @Test
  void unpublishRemovesTheRecordAndTheInstance(Vertx vertx, VertxTestContext test) {
    ServiceInstance p1 = instance("p1", "1.0.0", 100);
    DiscoveryServiceRegistry.start(vertx, ClusterMembership.standalone(NODE), 2_000, 60_000)
        .compose(registry -> registry.publish(p1).compose(v -> registry.unpublish(p1)).map(registry))
        .compose(registry -> {
          test.verify(() -> assertThat(registry.directory().instances(ServiceName.PRODUCT)).isEmpty());
          return ServiceDiscovery.create(vertx).getRecords(r -> true);
        })
        .onComplete(test.succeeding(records -> test.verify(() -> {
          assertThat(records).isEmpty();
          test.completeNow();
        })));
  }

  @Test
  void anotherRegistryLearnsOfInstancesFromAnnouncementsWithoutQuerying(Vertx vertx, VertxTestContext test) {
    DiscoveryServiceRegistry.start(vertx, ClusterMembership.standalone(NODE), 2_000, 600_000)
        .compose(watcher -> DiscoveryServiceRegistry.start(vertx, ClusterMembership.standalone(NODE), 2_000, 600_000)
            .compose(publisher -> publisher.publish(instance("p9", "1.0.0", 100)))
            .map(watcher))
        .onComplete(test.succeeding(watcher -> vertx.setPeriodic(20, timer -> {
          if (!watcher.directory().instances(ServiceName.PRODUCT).isEmpty()) {
            vertx.cancelTimer(timer);
            test.verify(() -> assertThat(watcher.directory().instances(ServiceName.PRODUCT))
                .extracting(ServiceInstance::instanceId).containsExactly("p9"));
            test.completeNow();
          }
        })));
  }

  @Test
  void recordsOfANodeThatIsNotAMemberAreIgnoredAndRemoved(Vertx vertx, VertxTestContext test) {
    ServiceInstance ghost = ServiceInstance.create(ServiceName.PRODUCT, "ghost", "1.0.0", 100, "dead-node");
    // The record of a JVM that died without unpublishing, as Hazelcast keeps it.
    ServiceDiscovery.create(vertx).publish(DiscoveryServiceRegistry.toRecord(ghost))
        .compose(r -> DiscoveryServiceRegistry.start(vertx, ClusterMembership.standalone(NODE), 2_000, 60_000))
        .onComplete(test.succeeding(registry -> {
          test.verify(() -> assertThat(registry.directory().instances(ServiceName.PRODUCT)).isEmpty());
          vertx.setPeriodic(20, timer -> ServiceDiscovery.create(vertx).getRecords(r -> true).onSuccess(records -> {
            if (records.isEmpty()) {
              vertx.cancelTimer(timer);
              test.completeNow();
            }
          }));
        }));
  }

  @Test
  void aJvmCutOffFromTheClusterLeavesTheRecordsOfTheNodesItNoLongerSees(Vertx vertx, VertxTestContext test) {
    ServiceInstance healthy = ServiceInstance.create(ServiceName.PRODUCT, "healthy", "1.0.0", 100, "other-node");
    // a long re-read period: the test re-reads itself, once the registry is cut off and the record there
    DiscoveryServiceRegistry.start(vertx, ClusterMembership.standalone(NODE), 2_000, 600_000)
        .compose(registry -> {
          registry.removeOthersOnlyWhile(() -> false);
          return ServiceDiscovery.create(vertx).publish(DiscoveryServiceRegistry.toRecord(healthy))
              .compose(r -> registry.resync()).map(registry);
        })
        .compose(registry -> ServiceDiscovery.create(vertx).getRecords(r -> true)
            .map(records -> {
              test.verify(() -> assertThat(records).as("not this JVM's to remove").hasSize(1));
              return registry;
            }))
        .onComplete(test.succeeding(registry -> test.verify(() -> {
          // not in its view either: not a member as far as it can tell
          assertThat(registry.directory().instances(ServiceName.PRODUCT)).isEmpty();
          test.completeNow();
        })));
  }

  @Test
  void repairPublishesAgainTheRecordsOthersRemovedWhileThisJvmWasCutOffAndAnnouncesThem(Vertx vertx,
      VertxTestContext test) {
    ServiceInstance p1 = instance("p1", "1.0.0", 100);
    ServiceDiscovery other = ServiceDiscovery.create(vertx);
    DiscoveryServiceRegistry.start(vertx, ClusterMembership.standalone(NODE), 2_000, 600_000)
        .compose(watcher -> DiscoveryServiceRegistry.start(vertx, ClusterMembership.standalone(NODE), 2_000, 600_000)
            .compose(publisher -> publisher.publish(p1)
                // what the other JVMs do when they expel this one: its records go
                .compose(v -> other.getRecords(r -> true))
                .compose(records -> io.vertx.core.Future.all(records.stream()
                    .map(r -> other.unpublish(r.getRegistration())).toList()))
                .compose(v -> other.getRecords(r -> true))
                .compose(records -> {
                  test.verify(() -> assertThat(records).isEmpty());
                  // the watcher forgets it, as the others' views do
                  watcher.directory().remove("p1");
                  return publisher.repair();
                }))
            .compose(v -> other.getRecords(r -> true))
            .map(records -> {
              test.verify(() -> assertThat(records).singleElement().satisfies(r -> {
                assertThat(r.getStatus()).isEqualTo(Status.UP);
                assertThat(r.getMetadata().getString("instanceId")).isEqualTo("p1");
              }));
              return watcher;
            }))
        .onComplete(test.succeeding(watcher -> vertx.setPeriodic(20, timer -> {
          // announced again: the watcher has it back without a re-read
          if (!watcher.directory().instances(ServiceName.PRODUCT).isEmpty()) {
            vertx.cancelTimer(timer);
            test.verify(() -> assertThat(watcher.directory().instances(ServiceName.PRODUCT))
                .extracting(ServiceInstance::instanceId).containsExactly("p1"));
            test.completeNow();
          }
        })));
  }

  /** Members as a test sets them; {@link #leave} tells the listeners a node left, as Hazelcast does. */
  private static final class TestMembership implements ClusterMembership {
    final java.util.Set<String> members = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.List<java.util.function.Consumer<String>> left = new java.util.concurrent.CopyOnWriteArrayList<>();

    TestMembership(String... nodes) {
      members.addAll(java.util.List.of(nodes));
    }

    void leave(String nodeId) {
      left.forEach(listener -> listener.accept(nodeId));
    }

    @Override
    public String localNodeId() {
      return NODE;
    }

    @Override
    public boolean isMember(String nodeId) {
      return members.contains(nodeId);
    }

    @Override
    public void onNodeLeft(java.util.function.Consumer<String> listener) {
      left.add(listener);
    }
  }

  @Test
  void theRecordsOfANodeThatLeftAndIsBackBeforeTheirRemovalStay(Vertx vertx, VertxTestContext test) {
    // What a JVM thawed after a pause sees: every other node leaves, and a fast merge brings them back within
    // the removal delay. Their records are live: removing them took a healthy instance out of every view.
    ServiceInstance healthy = ServiceInstance.create(ServiceName.PRODUCT, "healthy", "1.0.0", 100, "node-b");
    TestMembership membership = new TestMembership(NODE, "node-b");
    ServiceDiscovery other = ServiceDiscovery.create(vertx);
    other.publish(DiscoveryServiceRegistry.toRecord(healthy))
        .compose(r -> DiscoveryServiceRegistry.start(vertx, membership, 2_000, 600_000))
        .onComplete(test.succeeding(registry -> {
          membership.members.remove("node-b");
          membership.leave("node-b");
          membership.members.add("node-b");
          vertx.setTimer(DiscoveryServiceRegistry.STALE_REMOVAL_DELAY_MS + 1_000, id -> other.getRecords(r -> true)
              .onComplete(test.succeeding(records -> test.verify(() -> {
                assertThat(records).extracting(r -> r.getMetadata().getString("instanceId")).containsExactly("healthy");
                test.completeNow();
              }))));
        }));
  }

  @Test
  void ownRecordsThatAnotherJvmRemovedArePublishedAgainAtTheNextReRead(Vertx vertx, VertxTestContext test) {
    ServiceInstance p1 = instance("p1", "1.0.0", 100);
    ServiceDiscovery other = ServiceDiscovery.create(vertx);
    DiscoveryServiceRegistry.start(vertx, ClusterMembership.standalone(NODE), 2_000, 600_000)
        .compose(registry -> registry.publish(p1)
            // another JVM took this one for gone and removed its record
            .compose(v -> other.getRecords(r -> true))
            .compose(records -> io.vertx.core.Future.all(records.stream()
                .map(r -> other.unpublish(r.getRegistration())).toList()))
            .compose(v -> registry.resync()))
        .onComplete(test.succeeding(v -> {
          long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
          vertx.setPeriodic(50, timer -> other.getRecords(r -> true).onSuccess(records -> {
            if (!records.isEmpty()) {
              vertx.cancelTimer(timer);
              test.verify(() -> assertThat(records).singleElement()
                  .satisfies(r -> assertThat(r.getMetadata().getString("instanceId")).isEqualTo("p1")));
              test.completeNow();
            } else if (System.nanoTime() > deadline) {
              vertx.cancelTimer(timer);
              test.failNow("the record was not published again within 5 s of the re-read");
            }
          }));
        }));
  }

  @Test
  void aPublishWhoseFirstWriteIsLateIsWrittenAgainAndLeavesOneRecord(Vertx vertx, VertxTestContext test) {
    ServiceDiscovery real = ServiceDiscovery.create(vertx);
    // The first write lands 600 ms late, past the 200 ms bound: the retry and the late write are one record.
    AtomicInteger writes = new AtomicInteger();
    ServiceDiscovery slowFirstWrite = withUpdates(real, record -> writes.incrementAndGet() == 1
        ? delayed(vertx, 600, () -> real.update(record))
        : real.update(record));
    DiscoveryServiceRegistry.start(vertx, ClusterMembership.standalone(NODE), 200, 600_000, slowFirstWrite)
        .compose(registry -> registry.publish(instance("p1", "1.0.0", 100)).map(registry))
        .compose(registry -> {
          test.verify(() -> assertThat(registry.directory().instances(ServiceName.PRODUCT)).hasSize(1));
          return delayed(vertx, 800, () -> real.getRecords(r -> true));
        })
        .onComplete(test.succeeding(records -> test.verify(() -> {
          assertThat(writes).hasValue(2);
          assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.getStatus()).isEqualTo(Status.UP);
            assertThat(r.getMetadata().getString("instanceId")).isEqualTo("p1");
          });
          test.completeNow();
        })));
  }

  @Test
  void aPublishWhoseWritesNeverCompleteFailsWithATimeoutAfterItsAttempts(Vertx vertx, VertxTestContext test) {
    ServiceDiscovery real = ServiceDiscovery.create(vertx);
    AtomicInteger writes = new AtomicInteger();
    ServiceDiscovery stuck = withUpdates(real, record -> {
      writes.incrementAndGet();
      return Promise.<Record>promise().future();
    });
    long started = System.nanoTime();
    DiscoveryServiceRegistry.start(vertx, ClusterMembership.standalone(NODE), 100, 600_000, stuck)
        .compose(registry -> registry.publish(instance("p1", "1.0.0", 100)).map(registry)
            .recover(failure -> {
              test.verify(() -> {
                assertThat(failure.getMessage()).contains("discovery publish did not complete within 100 ms");
                assertThat(registry.directory().instances(ServiceName.PRODUCT)).isEmpty();
              });
              return Future.succeededFuture(null);
            }))
        .onComplete(test.succeeding(failedAsExpected -> test.verify(() -> {
          assertThat(failedAsExpected).as("publish failed").isNull();
          assertThat(writes).hasValue(DiscoveryServiceRegistry.PUBLISH_ATTEMPTS);
          assertThat(Duration.ofNanos(System.nanoTime() - started))
              .isGreaterThanOrEqualTo(Duration.ofMillis(100L * DiscoveryServiceRegistry.PUBLISH_ATTEMPTS));
          test.completeNow();
        })));
  }

  /** The real discovery, with its {@code update} (the registry's writes) replaced. */
  private static ServiceDiscovery withUpdates(ServiceDiscovery real,
      Function<Record,
          Future<Record>> update) {
    return (ServiceDiscovery) Proxy.newProxyInstance(ServiceDiscovery.class.getClassLoader(),
        new Class<?>[] {ServiceDiscovery.class}, (proxy, method, args) -> {
          if (method.getName().equals("update") && args != null && args.length == 1) {
            return update.apply((Record) args[0]);
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private static <T> Future<T> delayed(Vertx vertx, long ms,
      Supplier<Future<T>> then) {
    Promise<T> promise = Promise.promise();
    vertx.setTimer(ms, id -> then.get().onComplete(promise));
    return promise.future();
  }
}
