package io.emporium.user;

import io.emporium.platform.config.EmporiumConfig.InstanceSettings;
import io.emporium.platform.contract.ServiceName;
import io.emporium.platform.contract.UserAction;
import io.emporium.platform.discovery.ServiceRegistry;
import io.emporium.platform.service.ActionDispatcher;
import io.emporium.platform.service.ServiceVerticle;
import io.emporium.platform.service.StoreHealth;

/** One instance of the user service on the bus; wires actions to the service. */
public final class UserVerticle extends ServiceVerticle {
  private final UserRepository repository;

  public UserVerticle(UserRepository repository, InstanceSettings settings, ServiceRegistry registry, String nodeId) {
    super(ServiceName.USER, settings, registry, nodeId);
    this.repository = repository;
  }

  @Override
  protected ActionDispatcher dispatcher() {
    UserService users = new UserService(repository);
    return new ActionDispatcher()
        .on(UserAction.HEALTH, request -> StoreHealth.report(instanceId(), repository.kind(), repository.ping()))
        .on(UserAction.GET, users::get);
  }
}
