package io.emporium.order;

import io.emporium.contract.OrderAction;
import io.emporium.contract.ServiceName;
import io.emporium.order.actions.CartActions;
import io.emporium.order.actions.Checkout;
import io.emporium.order.actions.Lifecycle;
import io.emporium.order.actions.OrderReads;
import io.emporium.order.catalogue.Catalogue;
import io.emporium.order.store.OrderStore;
import io.emporium.platform.config.EmporiumConfig.InstanceSettings;
import io.emporium.platform.discovery.ServiceRegistry;
import io.emporium.platform.service.ActionDispatcher;
import io.emporium.platform.service.ServiceVerticle;
import io.emporium.platform.service.StoreHealth;

/** One instance of the order service on the bus; wires actions to the service's classes. */
public final class OrderVerticle extends ServiceVerticle {
  private final OrderModule module;

  public OrderVerticle(OrderModule module, InstanceSettings instance, ServiceRegistry registry, String nodeId) {
    super(ServiceName.ORDER, instance, registry, nodeId, module.callers());
    this.module = module;
  }

  @Override
  protected ActionDispatcher dispatcher() {
    OrderStore store = module.store();
    Catalogue catalogue = module.catalogue();
    CartActions cart = new CartActions(store, catalogue);
    Checkout checkout = new Checkout(store, catalogue, module.settings().paymentWindowSeconds(), module.meters(),
        module.crashPoints());
    OrderReads reads = new OrderReads(store);
    Lifecycle lifecycle = module.lifecycle();
    OrderMeters meters = module.meters();
    return new ActionDispatcher()
        .on(OrderAction.HEALTH, request -> StoreHealth.report(instanceId(), store.kind(), store.ping()))
        .on(OrderAction.CART_GET, cart::get)
        .on(OrderAction.CART_SET_ITEM, cart::setItem)
        .on(OrderAction.CART_CLEAR, cart::clear)
        .on(OrderAction.PLACE, meters.checkout(checkout::place))
        .on(OrderAction.GET, reads::get)
        .on(OrderAction.LIST, reads::mine)
        .on(OrderAction.ADMIN_LIST, reads::all)
        .on(OrderAction.CANCEL, lifecycle::cancel)
        .on(OrderAction.ADMIN_PAID, lifecycle::paid)
        .on(OrderAction.ADMIN_SHIPPED, lifecycle::shipped)
        .on(OrderAction.ADMIN_DELIVERED, lifecycle::delivered)
        .on(OrderAction.ADMIN_QUEUE_STATS, reads::queueStats);
  }
}
