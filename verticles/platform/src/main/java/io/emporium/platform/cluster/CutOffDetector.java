package io.emporium.platform.cluster;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Decides, from the Emporium members this JVM sees, whether it is cut off from the cluster: plain
 * logic, fed by {@code ClusterConnection} (Hazelcast) and by tests, never blocking, not thread-safe
 * (one caller at a time).
 *
 * <p>Cut off means one of:
 * <ul>
 *   <li><b>alone when it was not</b>: no other Emporium member is left, and at least one of those it
 *       had left without saying goodbye (a JVM expelled after a pause sees every other member leave);
 *   <li><b>split from the gateways</b> (a JVM that runs no gateway): no gateway member is left, a gateway
 *       left without a goodbye, and so did another JVM that runs no gateway. A lone gateway JVM that
 *       paused or crashed takes only itself away; the services that stay together are not cut off.
 * </ul>
 * A member that says goodbye (a graceful stop) never counts. A member that left without one is
 * remembered for {@code forgetAfterNanos} while this JVM is connected (a crashed JVM does not come
 * back), and for as long as it is cut off. Whatever holds, a cut-off that lasts longer than the
 * rejoin bound makes the JVM not live.
 */
public final class CutOffDetector {
  /** An Emporium member other than this JVM, by its Vert.x node id (stable across a Hazelcast merge). */
  public record Peer(String nodeId, boolean gateway) {}

  /** What an observation changed. */
  public enum Change { NONE, CUT_OFF, REJOINED }

  private final boolean localGateway;
  private final long boundNanos;
  private final long forgetAfterNanos;
  private Map<String, Peer> lastSeen = Map.of();
  /** Members that left without a goodbye, and when (monotonic nanos). */
  private final Map<String, Lost> lost = new HashMap<>();
  private final Set<String> saidGoodbye = new HashSet<>();
  private long cutOffSinceNanos = -1;
  private String reason = "";

  private record Lost(Peer peer, long atNanos) {}

  /**
   * @param localGateway whether this JVM runs a gateway (then it is never split from the gateways)
   * @param boundMs how long a cut-off may last before the JVM reports not live
   * @param forgetAfterMs how long a member that left without a goodbye counts as lost while connected
   */
  public CutOffDetector(boolean localGateway, long boundMs, long forgetAfterMs) {
    this.localGateway = localGateway;
    this.boundNanos = TimeUnit.MILLISECONDS.toNanos(boundMs);
    this.forgetAfterNanos = TimeUnit.MILLISECONDS.toNanos(forgetAfterMs);
  }

  /** The member is leaving on purpose (it said so before leaving): its departure is no loss. */
  public void goodbye(String nodeId) {
    saidGoodbye.add(nodeId);
    lost.remove(nodeId);
  }

  /** Compares the members seen now (other than this JVM) with those seen last time. */
  public Change observe(Set<Peer> others, long nowNanos) {
    Map<String, Peer> now = new HashMap<>();
    others.forEach(peer -> now.put(peer.nodeId(), peer));
    for (Peer gone : lastSeen.values()) {
      if (!now.containsKey(gone.nodeId()) && !saidGoodbye.remove(gone.nodeId())) {
        lost.put(gone.nodeId(), new Lost(gone, nowNanos));
      }
    }
    now.keySet().forEach(lost::remove);
    // a goodbye from a member that is still listed (it leaves soon) is kept until it is gone
    saidGoodbye.retainAll(now.keySet());
    lastSeen = now;
    if (cutOffSinceNanos < 0) {
      lost.values().removeIf(l -> nowNanos - l.atNanos() > forgetAfterNanos);
    }
    String why = cutOffReason(now);
    boolean wasCutOff = cutOffSinceNanos >= 0;
    if (why != null && !wasCutOff) {
      cutOffSinceNanos = nowNanos;
      reason = why;
      return Change.CUT_OFF;
    }
    if (why == null && wasCutOff) {
      cutOffSinceNanos = -1;
      reason = "";
      // who left without a goodbye and is back, is back; who is still away no longer counts
      lost.clear();
      return Change.REJOINED;
    }
    return Change.NONE;
  }

  private String cutOffReason(Map<String, Peer> now) {
    if (lost.isEmpty()) {
      return null;
    }
    if (now.isEmpty()) {
      return "alone: every other member left without a goodbye";
    }
    boolean gatewayLeft = now.values().stream().noneMatch(Peer::gateway);
    boolean lostGateway = lost.values().stream().anyMatch(l -> l.peer().gateway());
    boolean lostOther = lost.values().stream().anyMatch(l -> !l.peer().gateway());
    if (!localGateway && gatewayLeft && lostGateway && lostOther) {
      return "split from the gateways: every gateway member left, with other members, without a goodbye";
    }
    return null;
  }

  public boolean cutOff() {
    return cutOffSinceNanos >= 0;
  }

  /** Why it is cut off, or empty. */
  public String reason() {
    return reason;
  }

  /** How long it has been cut off, 0 when connected. */
  public long cutOffMillis(long nowNanos) {
    return cutOffSinceNanos < 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(nowNanos - cutOffSinceNanos);
  }

  /** False once a cut-off has lasted longer than the rejoin bound: the JVM should be replaced. */
  public boolean live(long nowNanos) {
    return cutOffSinceNanos < 0 || nowNanos - cutOffSinceNanos <= boundNanos;
  }
}
