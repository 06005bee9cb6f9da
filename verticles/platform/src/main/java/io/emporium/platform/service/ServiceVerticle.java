package io.emporium.platform.service;

import io.emporium.contract.Addresses;
import io.emporium.contract.ErrorCode;
import io.emporium.contract.Headers;
import io.emporium.contract.ServiceError;
import io.emporium.contract.ServiceName;
import io.emporium.platform.config.EmporiumConfig.InstanceSettings;
import io.emporium.platform.discovery.ServiceInstance;
import io.emporium.platform.discovery.ServiceRegistry;
import io.emporium.platform.metrics.EmporiumMetrics;
import io.emporium.platform.security.CallerSignatures;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every service instance does around its handlers: consume on the shared and the instance
 * address, publish its discovery record once it is ready, and stop in an order that loses no call:
 * withdraw the record, keep consuming (in a cluster) while the other JVMs learn of it, stop
 * consuming, then wait (bounded by the drain time) until every message taken has been answered. A message that names a caller without a valid
 * signature from a gateway of this cluster is refused as a whole (UNAUTHORIZED) before any handler
 * sees it: a process on the bus cannot claim to be someone by setting headers.
 */
public abstract class ServiceVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceVerticle.class);
  /** Discovery announcements reach the other JVMs in 0.1-0.5 s on loopback; twice that for loaded hosts. */
  private static final long WITHDRAWAL_SETTLE_MS = 1_000;
  private final InFlightMessages inFlight = new InFlightMessages();
  private final ServiceName service;
  private final InstanceSettings settings;
  private final ServiceRegistry registry;
  private final String nodeId;
  private final CallerSignatures callers;
  private final String instanceId = UUID.randomUUID().toString();
  private List<MessageConsumer<Object>> consumers = List.of();
  private ServiceInstance published;

  protected ServiceVerticle(ServiceName service, InstanceSettings settings, ServiceRegistry registry, String nodeId,
      CallerSignatures callers) {
    this.callers = callers;
    this.service = service;
    this.settings = settings;
    this.registry = registry;
    this.nodeId = nodeId;
  }

  /** The handlers of this service; called once per instance at start. */
  protected abstract ActionDispatcher dispatcher();

  public String instanceId() {
    return instanceId;
  }

  @Override
  public Future<?> start() {
    ActionDispatcher dispatcher = dispatcher().limitBodyTo(settings.maxRequestBytes());
    EmporiumMetrics.of(vertx).declareCallerRefusals(service.wireName());
    consumers = List.of(
        vertx.eventBus().consumer(Addresses.shared(service), message -> receive(message, dispatcher)),
        vertx.eventBus().consumer(Addresses.instance(service, instanceId), message -> receive(message, dispatcher)));
    ServiceInstance instance = ServiceInstance.create(service, instanceId, settings.version(), settings.weight(), nodeId);
    Thread loop = Thread.currentThread();
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList())
        .onSuccess(v -> registry.directory().localLoops().consumingOn(instanceId, loop))
        .compose(v -> registry.publish(instance))
        .onSuccess(v -> published = instance);
  }

  private void receive(Message<Object> message, ActionDispatcher dispatcher) {
    String action = message.headers().get(Headers.ACTION);
    Optional<String> refusal = callers.refusal(action == null ? "" : action, message.headers());
    if (refusal.isPresent()) {
      EmporiumMetrics.of(vertx).callerRefused(service.wireName());
      LOG.warn("{} refused a message for action {} (request {}): {}", service.wireName(), action,
          message.headers().get(Headers.REQUEST_ID), refusal.get());
      ServiceError error = ServiceError.of(ErrorCode.UNAUTHORIZED,
          "the caller identity is not signed by a gateway of this cluster, or its signature expired");
      message.fail(error.code().failureCode(), error.toJson().encode());
      return;
    }
    inFlight.started();
    dispatcher.dispatch(message).onComplete(done -> inFlight.finished());
  }

  @Override
  public Future<?> stop() {
    registry.directory().localLoops().gone(instanceId);
    Future<Void> withdrawn = published == null ? Future.succeededFuture() : registry.unpublish(published);
    return withdrawn.recover(e -> Future.succeededFuture())
        .compose(v -> withdrawalSettled())
        .compose(v -> Future.join(consumers.stream().map(MessageConsumer::unregister).toList()))
        .compose(v -> inFlight.drained(vertx, settings.drainMs()))
        .onSuccess(unanswered -> {
          if (unanswered > 0) {
            LOG.warn("{} instance {} stopped with {} messages unanswered after {} ms of drain", service.wireName(),
                instanceId, unanswered, settings.drainMs());
          }
        });
  }

  /** Other JVMs choose instances from their own view of discovery: give the withdrawal time to reach them. */
  private Future<Void> withdrawalSettled() {
    long wait = Math.min(WITHDRAWAL_SETTLE_MS, settings.drainMs());
    if (published == null || !vertx.isClustered() || wait <= 0) {
      return Future.succeededFuture();
    }
    return vertx.timer(wait).mapEmpty();
  }
}
