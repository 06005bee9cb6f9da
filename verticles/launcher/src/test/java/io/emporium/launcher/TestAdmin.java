package io.emporium.launcher;

import io.emporium.contract.Addresses;
import io.emporium.contract.Headers;
import io.emporium.contract.ServiceName;
import io.emporium.contract.UserAction;
import io.emporium.platform.config.ConfigKey;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real admin for a test system: the bootstrap admin of the configuration, signed in through the
 * system's own user service. Admin actions on the catalogue need one: the product service confirms
 * every admin caller with the user service, so a token made up for an unknown id is refused.
 */
public final class TestAdmin {
  public static final String EMAIL = "catalogue-admin@emporium.test";
  public static final String PASSWORD = "Porcelain-espresso-cups-42";

  private TestAdmin() {}

  /** The settings that make the bootstrap admin exist at start. */
  public static Map<ConfigKey, String> config() {
    return Map.of(ConfigKey.ADMIN_EMAIL, EMAIL, ConfigKey.ADMIN_PASSWORD, PASSWORD);
  }

  /** An access token of the bootstrap admin, from {@code user.login} on the system's bus. */
  public static String token(RunningSystem system) {
    try {
      Message<JsonObject> reply = system.vertx().eventBus().<JsonObject>request(Addresses.shared(ServiceName.USER),
          new JsonObject().put("email", EMAIL).put("password", PASSWORD),
          new DeliveryOptions().addHeader(Headers.ACTION, UserAction.LOGIN.wireName()).setSendTimeout(10_000))
          .await(15, TimeUnit.SECONDS);
      return reply.body().getString("accessToken");
    } catch (Exception e) {
      throw new IllegalStateException("the bootstrap admin could not sign in (is admin.email set?)", e);
    }
  }
}
