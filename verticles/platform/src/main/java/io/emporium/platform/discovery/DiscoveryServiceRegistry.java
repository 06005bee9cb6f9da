package io.emporium.platform.discovery;

import io.emporium.contract.ServiceName;
import io.emporium.platform.async.Deadlines;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import io.vertx.servicediscovery.ServiceDiscoveryOptions;
import io.vertx.servicediscovery.Status;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ServiceRegistry} on vertx-service-discovery. In clustered mode its records live in a
 * cluster-wide map and announcements are published on the clustered bus.
 *
 * <p>Discovery has no heartbeat: the records of a JVM that dies stay. So the directory keeps a record
 * only while its node is a cluster member, and whoever sees a node leave removes that node's records.
 * The registry is read in full at start and every {@code resyncMs} (bounded by a timeout, since
 * cluster map reads block while a frozen member is still listed), never on the request path.
 */
public final class DiscoveryServiceRegistry implements ServiceRegistry {
  static final String RECORD_TYPE = "emporium-bus-service";
  /**
   * How long after a node joins the registry is re-read: a new node announces its records, but one that
   * rejoins after a split-brain merge republishes them while the bus is still settling, and its
   * announcements were seen to be lost (the instance then came back only with the periodic re-read).
   */
  static final long NODE_ADDED_RESYNC_MS = 2_000;
  /**
   * How long after a node left its records are removed from the registry. A JVM that resumes after a
   * pause sees every other node leave; until it knows it is the one cut off (within a second), its
   * removals and their announcements would reach the healthy JVMs and make their gateways drop healthy
   * instances (measured: 1,232 reads answered 503 in 2.5 s). Every JVM removes a dead node's records, so
   * one that skips it loses nothing.
   */
  static final long STALE_REMOVAL_DELAY_MS = 2_000;
  /**
   * Writes of a record before its publication fails. A JVM that has just joined the cluster makes its first
   * cluster-map write while the partitions move to it, and that write was seen to take more than the 5 s
   * bound once (the JVM then failed to start); the record's registration is chosen before the first write, so
   * a write that times out but lands later and its retry are the same record.
   */
  static final int PUBLISH_ATTEMPTS = 3;
  private static final Logger LOG = LoggerFactory.getLogger(DiscoveryServiceRegistry.class);

  private final Vertx vertx;
  private final ServiceDiscovery discovery;
  private final ClusterMembership membership;
  private final ServiceDirectory directory = new ServiceDirectory();
  private final Map<String, Published> published = new ConcurrentHashMap<>();
  private final long timeoutMs;
  private MessageConsumer<JsonObject> announcements;
  private long resyncTimer = -1;
  private volatile java.util.function.BooleanSupplier connected = () -> true;

  private DiscoveryServiceRegistry(Vertx vertx, ClusterMembership membership, long timeoutMs,
      ServiceDiscovery discovery) {
    this.vertx = vertx;
    this.membership = membership;
    this.timeoutMs = timeoutMs;
    this.discovery = discovery;
  }

  /** Creates the registry and reads the current records once. */
  public static Future<DiscoveryServiceRegistry> start(Vertx vertx, ClusterMembership membership, long timeoutMs,
      long resyncMs) {
    return start(vertx, membership, timeoutMs, resyncMs, ServiceDiscovery.create(vertx, new ServiceDiscoveryOptions()));
  }

  /** As {@link #start(Vertx, ClusterMembership, long, long)}, over this discovery (tests slow its writes). */
  static Future<DiscoveryServiceRegistry> start(Vertx vertx, ClusterMembership membership, long timeoutMs,
      long resyncMs, ServiceDiscovery discovery) {
    DiscoveryServiceRegistry registry = new DiscoveryServiceRegistry(vertx, membership, timeoutMs, discovery);
    return registry.listen().compose(v -> registry.resync()).map(v -> {
      registry.resyncTimer = vertx.setPeriodic(resyncMs, id -> registry.resync());
      membership.onNodeLeft(registry::nodeLeft);
      membership.onNodeAdded(node -> vertx.setTimer(NODE_ADDED_RESYNC_MS, id -> registry.resync()));
      return registry;
    });
  }

  /**
   * Removes other nodes' records (of nodes that left) only while {@code connected} holds: a JVM cut off
   * from the cluster, or thawed after a pause and not yet sure of it, sees the healthy ones leave, and must
   * not withdraw their records.
   */
  public void removeOthersOnlyWhile(java.util.function.BooleanSupplier connected) {
    this.connected = connected;
  }

