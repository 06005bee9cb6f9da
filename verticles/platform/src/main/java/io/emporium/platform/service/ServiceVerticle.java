package io.emporium.platform.service;

import io.emporium.platform.config.EmporiumConfig.InstanceSettings;
import io.emporium.platform.contract.Addresses;
import io.emporium.platform.contract.ServiceName;
import io.emporium.platform.discovery.ServiceInstance;
import io.emporium.platform.discovery.ServiceRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.List;
import java.util.UUID;

/**
 * What every service instance does around its handlers: consume on the shared and the instance
 * address, publish its discovery record once it is ready, and on stop withdraw the record before it
 * stops consuming, so callers stop choosing it first.
 */
public abstract class ServiceVerticle extends VerticleBase {
  private final ServiceName service;
  private final InstanceSettings settings;
  private final ServiceRegistry registry;
  private final String nodeId;
  private final String instanceId = UUID.randomUUID().toString();
  private List<MessageConsumer<Object>> consumers = List.of();
  private ServiceInstance published;

  protected ServiceVerticle(ServiceName service, InstanceSettings settings, ServiceRegistry registry, String nodeId) {
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
    ActionDispatcher dispatcher = dispatcher();
    consumers = List.of(
        vertx.eventBus().consumer(Addresses.shared(service), dispatcher::dispatch),
        vertx.eventBus().consumer(Addresses.instance(service, instanceId), dispatcher::dispatch));
    ServiceInstance instance = ServiceInstance.create(service, instanceId, settings.version(), settings.weight(), nodeId);
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList())
        .compose(v -> registry.publish(instance))
        .onSuccess(v -> published = instance);
  }

  @Override
  public Future<?> stop() {
    Future<Void> withdrawn = published == null ? Future.succeededFuture() : registry.unpublish(published);
    return withdrawn.recover(e -> Future.succeededFuture())
        .compose(v -> Future.join(consumers.stream().map(MessageConsumer::unregister).toList()));
  }
}
