package io.emporium.platform.mesh.policy;

import io.emporium.platform.mesh.balance.ConsistentHash;
import io.emporium.platform.mesh.balance.LeastConnections;
import io.emporium.platform.mesh.balance.LoadBalancer;
import io.emporium.platform.mesh.balance.PowerOfTwoChoices;
import io.emporium.platform.mesh.balance.RoundRobin;
import io.emporium.platform.mesh.balance.SmoothWeighted;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** How a service's calls are spread over its instances; the wire name is what config and the API use. */
public enum Strategy {
  ROUND_ROBIN("round-robin", RoundRobin::new),
  LEAST_CONNECTIONS("least-connections", LeastConnections::new),
  WEIGHTED("weighted", SmoothWeighted::new),
  POWER_OF_TWO_CHOICES("power-of-two-choices", PowerOfTwoChoices::new),
  CONSISTENT_HASH("consistent-hash", ConsistentHash::new);

  private final String wireName;
  private final Supplier<LoadBalancer> factory;

  Strategy(String wireName, Supplier<LoadBalancer> factory) {
    this.wireName = wireName;
    this.factory = factory;
  }

  public String wireName() {
    return wireName;
  }

  /** A fresh balancer (balancers keep state such as a cursor or scores). */
  public LoadBalancer newBalancer() {
    return factory.get();
  }

  public static Optional<Strategy> fromWire(String name) {
    return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
  }

  public static List<String> wireNames() {
    return Arrays.stream(values()).map(Strategy::wireName).toList();
  }
}
