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

  /**
   * After this JVM rejoined the cluster (a Hazelcast merge): publishes its own records again, since the
   * others removed them when it was expelled and a merge keeps only some entries of the smaller side,
   * and re-reads everyone's (its view lost every instance of the members it was cut off from). Bounded;
   * fails when the registry cannot be written in time.
   */
  Future<Void> repair();

  /** The live view of every service's instances, kept current from announcements. */
  ServiceDirectory directory();

  Future<Void> close();
}
