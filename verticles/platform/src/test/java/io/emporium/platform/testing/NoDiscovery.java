package io.emporium.platform.testing;

import io.emporium.platform.discovery.ServiceDirectory;
import io.emporium.platform.discovery.ServiceInstance;
import io.emporium.platform.discovery.ServiceRegistry;
import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** For tests of service verticles, where discovery is not under test: it only remembers what it was told. */
public final class NoDiscovery implements ServiceRegistry {
  private final ServiceDirectory directory = new ServiceDirectory();

  public final List<ServiceInstance> published = new CopyOnWriteArrayList<>();
  public final List<ServiceInstance> unpublished = new CopyOnWriteArrayList<>();

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
  public Future<Void> repair() {
    return Future.succeededFuture();
  }

  @Override
  public ServiceDirectory directory() {
    // Service verticles register their event loop here; nothing reads it.
    return directory;
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
