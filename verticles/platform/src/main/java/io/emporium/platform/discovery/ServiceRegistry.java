package io.emporium.platform.discovery;

import io.vertx.core.Future;

/**
 * Where instances announce themselves. Kept behind this interface because vertx-service-discovery is
 * deprecated in Vert.x 5; a later switch touches only the implementation.
 */
public interface ServiceRegistry {

  Future<Void> publish(ServiceInstance instance);

  /** Removes the instance's record; succeeds when it was already gone. */
  Future<Void> unpublish(ServiceInstance instance);

  /** The live view of every service's instances, kept current from announcements. */
  ServiceDirectory directory();

  Future<Void> close();
}
