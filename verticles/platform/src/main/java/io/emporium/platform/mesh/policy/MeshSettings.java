package io.emporium.platform.mesh.policy;

import io.emporium.contract.ServiceName;
import io.emporium.platform.config.EmporiumConfig;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The mesh's configuration as read at start: the policy every service starts with (from the
 * {@code mesh.*} keys), per-service overrides ({@code mesh.policies}), and the health-check and
 * outlier-ejection settings, which hold for every service. Policies can change at run time; these
 * cannot.
 */
public record MeshSettings(ServicePolicy defaults, Map<ServiceName, ServicePolicy> services,
    HealthCheckSettings health, OutlierSettings outlier) {

  public MeshSettings {
    services = Map.copyOf(services);
  }

  /** The mesh's settings of this configuration, as {@link MeshConfigSection} read them. */
  public static MeshSettings of(EmporiumConfig config) {
    return config.section(MeshSettings.class);
  }

  public ServicePolicy policyFor(ServiceName service) {
    return services.getOrDefault(service, defaults);
  }

  /** The shipped defaults of {@code conf/emporium.json}, with the given call timeout. */
  public static MeshSettings defaults(int timeoutMs) {
    ServicePolicy policy = new ServicePolicy(Strategy.ROUND_ROBIN, Optional.empty(), timeoutMs, Map.of(),
        new RetrySettings(3, 25, 500, 20), new BreakerSettings(5, 5_000));
    return new MeshSettings(policy, Map.of(), new HealthCheckSettings(2_000, 1_000, 3, 2),
        new OutlierSettings(10, 10_000, 300_000));
  }

  public MeshSettings withPolicy(ServiceName service, ServicePolicy policy) {
    Map<ServiceName, ServicePolicy> next = new EnumMap<>(ServiceName.class);
    next.putAll(services);
    next.put(service, policy);
    return new MeshSettings(defaults, next, health, outlier);
  }

  public MeshSettings withHealth(HealthCheckSettings value) {
    return new MeshSettings(defaults, services, value, outlier);
  }

  public MeshSettings withOutlier(OutlierSettings value) {
    return new MeshSettings(defaults, services, health, value);
  }
}