  @Override
  public ServiceDirectory directory() {
    return directory;
  }

  @Override
  public Future<Void> publish(ServiceInstance instance) {
    // Written as an update under a registration chosen here (discovery's publish lets the store choose it, so a
    // retry after a timed-out write could leave two records of one instance).
    String registration = UUID.randomUUID().toString();
    Record record = toRecord(instance).setRegistration(registration).setStatus(Status.UP);
    return write(record, PUBLISH_ATTEMPTS).map(written -> {
      published.put(instance.instanceId(), new Published(instance, registration));
      directory.upsert(instance);
      return null;
    });
  }

  private Future<Record> write(Record record, int attemptsLeft) {
    return Deadlines.within(vertx, discovery.update(record), timeoutMs, "discovery publish").recover(failure -> {
      if (attemptsLeft <= 1) {
        return Future.failedFuture(failure);
      }
      LOG.warn("discovery record {} not written yet ({}); writing it again", record.getRegistration(),
          failure.getMessage());
      return write(record, attemptsLeft - 1);
    });
  }

  @Override
  public Future<Void> unpublish(ServiceInstance instance) {
    directory.remove(instance.instanceId());
    Published mine = published.remove(instance.instanceId());
    if (mine == null) {
      return Future.succeededFuture();
    }
    return Deadlines.within(vertx, discovery.unpublish(mine.registration()), timeoutMs, "discovery unpublish");
  }

  /**
   * Writes each of this JVM's records again under its registration (an update: the same record whether
   * the merge kept it or not) and announces it, then re-reads the registry.
   */
  @Override
  public Future<Void> repair() {
    List<Future<Record>> updates = published.values().stream().map(mine -> Deadlines.within(vertx,
        discovery.update(toRecord(mine.instance()).setRegistration(mine.registration()).setStatus(Status.UP)),
        timeoutMs, "discovery republish")).toList();
    return Future.all(updates).compose(v -> {
      LOG.info("republished {} discovery record(s) of this JVM after rejoining the cluster", updates.size());
      return resync();
    });
  }

  @Override
  public Future<Void> close() {
    if (resyncTimer >= 0) {
      vertx.cancelTimer(resyncTimer);
    }
    Future<Void> unregistered = announcements == null ? Future.succeededFuture() : announcements.unregister();
    return unregistered.eventually(() -> {
      discovery.close();
      return Future.succeededFuture();
    });
  }

  private Future<Void> listen() {
    announcements = vertx.eventBus().consumer(discovery.options().getAnnounceAddress(), message -> {
      Record record = new Record(message.body());
      fromRecord(record).ifPresent(instance -> {
        if (record.getStatus() == Status.UP && membership.isMember(instance.nodeId())) {
          directory.upsert(instance);
        } else if (record.getStatus() != Status.UP) {
          // Withdrawn, as far as this JVM can tell: when another JVM removed the records of a dead node,
          // the calls in flight there fail over as soon as this JVM sees the node leave (onNodeLeft).
          directory.remove(instance.instanceId());
        }
      });
    });
    return announcements.completion();
  }

  /** Re-reads every record; keeps the old view when the registry does not answer in time. */
  Future<Void> resync() {
    Future<List<Record>> records = Deadlines.within(vertx,
        discovery.getRecords(r -> RECORD_TYPE.equals(r.getType())), timeoutMs, "discovery read");
    return records.map(list -> {
      List<ServiceInstance> live = list.stream()
          .filter(r -> r.getStatus() == Status.UP)
          .map(DiscoveryServiceRegistry::fromRecord).flatMap(Optional::stream)
          .filter(i -> membership.isMember(i.nodeId()))
          .toList();
      // Instances in the view whose node is no member any more: their JVM left (its notice may still be on its
      // way), so they are gone, not withdrawn, and the calls in flight there fail over now.
      directory.nodes().stream()
          .filter(node -> !node.equals(membership.localNodeId()) && !membership.isMember(node))
          .forEach(directory::removeNode);
      // This JVM's own instances are alive by definition, even if the read began before they were published.
      List<ServiceInstance> mine = published.values().stream().map(Published::instance).toList();
      directory.replaceAll(java.util.stream.Stream.concat(
          live.stream().filter(i -> !published.containsKey(i.instanceId())), mine.stream()).toList());
      if (connected.getAsBoolean()) {
        list.stream().filter(r -> fromRecord(r).map(i -> !membership.isMember(i.nodeId())).orElse(false))
            .forEach(this::removeStale);
      }
      republishMissing(list);
      return (Void) null;
    }).recover(e -> {
      LOG.warn("discovery resync skipped: {}", e.getMessage());
      return Future.succeededFuture();
    });
  }

