package io.emporium.platform.mesh.policy;

import io.emporium.contract.Action;
import io.emporium.contract.ProductAction;
import io.emporium.contract.ServiceName;
import io.emporium.contract.UserAction;
import java.util.List;
import java.util.Optional;

/** The actions of each service, as the mesh needs them: to probe health and to name per-action timeouts. */
public final class ServiceActions {
  private ServiceActions() {}

  public static List<Action> of(ServiceName service) {
    return switch (service) {
      case PRODUCT -> List.of(ProductAction.values());
      case USER -> List.of(UserAction.values());
      case ORDER -> List.of(io.emporium.contract.OrderAction.values());
    };
  }

  /** The action every instance answers to say it is alive. */
  public static Action health(ServiceName service) {
    return switch (service) {
      case PRODUCT -> ProductAction.HEALTH;
      case USER -> UserAction.HEALTH;
      case ORDER -> io.emporium.contract.OrderAction.HEALTH;
    };
  }

  public static Optional<Action> find(ServiceName service, String wireName) {
    return of(service).stream().filter(a -> a.wireName().equals(wireName)).findFirst();
  }
}
