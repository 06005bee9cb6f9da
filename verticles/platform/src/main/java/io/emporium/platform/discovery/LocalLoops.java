package io.emporium.platform.discovery;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The event-loop thread each service instance of this JVM consumes its messages on. A caller on the same
 * loop as the instance it sends to gets its answer without either side waking another thread: the bus
 * hands the message to the consumer's context, and when that context runs on the caller's own thread there
 * is no wake-up, no queue hand-off and no second context switch for the reply.
 */
public final class LocalLoops {
  private final Map<String, Thread> loopByInstance = new ConcurrentHashMap<>();

  /** The instance consumes on {@code loop} from now on (called once its consumers are registered). */
  public void consumingOn(String instanceId, Thread loop) {
    loopByInstance.put(instanceId, loop);
  }

  /** The instance stops consuming (called as its stop begins, before its record is withdrawn). */
  public void gone(String instanceId) {
    loopByInstance.remove(instanceId);
  }

  /** The event loop the instance consumes on, or null when it is not an instance of this JVM. */
  public Thread loopOf(String instanceId) {
    return loopByInstance.get(instanceId);
  }
}