  /**
   * This JVM's records that a re-read did not find are written again: whoever removed them (a JVM that took
   * this one for gone) was wrong while this JVM re-reads, and without them no other JVM would call it again.
   */
  private void republishMissing(List<Record> records) {
    Set<String> present = records.stream().filter(r -> r.getStatus() == Status.UP).map(Record::getRegistration)
        .collect(Collectors.toSet());
    published.values().stream().filter(mine -> !present.contains(mine.registration())).forEach(mine ->
        Deadlines.within(vertx, discovery.update(toRecord(mine.instance()).setRegistration(mine.registration())
            .setStatus(Status.UP)), timeoutMs, "discovery republish").onSuccess(r -> {
              LOG.info("republished discovery record {}: a re-read did not find it", mine.instance().instanceId());
              // unpublished meanwhile (a graceful stop): the update must not outlive the withdrawal
              if (!published.containsKey(mine.instance().instanceId())) {
                discovery.unpublish(mine.registration());
              }
            }).onFailure(e -> LOG.warn("discovery record {} not republished: {}", mine.instance().instanceId(),
                e.getMessage())));
  }

  private void nodeLeft(String nodeId) {
    List<ServiceInstance> gone = directory.removeNode(nodeId);
    if (!gone.isEmpty()) {
      LOG.info("node {} left the cluster; dropped {} instance(s): {}", nodeId, gone.size(),
          gone.stream().map(ServiceInstance::instanceId).toList());
    }
    // Several JVMs may race to remove the same records; losing that race is harmless.
    vertx.setTimer(STALE_REMOVAL_DELAY_MS, id -> {
      if (!connected.getAsBoolean()) {
        LOG.info("node {} left, but this JVM is cut off from the cluster or just back from a pause: its records are"
            + " left to the others", nodeId);
        return;
      }
      // A JVM thawed after a pause sees every other node leave, and a fast merge (seen 1.5 s after SIGCONT)
      // brings them back before this delay ends: their records are live again, not stale.
      if (membership.isMember(nodeId)) {
        LOG.info("node {} left and is a member again: its records stay", nodeId);
        return;
      }
      Deadlines.within(vertx, discovery.getRecords(r -> RECORD_TYPE.equals(r.getType())
              && nodeId.equals(r.getMetadata().getString("nodeId"))), timeoutMs, "discovery read")
          .onSuccess(records -> records.forEach(this::removeStale));
    });
  }

  private void removeStale(Record record) {
    // Checked again at the last moment: the read above may have waited while the node came back.
    if (fromRecord(record).map(i -> membership.isMember(i.nodeId())).orElse(false)) {
      return;
    }
    discovery.unpublish(record.getRegistration())
        .onSuccess(v -> LOG.info("removed stale discovery record {} of node {}", record.getMetadata().getString("instanceId"),
            record.getMetadata().getString("nodeId")));
  }

  private record Published(ServiceInstance instance, String registration) {}

  static Record toRecord(ServiceInstance instance) {
    return new Record()
        .setName(instance.service().wireName())
        .setType(RECORD_TYPE)
        .setLocation(new JsonObject().put(Record.ENDPOINT, instance.address()))
        .setMetadata(new JsonObject()
            .put("instanceId", instance.instanceId())
            .put("version", instance.version())
            .put("weight", instance.weight())
            .put("nodeId", instance.nodeId())
            .put("labels", instance.labels().copy()));
  }

  static Optional<ServiceInstance> fromRecord(Record record) {
    if (!RECORD_TYPE.equals(record.getType()) || record.getLocation() == null || record.getMetadata() == null) {
      return Optional.empty();
    }
    JsonObject meta = record.getMetadata();
    try {
      return ServiceName.fromWire(record.getName()).map(service -> new ServiceInstance(service,
          Objects.requireNonNull(meta.getString("instanceId")),
          Objects.requireNonNull(record.getLocation().getString(Record.ENDPOINT)),
          meta.getString("version", "unknown"),
          meta.getInteger("weight", 1),
          Objects.requireNonNull(meta.getString("nodeId")),
          meta.getJsonObject("labels", new JsonObject())));
    } catch (RuntimeException malformed) {
      LOG.warn("ignoring malformed discovery record {}", record.getRegistration());
      return Optional.empty();
    }
  }
}
