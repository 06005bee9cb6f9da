package io.emporium.product;

import io.emporium.contract.ProductAction;
import io.emporium.contract.ServiceName;
import io.emporium.platform.config.EmporiumConfig.InstanceSettings;
import io.emporium.platform.discovery.ServiceRegistry;
import io.emporium.platform.metrics.EmporiumMetrics;
import io.emporium.platform.security.CallerSignatures;
import io.emporium.platform.service.ActionDispatcher;
import io.emporium.platform.service.Counted;
import io.emporium.platform.service.ServiceVerticle;
import io.emporium.platform.service.StoreHealth;
import io.emporium.product.actions.AdminCallers;
import io.emporium.product.actions.CatalogueActions;
import io.emporium.product.actions.CatalogueAdminActions;
import io.emporium.product.actions.StockActions;
import io.emporium.product.store.ProductRepository;

/** One instance of the product service on the bus; wires actions to the service's classes. */
public final class ProductVerticle extends ServiceVerticle {
  private final ProductRepository repository;
  private final ProductSettings settings;

  /** With the JVM's module (its repository and settings). */
  public ProductVerticle(ProductModule module, InstanceSettings instance, ServiceRegistry registry, String nodeId) {
    this(module.repository(), module.settings(), instance, registry, nodeId, module.callers());
  }

  /** Over a given repository with default settings (tests). */
  public ProductVerticle(ProductRepository repository, InstanceSettings instance, ServiceRegistry registry,
      String nodeId, CallerSignatures callers) {
    this(repository, ProductSettings.defaults(), instance, registry, nodeId, callers);
  }

  /** @param callers checks the signed caller identity of each message */
  public ProductVerticle(ProductRepository repository, ProductSettings settings, InstanceSettings instance,
      ServiceRegistry registry, String nodeId, CallerSignatures callers) {
    super(ServiceName.PRODUCT, instance, registry, nodeId, callers);
    this.repository = repository;
    this.settings = settings;
  }

  @Override
  protected ActionDispatcher dispatcher() {
    CatalogueActions catalogue = new CatalogueActions(repository, settings.currency());
    CatalogueAdminActions admin = new CatalogueAdminActions(repository, settings.currency(), settings.lowStockThreshold());
    StockActions stock = new StockActions(repository, settings.reservationTtlSeconds(), settings.lowStockThreshold());
    // Every admin action first confirms with the user service that the caller is still an active admin.
    AdminCallers admins = new AdminCallers(vertx, settings.adminCheck());
    ProductMeters metrics = new ProductMeters(EmporiumMetrics.of(vertx));
    return new ActionDispatcher()
        .on(ProductAction.HEALTH, request -> StoreHealth.report(instanceId(), repository.kind(), repository.ping()))
        .on(ProductAction.GET, catalogue::get)
        .on(ProductAction.LIST, catalogue::list)
        .on(ProductAction.SEARCH, catalogue::search)
        .on(ProductAction.FEATURED, catalogue::featured)
        .on(ProductAction.CATEGORIES, catalogue::categories)
        .on(ProductAction.CATEGORY, catalogue::category)
        .on(ProductAction.ADMIN_CREATE, admins.only(Counted.onSuccess(admin::create, metrics::productCreated)))
        .on(ProductAction.ADMIN_UPDATE, admins.only(admin::update))
        .on(ProductAction.ADMIN_DELETE, admins.only(admin::delete))
        .on(ProductAction.ADMIN_SET_FEATURED, admins.only(admin::setFeatured))
        .on(ProductAction.ADMIN_ADJUST_STOCK, admins.only(Counted.onSuccess(stock::adjust,
            () -> metrics.stockChanged("adjust"))))
        .on(ProductAction.ADMIN_BULK, admins.only(admin::bulk))
        .on(ProductAction.ADMIN_CATEGORY_CREATE, admins.only(admin::createCategory))
        .on(ProductAction.ADMIN_CATEGORY_DELETE, admins.only(admin::deleteCategory))
        .on(ProductAction.ADMIN_AUDIT, admins.only(admin::audit))
        .on(ProductAction.ADMIN_QUEUE_STATS, admins.only(admin::queueStats))
        .on(ProductAction.STOCK_RESERVE, Counted.onSuccess(stock::reserve, () -> metrics.stockChanged("reserve")))
        .on(ProductAction.STOCK_CONFIRM, Counted.onSuccess(stock::confirm, () -> metrics.stockChanged("confirm")))
        .on(ProductAction.STOCK_RELEASE, Counted.onSuccess(stock::release, () -> metrics.stockChanged("release")))
        .on(ProductAction.STOCK_RETURN, Counted.onSuccess(stock::returnSold, () -> metrics.stockChanged("return")));
  }
}
