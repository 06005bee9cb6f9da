package io.emporium.user;

import io.emporium.platform.discovery.ServiceDirectory;
import io.emporium.platform.discovery.ServiceInstance;
import io.emporium.platform.discovery.ServiceRegistry;
import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Discovery is not under test in this module: this registry only remembers what it was told. */
final class NoDiscovery implements ServiceRegistry {
  final List<ServiceInstance> published = new CopyOnWriteArrayList<>();
  final List<ServiceInstance> unpublished = new CopyOnWriteArrayList<>();

  @Override
  public Future<Void> publish(ServiceInstance instance) {
    published.add(instance);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> unpublish(ServiceInstance instance) {
    unpublished.add(instance);
    return Future.succeededFuture();
  }

  @Override
  public ServiceDirectory directory() {
    throw new UnsupportedOperationException("not used by service verticles");
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
