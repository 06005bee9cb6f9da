package io.emporium.platform.mesh;

/**
 * The instance a call was sent to left the view (its JVM left the cluster, or its address lost its
 * consumer) while the call was in flight: no answer will come, so the call stops waiting at once. It
 * may have been delivered before the instance died, so only idempotent actions are retried.
 */
final class InstanceDeparted extends RuntimeException {
  InstanceDeparted(String instanceId) {
    super("instance " + instanceId + " left while the call was in flight", null, false, false);
  }
}
