package io.emporium.product;

import io.emporium.platform.config.EmporiumConfig.InstanceSettings;
import io.emporium.platform.contract.ProductAction;
import io.emporium.platform.contract.ServiceName;
import io.emporium.platform.discovery.ServiceRegistry;
import io.emporium.platform.service.ActionDispatcher;
import io.emporium.platform.service.ServiceVerticle;
import io.emporium.platform.service.StoreHealth;

/** One instance of the product service on the bus; wires actions to the service. */
public final class ProductVerticle extends ServiceVerticle {
  private final ProductRepository repository;

  public ProductVerticle(ProductRepository repository, InstanceSettings settings, ServiceRegistry registry,
      String nodeId) {
    super(ServiceName.PRODUCT, settings, registry, nodeId);
    this.repository = repository;
  }

  @Override
  protected ActionDispatcher dispatcher() {
    ProductService products = new ProductService(repository);
    return new ActionDispatcher()
        .on(ProductAction.HEALTH, request -> StoreHealth.report(instanceId(), repository.kind(), repository.ping()))
        .on(ProductAction.GET, products::get);
  }
}
