package io.emporium.contract;

/**
 * Every event-bus address of the system. Each service instance consumes on the service's shared
 * address and on its own instance address; callers that pick an instance (the mesh) use the latter.
 */
public final class Addresses {
  private static final String ROOT = "emporium.";

  private Addresses() {}

  /** Any instance of the service answers (the bus picks one round-robin). */
  public static String shared(ServiceName service) {
    return ROOT + service.wireName();
  }

  /** Exactly one instance answers. */
  public static String instance(ServiceName service, String instanceId) {
    return ROOT + service.wireName() + ".instance." + instanceId;
  }

  /**
   * Notifications (emails) to deliver: the outbox relay sends each event here with request/ack and
   * retries until one consumer acknowledges it; the notifications verticles of the user role consume.
   */
  public static String notifications() {
    return ROOT + "notifications";
  }

  /** Domain events are published (not sent) here, e.g. {@code emporium.events.product.updated}. */
  public static String event(String eventName) {
    return ROOT + "events." + eventName;
  }
}
