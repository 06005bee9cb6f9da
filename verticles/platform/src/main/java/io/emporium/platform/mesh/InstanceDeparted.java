package io.emporium.platform.mesh;

/**
 * The instance a call was sent to left the view (its JVM left the cluster, or its address lost its
 * consumer) while the call was in flight: no answer will come, so the call stops waiting at once. It
 * may have been delivered before the instance died, so only idempotent actions are retried.
 */
final class InstanceDeparted extends RuntimeException {
  private final boolean sent;

  /** @param sent false when the call was refused before anything was sent (then any call may go elsewhere) */
  InstanceDeparted(String instanceId, boolean sent) {
    super("instance " + instanceId + (sent ? " left while the call was in flight" : " has left"), null, false, false);
    this.sent = sent;
  }

  boolean sent() {
    return sent;
  }
}
