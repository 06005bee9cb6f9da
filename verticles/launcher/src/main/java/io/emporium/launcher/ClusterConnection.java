package io.emporium.launcher;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleListener;
import io.emporium.platform.cluster.CutOffDetector;
import io.emporium.platform.cluster.CutOffDetector.Change;
import io.emporium.platform.cluster.CutOffDetector.Peer;
import io.emporium.platform.cluster.PauseWatch;
import io.emporium.platform.config.Role;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this JVM is still part of the cluster the others see. Hazelcast expels a JVM that paused
 * (SIGSTOP, a long GC, a VM migration) and the JVM then goes on as a cluster of its own, alive and
 * serving nobody. This watches the members (Hazelcast's membership and lifecycle events, and a check each
 * second), decides with {@link CutOffDetector} whether the JVM is cut off, and tells whoever repairs
 * ({@link MergeRepair}) when it is cut off and when it is back: after Hazelcast's split-brain merge
 * (lifecycle MERGED, fast with the merge delays of {@code cluster-config/}) or when members return.
 *
 * <p>Each Emporium member carries its roles in the member attribute {@value #ROLES_ATTRIBUTE} (set by
 * {@link ClusterBootstrap}); members without it (programs outside Emporium) are not counted. A JVM that
 * stops on purpose says goodbye first ({@link #sayGoodbye()}), so that its departure cuts nobody off.
 */
final class ClusterConnection implements MembershipListener, LifecycleListener {
  static final String ROLES_ATTRIBUTE = "emporium.roles";
  static final String GOODBYE_ADDRESS = "emporium.cluster.goodbye";
  /** How often the members are read even without an event (events can be lost in a merge). */
  private static final long CHECK_MS = 1_000;
  /**
   * How long a member that left without a goodbye counts toward a split: the members of the other side
   * of a split all go within Hazelcast's heartbeat limit (4 s on loopback, 10 s on a network).
   */
  private static final long FORGET_LOST_MS = 30_000;
  private static final Logger LOG = LoggerFactory.getLogger(ClusterConnection.class);

  private final Vertx vertx;
  private final HazelcastInstance hazelcast;
  private final String localNodeId;
  private final long boundMs;
  private final CutOffDetector detector;
  private final PauseWatch pauseWatch;
  private final List<Runnable> cutOffListeners = new CopyOnWriteArrayList<>();
  private final List<Runnable> rejoinListeners = new CopyOnWriteArrayList<>();
  private final LongAdder rejoins = new LongAdder();
  private final LongAdder cutOffs = new LongAdder();
  private volatile boolean connected = true;
  private volatile boolean live = true;
  /**
   * Between Hazelcast's MERGING and MERGED (or MERGE_FAILED): the members are back before the merge is over,
   * and a call sent then was seen lost (a read through a gateway that had just said ready waited out its
   * whole 5 s deadline). Not connected, so not ready, until the merge is done.
   */
  private volatile boolean merging;
  private boolean reportedNotLive;
  private long timer = -1;
  private MessageConsumer<String> goodbyes;
  private UUID membershipRegistration;
  private UUID lifecycleRegistration;

  private ClusterConnection(Vertx vertx, HazelcastInstance hazelcast, String localNodeId, boolean gateway,
      long boundMs, PauseWatch pauseWatch) {
    this.vertx = vertx;
    this.hazelcast = hazelcast;
    this.localNodeId = localNodeId;
    this.boundMs = boundMs;
    this.detector = new CutOffDetector(gateway, boundMs, FORGET_LOST_MS);
    this.pauseWatch = pauseWatch;
  }

  /** The roles as the member attribute carries them. */
  static String rolesAttribute(Set<Role> roles) {
    return roles.stream().map(Role::wireName).sorted().collect(Collectors.joining(","));
  }

  /** Starts watching: listeners, the goodbye consumer, the check each second. */
  static Future<ClusterConnection> start(Vertx vertx, HazelcastInstance hazelcast, String localNodeId,
      Set<Role> roles, long boundMs) {
    ClusterConnection connection = new ClusterConnection(vertx, hazelcast, localNodeId, roles.contains(Role.GATEWAY),
        boundMs, PauseWatch.start());
    connection.goodbyes = vertx.eventBus().consumer(GOODBYE_ADDRESS, message -> connection.goodbye(message.body()));
    return connection.goodbyes.completion().map(v -> {
      connection.membershipRegistration = hazelcast.getCluster().addMembershipListener(connection);
      connection.lifecycleRegistration = hazelcast.getLifecycleService().addLifecycleListener(connection);
      connection.evaluate();
      connection.timer = vertx.setPeriodic(CHECK_MS, id -> connection.evaluate());
      return connection;
    });
  }

  /** Called (on any thread, keep it short) each time this JVM finds itself cut off. */
  void onCutOff(Runnable listener) {
    cutOffListeners.add(listener);
  }

  /** Called (on any thread, keep it short) each time this JVM is back: members returned, or a merge ended. */
  void onRejoined(Runnable listener) {
    rejoinListeners.add(listener);
  }

  /** Not cut off: the readiness condition {@code cluster-connected}. */
  boolean connected() {
    return connected;
  }

  /**
   * Whether this JVM may remove the discovery records of nodes it sees leave: only while it is not cut off,
   * and not in the first {@value PauseWatch#GRACE_MS} ms after it stood still ({@link PauseWatch}). A JVM
   * thawed after a pause sees every other member leave (its view of their heartbeats is stale) before it
   * knows it is the one that was away; the healthy JVMs' records are not its to remove.
   */
  boolean mayRemoveOthersRecords() {
    return connected && !pauseWatch.inGrace();
  }

  /** Not cut off for longer than {@code cluster.rejoin-bound-ms}: the liveness condition. */
  boolean live() {
    return live;
  }

  long rejoins() {
    return rejoins.sum();
  }

  long cutOffs() {
    return cutOffs.sum();
  }

  /** Tells every other JVM that this one leaves on purpose (a graceful stop): its departure is no loss. */
  void sayGoodbye() {
    vertx.eventBus().publish(GOODBYE_ADDRESS, localNodeId);
  }

  Future<Void> close() {
    pauseWatch.close();
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    try {
      if (membershipRegistration != null) {
        hazelcast.getCluster().removeMembershipListener(membershipRegistration);
      }
      if (lifecycleRegistration != null) {
        hazelcast.getLifecycleService().removeLifecycleListener(lifecycleRegistration);
      }
    } catch (RuntimeException alreadyDown) {
      LOG.debug("Hazelcast already stopped: {}", alreadyDown.getMessage());
    }
    return goodbyes == null ? Future.succeededFuture() : goodbyes.unregister();
  }

  private synchronized void goodbye(String nodeId) {
    if (nodeId != null && !nodeId.equals(localNodeId)) {
      detector.goodbye(nodeId);
      evaluate();
    }
  }

  @Override
  public void memberAdded(MembershipEvent event) {
    evaluate();
  }

  @Override
  public void memberRemoved(MembershipEvent event) {
    evaluate();
  }

  @Override
  public void stateChanged(LifecycleEvent event) {
    switch (event.getState()) {
      case MERGING -> mergeStarted();
      case MERGE_FAILED -> mergeFailed();
      case MERGED -> merged();
      default -> {
        // starting, started, shutting down: nothing to decide
      }
    }
  }

  private synchronized void mergeStarted() {
    LOG.warn("Hazelcast split-brain merge: this JVM joins the larger cluster; not ready until the merge is done");
    merging = true;
    connected = false;
  }

  private synchronized void mergeFailed() {
    LOG.warn("Hazelcast split-brain merge failed; it is tried again");
    merging = false;
    evaluate();
  }

  /** A merge means this JVM was on the smaller side of a split, whatever it noticed before: repair. */
  private synchronized void merged() {
    merging = false;
    if (evaluate() != Change.REJOINED) {
      LOG.info("Hazelcast merge done: rejoined the cluster ({} members)", memberCount());
      rejoined();
    }
  }

  private synchronized Change evaluate() {
    long now = System.nanoTime();
    Set<Peer> others;
    try {
      others = others();
    } catch (RuntimeException notRunning) {
      // during a merge or a shutdown the member list may be unavailable for a moment
      LOG.debug("members unavailable: {}", notRunning.getMessage());
      return Change.NONE;
    }
    Change change = detector.observe(others, now);
    connected = !detector.cutOff() && !merging;
    if (change == Change.CUT_OFF) {
      cutOffs.increment();
      LOG.warn("cut off from the cluster ({}): not ready until it rejoins; not live after {} ms"
          + " (cluster.rejoin-bound-ms)", detector.reason(), boundMs);
      cutOffListeners.forEach(ClusterConnection::runQuietly);
    } else if (change == Change.REJOINED) {
      LOG.info("rejoined the cluster ({} other members)", others.size());
      reportedNotLive = false;
      rejoined();
    }
    live = detector.live(now);
    if (!live && !reportedNotLive) {
      reportedNotLive = true;
      LOG.error("cut off from the cluster for more than {} ms (cluster.rejoin-bound-ms): not live, to be replaced",
          boundMs);
    }
    return change;
  }

  private void rejoined() {
    rejoins.increment();
    rejoinListeners.forEach(ClusterConnection::runQuietly);
  }

  private Set<Peer> others() {
    Set<Peer> others = new HashSet<>();
    for (Member member : hazelcast.getCluster().getMembers()) {
      String nodeId = member.getAttribute(HazelcastMembership.VERTX_NODE_ID);
      String roles = member.getAttribute(ROLES_ATTRIBUTE);
      if (nodeId != null && roles != null && !nodeId.equals(localNodeId)) {
        others.add(new Peer(nodeId, List.of(roles.split(",")).contains(Role.GATEWAY.wireName())));
      }
    }
    return others;
  }

  private int memberCount() {
    try {
      return hazelcast.getCluster().getMembers().size();
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private static void runQuietly(Runnable listener) {
    try {
      listener.run();
    } catch (RuntimeException e) {
      LOG.warn("a cluster connection listener failed", e);
    }
  }
}
