package io.emporium.user;

import io.emporium.contract.UserAction;
import io.emporium.platform.config.ConfigKey;
import io.emporium.user.store.InMemoryUserRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/** {@link UserBus} for tests in other packages of the module. */
public final class UserBusAccess {
  private final UserBus bus;

  private UserBusAccess(UserBus bus) {
    this.bus = bus;
  }

  public static Future<UserBusAccess> start(Vertx vertx, Map<ConfigKey, String> config) {
    return UserBus.start(vertx, UserBus.config(config), new InMemoryUserRepository()).map(UserBusAccess::new);
  }

  public Future<JsonObject> call(UserAction action, JsonObject body) {
    return bus.call(action, body);
  }
}
