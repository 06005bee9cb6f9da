package io.emporium.platform.mesh;

import io.emporium.platform.contract.Action;
import io.emporium.platform.contract.ErrorCode;
import io.emporium.platform.contract.Headers;
import io.emporium.platform.contract.ServiceError;
import io.emporium.platform.contract.ServiceName;
import io.emporium.platform.discovery.ServiceDirectory;
import io.emporium.platform.discovery.ServiceInstance;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Calls a service over the event bus: picks a live instance from the directory (round-robin), sends
 * with a timeout, and reads failures as contract errors. An instance whose address has no consumer
 * any more is dropped from the view at once; idempotent actions then go to another instance.
 */
public final class MeshClient {
  private final Vertx vertx;
  private final ServiceDirectory directory;
  private final long timeoutMs;
  private final Map<ServiceName, AtomicInteger> cursors = new EnumMap<>(ServiceName.class);

  public MeshClient(Vertx vertx, ServiceDirectory directory, long timeoutMs) {
    this.vertx = vertx;
    this.directory = directory;
    this.timeoutMs = timeoutMs;
    for (ServiceName service : ServiceName.values()) {
      cursors.put(service, new AtomicInteger());
    }
  }

  public Future<JsonObject> call(Action action, JsonObject payload, CallContext context) {
    return attempt(action, payload, context, new HashSet<>());
  }

  /** Sends to one given instance, bypassing balancing (health probes use this). */
  public Future<JsonObject> callInstance(ServiceInstance instance, Action action, JsonObject payload,
      CallContext context, long timeoutMs) {
    return vertx.eventBus().<JsonObject>request(instance.address(), payload, deliveryOptions(action, context, timeoutMs))
        .map(Message::body)
        .recover(e -> Future.failedFuture(ServiceError.from(e).toException()));
  }

  private Future<JsonObject> attempt(Action action, JsonObject payload, CallContext context, Set<String> tried) {
    List<ServiceInstance> candidates = directory.instances(action.service()).stream()
        .filter(i -> !tried.contains(i.instanceId())).toList();
    if (candidates.isEmpty()) {
      return Future.failedFuture(ServiceError.of(ErrorCode.UNAVAILABLE,
          "no instance of the " + action.service().wireName() + " service is available").toException());
    }
    ServiceInstance chosen = candidates.get(Math.floorMod(cursors.get(action.service()).getAndIncrement(),
        candidates.size()));
    return vertx.eventBus().<JsonObject>request(chosen.address(), payload, deliveryOptions(action, context, timeoutMs))
        .map(Message::body)
        .recover(e -> {
          if (isGone(e)) {
            directory.remove(chosen.instanceId());
            if (action.idempotent()) {
              tried.add(chosen.instanceId());
              return attempt(action, payload, context, tried);
            }
          }
          return Future.failedFuture(ServiceError.from(e).toException());
        });
  }

  private static boolean isGone(Throwable e) {
    return e instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS;
  }

  private static DeliveryOptions deliveryOptions(Action action, CallContext context, long timeoutMs) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMs)
        .addHeader(Headers.ACTION, action.wireName())
        .addHeader(Headers.REQUEST_ID, context.requestId());
    context.callerId().ifPresent(id -> options.addHeader(Headers.CALLER_ID, id));
    if (!context.callerRoles().isEmpty()) {
      options.addHeader(Headers.CALLER_ROLES, String.join(",", context.callerRoles()));
    }
    context.clientIp().ifPresent(ip -> options.addHeader(Headers.CLIENT_IP, ip));
    // Header values must not carry control characters; a hostile User-Agent is cut, not refused.
    context.userAgent().map(agent -> agent.replaceAll("\\p{Cntrl}", ""))
        .map(clean -> clean.length() > 256 ? clean.substring(0, 256) : clean)
        .ifPresent(agent -> options.addHeader(Headers.USER_AGENT, agent));
    return options;
  }
}
